"""The settlement page of a run (结果确认与公布): the party committee decides the ties and confirms the version; HR
posts the 优秀 candidates and publishes. Everyone who may see the run sees where it stands; each role gets the
forms of its own steps, and a refusal is shown with its reason on the same page."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments.models import Publication, ResultRun, TieDecision
from assessments.results.display import grade_label
from assessments.selectors.final import excellent_candidates
from assessments.selectors.publication import publication_for
from assessments.selectors.readiness import run_completeness
from assessments.selectors.results import result_list, run_list
from assessments.selectors.ties import tie_groups
from assessments.services.publication import (
    POSTING_WORKING_DAYS,
    posting_end,
    posting_start,
    publication_publish,
    run_confirm,
)
from assessments.services.ties import tie_group_decide
from common.audit import audit_log_for
from common.errors import ApplicationError
from common.workdays import format_date
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import organization_wide_hr

VIEWERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
PUBLISHERS = (ROLE_ADMIN, ROLE_HR)
# The posting list on the page; the whole list is in the exports.
CANDIDATES_SHOWN = 200


class TieForm(forms.Form):
    """One group's ties of one kind; `chosen` are the cadre ids ticked (the service checks they are the tied)."""

    group = forms.IntegerField()
    kind = forms.ChoiceField(choices=TieDecision.Kind.choices)
    reason = forms.CharField(
        label=gettext_lazy("裁定理由"),
        widget=forms.Textarea,
        error_messages={"required": gettext_lazy("请填写裁定理由。")},
    )


class PostingForm(forms.Form):
    start_date = forms.DateField(label=gettext_lazy("公示开始日期"))


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("公布日期"), error_messages={"required": gettext_lazy("请填写公布日期。")}
    )


def _first_error(form) -> str:
    return next(iter(e for errors in form.errors.values() for e in errors), _("填写有误。"))


def _run_for(request, pk: int) -> ResultRun:
    return get_object_or_404(run_list(user=request.user).select_related("scheme"), pk=pk)


def _url_or_empty(name: str, **kwargs) -> str:
    # The results list and run pages belong to another part of the app; link them when they exist.
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _zh(day) -> str:
    return format_date(day) if day else ""


def _scoped_completeness(run: ResultRun, scoped):
    """The version's gaps, listing only the items about cadres the reader may see (their count says the rest)."""
    return run_completeness(run).within(set(scoped.values_list("cadre_id", flat=True)))


def _context(request, run: ResultRun, *, errors: dict | None = None, posted: dict | None = None) -> dict:
    errors, posted = errors or {}, posted or {}
    roles = get_roles(request.user)
    publication = publication_for(organization_id=run.organization_id, year=run.year)
    this_confirmed = publication is not None and publication.run_id == run.pk
    published = publication is not None and publication.state == Publication.State.PUBLISHED
    scoped = result_list(user=request.user, run=run)
    groups = tie_groups(run, scoped)
    whole_year = run.status == ResultRun.Status.SUCCEEDED and run.group_id is None
    decidable = whole_year and not this_confirmed and not published
    # A published year moved to this version by an appeal: its ties not yet decided are decided once.
    first_decision_only = whole_year and published and this_confirmed
    committee_here = run.organization_id in roles.organization_ids(ROLE_COMMITTEE)
    for g in groups:
        g.editable = committee_here and (decidable or (first_decision_only and not g.complete))
        g.chosen_ids = {r.cadre_id for r, d in g.rows if d is not None and d.chosen}
        g.error = ""
        if posted.get("tie") == (g.group_id, g.kind):
            g.error = errors.get("tie", "")
            g.chosen_ids = set(posted.get("chosen", ()))
            g.reason_value = posted.get("reason", "")
        else:
            g.reason_value = g.reason
    candidates = list(excellent_candidates(run, scoped)[: CANDIDATES_SHOWN + 1])
    for c in candidates:
        c.grade_text = grade_label("1", run.scheme)
    today = timezone.localdate()
    completeness = _scoped_completeness(run, scoped) if whole_year and not published else None
    return {
        "run": run,
        "stale": completeness.stale if completeness else False,
        "completeness": completeness,
        "home_url": _url_or_empty("assessments:results_home"),
        "run_url": _url_or_empty("assessments:results_run", pk=run.pk),
        "publication": publication,
        "this_confirmed": this_confirmed,
        "published": published,
        "other_confirmed": publication is not None and not this_confirmed,
        "groups": groups,
        "undecided": sum(g.ties - g.decided for g in groups),
        "can_confirm": decidable and (run.organization_id, None) in roles.scopes.get(ROLE_COMMITTEE, []),
        "is_hr": organization_wide_hr(request.user, run.organization_id),
        "candidates": candidates[:CANDIDATES_SHOWN],
        "more_candidates": len(candidates) > CANDIDATES_SHOWN,
        "today": today,
        "posting_days": POSTING_WORKING_DAYS,
        "posting_end_if_today": format_date(posting_end(today)),
        "posted_on_zh": _zh(publication and publication.posted_on),
        "posting_ends_zh": _zh(publication and publication.posting_ends_on),
        "published_on_zh": _zh(publication and publication.published_on),
        "posting_over": bool(publication and publication.posting_ends_on and today > publication.posting_ends_on),
        "posting_form_value": posted.get("start_date", today.isoformat()),
        # A posting starts no earlier than the confirmation of the version it posts.
        "posting_earliest": timezone.localdate(publication.confirmed_at)
        if publication is not None and publication.confirmed_at
        else today,
        "posting_earliest_zh": format_date(
            timezone.localdate(publication.confirmed_at)
            if publication is not None and publication.confirmed_at
            else today
        ),
        "publish_form_value": posted.get("published_on", today.isoformat()),
        "errors": errors,
        "audit": audit_log_for(publication)[:50] if this_confirmed else [],
    }


