"""The public vote page: no login (a rater has only a code), CSRF on, nothing cached, no session.

The code travels only in POST bodies — typed into the first page's form (or put there by the page's script from the
`#code=` fragment a slip's QR code carries) and carried by the ballot form in a hidden field — so no URL, and so no
access log, ever holds it. Nothing here writes a session, a message or a log line; a refused code says why.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ballots import codes, scales
from ballots.selectors.evaluations import public_evaluation
from ballots.selectors.voting import ballot_form, code_for_vote, window_refusal
from ballots.services.voting import ballot_cast
from common.errors import ApplicationError


def login_exempt(view):
    """Open to anyone: the vote page admits raters who have no account (common.middleware)."""
    view.login_exempt = True
    return view


def _evaluation(key: str):
    evaluation = public_evaluation(key=key)
    if evaluation is None:
        raise Http404
    return evaluation


def _code_page(request, evaluation, *, typed: str = "", error: str = "", status: int = 200):
    context = {
        "evaluation": evaluation,
        "refusal": window_refusal(evaluation),
        "typed": typed,
        "error": error,
        "code_length": codes.LENGTH,
    }
    return render(request, "ballots/vote_code.html", context, status=status)


def _rows(form, values: dict, errors: dict):
    """Per subject, per item: the item, the field's name, the value given, its error, and the options."""
    rows = []
    for subject in form.subjects:
        cells = []
        for item in form.items:
            name = f"a-{subject.pk}-{item.pk}"
            cells.append(
                {
                    "item": item,
                    "name": name,
                    "value": values.get(name, ""),
                    "error": (errors.get(name) or [""])[0],
                    "options": scales.options_of(item.scale),
                }
            )
        rows.append((subject, cells))
    return rows


def _render_ballot(request, evaluation, ballot_code, typed, *, values=None, errors=None, message=""):
    form = ballot_form(evaluation)
    context = {
        "evaluation": evaluation,
        "code": codes.normalize(typed),
        "category": ballot_code.category,
        "rows": _rows(form, values or {}, errors or {}),
        "cap": form.cap,
        "top_labels": form.top_labels(),
        "message": message,
    }
    return render(request, "ballots/vote_ballot.html", context)


@login_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, key):
    """GET: the page where a code is typed. POST: the code checked (nothing written), then the ballot form."""
    evaluation = _evaluation(key)
    if request.method == "GET":
        return _code_page(request, evaluation)
    typed = request.POST.get("code", "")
    try:
        ballot_code = code_for_vote(evaluation=evaluation, typed=typed)
    except ApplicationError as e:
        return _code_page(request, evaluation, typed=typed, error=e.message)
    return _render_ballot(request, evaluation, ballot_code, typed)


def _answers(request, form) -> tuple[dict, dict]:
    """({subject id: {item id: value}}, {field name: value}) from the POST body."""
    answers, values = {}, {}
    for subject in form.subjects:
        for item in form.items:
            name = f"a-{subject.pk}-{item.pk}"
            value = request.POST.get(name, "").strip()
            values[name] = value
            if value:
                answers.setdefault(subject.pk, {})[item.pk] = value
    return answers, values


@login_exempt
@never_cache
@require_POST
def vote_submit(request, key):
    evaluation = _evaluation(key)
    typed = request.POST.get("code", "")
    try:
        ballot_code = code_for_vote(evaluation=evaluation, typed=typed)
    except ApplicationError as e:
        return _code_page(request, evaluation, typed=typed, error=e.message)
    answers, values = _answers(request, ballot_form(evaluation))
    try:
        ballot_cast(evaluation=evaluation, code=typed, answers=answers)
    except ApplicationError as e:
        if "code" in e.field_errors:
            return _code_page(request, evaluation, typed=typed, error=e.message)
        return _render_ballot(
            request, evaluation, ballot_code, typed, values=values, errors=e.field_errors, message=e.message
        )
    return render(request, "ballots/vote_done.html", {"evaluation": evaluation})


urlpatterns = [
    path("vote/<str:key>/", vote, name="vote"),
    path("vote/<str:key>/submit/", vote_submit, name="vote_submit"),
]
