"""Pages of evaluations: the list, setting one up, its page (form, turnout, codes, the steps on) and the steps.

HR and the party committee read the evaluations of their units; HR of those units runs them.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ballots.forms.codes import BatchVoidForm, VoidForm
from ballots.forms.evaluations import EvaluationForm, RescheduleForm
from ballots.models import Evaluation
from ballots.selectors import evaluations as selectors
from ballots.selectors.turnout import batch_list, turnout
from ballots.services.evaluations import (
    close_problems,
    evaluation_close,
    evaluation_create,
    evaluation_publish,
    evaluation_reschedule,
    evaluation_update,
    publish_problems,
)
from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from org import selectors as org_selectors
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles

READERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
WRITERS = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50


def can_write(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)


def vote_url(request, evaluation: Evaluation) -> str:
    return request.build_absolute_uri(reverse("ballots:vote", kwargs={"key": evaluation.public_key}))


@role_required(*READERS)
def evaluation_list(request):
    qs = selectors.evaluation_list(user=request.user)
    state = request.GET.get("state", "")
    if state in Evaluation.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "states": Evaluation.State.choices,
        "state": state,
        "can_write": can_write(request.user),
        "now": timezone.now(),
    }
    return render(request, "ballots/evaluation_list.html", context)


def _show_errors(form: EvaluationForm, error: ApplicationError) -> None:
    renamed = {}
    for key, found in error.field_errors.items():
        renamed.setdefault(form.error_key(key), []).extend(found if isinstance(found, list | tuple) else [found])
    add_error_to_form(form, ApplicationError(error.message, field_errors=renamed))


def _setup_page(request, evaluation: Evaluation | None):
    units = selectors.organizing_units(user=request.user)
    groups = org_selectors.group_list(user=request.user).order_by("-year", "name")
    year = timezone.localdate().year
    if request.method == "POST":
        form = EvaluationForm(request.POST, units=units, groups=groups, evaluation=evaluation)
        if form.is_valid():
            unit = evaluation.unit if evaluation is not None else form.cleaned_data["unit"]
            subjects = form.subjects(cadres=selectors.cadres_under(unit))
            values = {
                "title": form.cleaned_data["title"],
                "year": form.cleaned_data["year"],
                "opens_at": form.cleaned_data["opens_at"],
                "closes_at": form.cleaned_data["closes_at"],
                "min_ballots": form.cleaned_data["min_ballots"],
                "top_cap_percent": form.cleaned_data["top_cap_percent"],
                "points": form.points(),
                "subjects": subjects,
                "items": form.item_specs(),
                "categories": form.category_specs(),
            }
            if form.is_valid():  # the 工号 look-up may have added errors
                try:
                    if evaluation is None:
                        saved = evaluation_create(
                            actor=request.user, unit=unit, subject_kind=form.cleaned_data["subject_kind"], **values
                        )
                    else:
                        saved = evaluation_update(evaluation=evaluation, actor=request.user, **values)
                except ApplicationError as e:
                    _show_errors(form, e)
                else:
                    messages.success(request, _("已保存测评“%(title)s”。") % {"title": saved.title})
                    return redirect("ballots:evaluation_detail", pk=saved.pk)
    else:
        form = EvaluationForm(
            initial=EvaluationForm.initial_for(evaluation, year=year), units=units, groups=groups, evaluation=evaluation
        )
    context = {
        "form": form,
        "evaluation": evaluation,
        "item_rows": [(form[f"items-{r}-text"], form[f"items-{r}-scale"]) for r in range(8)],
        "category_rows": [(form[f"categories-{r}-name"], form[f"categories-{r}-weight"]) for r in range(6)],
        "point_fields": [f for f in form if f.name.startswith("points-")],
    }
    return render(request, "ballots/evaluation_form.html", context)


@role_required(*WRITERS)
def evaluation_create_page(request):
    return _setup_page(request, None)


@role_required(*WRITERS)
def evaluation_edit(request, pk):
    evaluation = get_object_or_404(selectors.with_form(selectors.manageable_evaluations(user=request.user)), pk=pk)
    if not evaluation.is_draft:
        messages.error(request, _("测评已发布,测评表不能再修改。"))
        return redirect("ballots:evaluation_detail", pk=pk)
    return _setup_page(request, evaluation)


@role_required(*READERS)
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(selectors.with_form(selectors.evaluation_list(user=request.user)), pk=pk)
    manager = selectors.can_manage(user=request.user, evaluation=evaluation)
    now = timezone.now()
    context = {
        "evaluation": evaluation,
        "manager": manager,
        "now": now,
        "window": selectors.window_state(evaluation, now),
        "vote_url": vote_url(request, evaluation),
        "turnout": turnout(evaluation),
        "batches": batch_list(evaluation),
        "cap": selectors.top_cap_allowed(evaluation, len(evaluation.subjects.all())),
        "publish_problems": publish_problems(evaluation, now) if evaluation.is_draft else [],
        "close_problems": close_problems(evaluation, now) if evaluation.is_open else [],
        "reschedule_form": RescheduleForm(),
        "void_form": VoidForm(),
        "batch_void_form": BatchVoidForm(),
        "audit": audit_log_for(evaluation)[:50],
    }
    return render(request, "ballots/evaluation_detail.html", context)


def _step(request, pk, action, done_message):
    evaluation = get_object_or_404(selectors.manageable_evaluations(user=request.user), pk=pk)
    try:
        action(evaluation)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done_message)
    return redirect("ballots:evaluation_detail", pk=pk)


@require_POST
@role_required(*WRITERS)
def evaluation_publish_step(request, pk):
    return _step(
        request,
        pk,
        lambda e: evaluation_publish(evaluation=e, actor=request.user),
        _("测评已发布。参评人员在开始时间后即可凭测评码投票。"),
    )


@require_POST
@role_required(*WRITERS)
def evaluation_close_step(request, pk):
    return _step(
        request,
        pk,
        lambda e: evaluation_close(evaluation=e, actor=request.user),
        _("测评已结束,计票完成。"),
    )


@require_POST
@role_required(*WRITERS)
def evaluation_reschedule_step(request, pk):
    evaluation = get_object_or_404(selectors.manageable_evaluations(user=request.user), pk=pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            evaluation_reschedule(evaluation=evaluation, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("截止时间已调整。"))
            return redirect("ballots:evaluation_detail", pk=pk)
    return render(request, "ballots/evaluation_reschedule.html", {"evaluation": evaluation, "form": form})


urlpatterns = [
    path("", evaluation_list, name="evaluation_list"),
    path("new/", evaluation_create_page, name="evaluation_create"),
    path("<int:pk>/", evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/edit/", evaluation_edit, name="evaluation_edit"),
    path("<int:pk>/publish/", evaluation_publish_step, name="evaluation_publish"),
    path("<int:pk>/reschedule/", evaluation_reschedule_step, name="evaluation_reschedule"),
    path("<int:pk>/close/", evaluation_close_step, name="evaluation_close"),
]