def _render(request, run, **kwargs):
    return render(request, "assessments/results_workflow.html", _context(request, run, **kwargs))


def _back(run: ResultRun):
    return redirect(reverse("assessments:results_settle", kwargs={"pk": run.pk}))


@role_required(*VIEWERS)
def results_settle(request, pk):
    return _render(request, _run_for(request, pk))


@require_POST
@role_required(ROLE_COMMITTEE)
def results_ties_decide(request, pk):
    run = _run_for(request, pk)
    form = TieForm(request.POST)
    chosen = [pk for pk in (_int(v) for v in request.POST.getlist("chosen")) if pk is not None]
    if not form.is_valid():
        error = _first_error(form)
    else:
        data = form.cleaned_data
        try:
            tie_group_decide(
                run=run,
                group_id=data["group"],
                kind=data["kind"],
                chosen_cadre_ids=chosen,
                reason=data["reason"],
                actor=request.user,
            )
        except ApplicationError as e:
            error = e.message
        else:
            messages.success(request, _("已记录党组(党委)的裁定。"))
            return _back(run)
    posted = {
        "tie": (_int(request.POST.get("group")), request.POST.get("kind")),
        "chosen": chosen,
        "reason": request.POST.get("reason", ""),
    }
    return _render(request, run, errors={"tie": error}, posted=posted)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@require_POST
@role_required(ROLE_COMMITTEE)
def results_confirm(request, pk):
    run = _run_for(request, pk)
    try:
        run_confirm(run=run, actor=request.user)
    except ApplicationError as e:
        return _render(request, run, errors={"confirm": e.message})
    messages.success(request, _("已确认第%(version)s版考核结果。") % {"version": run.version})
    return _back(run)


def _publication_of(run: ResultRun) -> Publication | None:
    publication = publication_for(organization_id=run.organization_id, year=run.year)
    return publication if publication is not None and publication.run_id == run.pk else None


def _require_organization_hr(request, run: ResultRun) -> None:
    """Posting and publication are for HR of the whole organization (they act on every group of the year)."""
    if not organization_wide_hr(request.user, run.organization_id):
        raise PermissionDenied


@require_POST
@role_required(*PUBLISHERS)
def results_posting_start(request, pk):
    run = _run_for(request, pk)
    _require_organization_hr(request, run)
    form = PostingForm(request.POST)
    publication = _publication_of(run)
    error = ""
    if publication is None:
        error = _("本版本结果尚未经党组(党委)确认,不能公示。")
    elif not form.is_valid():
        error = _first_error(form)
    else:
        try:
            publication = posting_start(
                publication=publication, actor=request.user, start_date=form.cleaned_data["start_date"]
            )
        except ApplicationError as e:
            error = e.message
        else:
            messages.success(
                request,
                _("优秀人选公示已开始,公示至%(date)s截止。") % {"date": format_date(publication.posting_ends_on)},
            )
            return _back(run)
    return _render(request, run, errors={"posting": error}, posted={"start_date": request.POST.get("start_date", "")})


@require_POST
@role_required(*PUBLISHERS)
def results_publish(request, pk):
    run = _run_for(request, pk)
    _require_organization_hr(request, run)
    form = PublishForm(request.POST)
    publication = _publication_of(run)
    error = ""
    if publication is None:
        error = _("本版本结果尚未经党组(党委)确认,不能公布。")
    elif not form.is_valid():
        error = _first_error(form)
    else:
        published_on: datetime.date = form.cleaned_data["published_on"]
        try:
            publication_publish(publication=publication, published_on=published_on, actor=request.user)
        except ApplicationError as e:
            error = e.message
        else:
            messages.success(request, _("%(year)s年度考核结果已公布,已通知本版本的全部干部。") % {"year": run.year})
            return _back(run)
    return _render(
        request, run, errors={"publish": error}, posted={"published_on": request.POST.get("published_on", "")}
    )


urlpatterns = [
    path("results/runs/<int:pk>/settle/", results_settle, name="results_settle"),
    path("results/runs/<int:pk>/settle/ties/", results_ties_decide, name="results_ties_decide"),
    path("results/runs/<int:pk>/settle/confirm/", results_confirm, name="results_confirm"),
    path("results/runs/<int:pk>/settle/posting/", results_posting_start, name="results_posting_start"),
    path("results/runs/<int:pk>/settle/publish/", results_publish, name="results_publish"),
]
