"""Pages of appeals (申诉复核).

A cadre files an appeal against one of their approved deductions or vetoes, or asks for 复核 of a 不称职 grade,
and sees the deadline before choosing; HR may file a paper appeal for a cadre in its units. Everyone sees the
appeals in their scope (a cadre: their own), pending first; the party committee decides on the appeal's page, with
a reason. The rules are in assessments.services.appeals and assessments.selectors.appeals.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Appeal, ResultRun
from assessments.results.display import grade_label, result_reasons
from assessments.selectors.appeals import (
    AppealOption,
    appeal_options,
    appeal_recompute_run,
    appeal_subject_label,
    decidable_appeals,
    fileable_cadres,
    pending_appeal_count,
)
from assessments.selectors.appeals import appeal_list as visible_appeals
from assessments.services.appeals import appeal_decide, appeal_file
from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.workdays import calendar_warning
from org.permissions import cadre_acted_for, role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, get_roles

EVERYONE = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)
FILERS = (ROLE_ADMIN, ROLE_HR, ROLE_CADRE)
PAGE_SIZE = 50
PANEL_ITEMS = 10


class AppealForm(forms.Form):
    """What to appeal (one of the cadre's open options) and why. The service checks the rest."""

    option = forms.ChoiceField(
        label=gettext_lazy("申诉事项"), error_messages={"required": gettext_lazy("请选择要申诉的事项。")}
    )
    reason = forms.CharField(
        label=gettext_lazy("申诉理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("写明不服的理由和事实,可注明将另行提交的证明材料。"),
        error_messages={"required": gettext_lazy("请填写申诉理由。")},
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        self.open_options = {o.key: o for o in options if o.is_open}
        self.fields["option"].choices = [(key, o.label) for key, o in self.open_options.items()]
        self.fields["option"].error_messages["invalid_choice"] = _("该事项不能申诉(已申诉或已过期限)。")

    @property
    def chosen(self) -> AppealOption:
        return self.open_options[self.cleaned_data["option"]]


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("uphold", gettext_lazy("维持原决定")), ("revoke", gettext_lazy("撤销"))],
        error_messages={"required": gettext_lazy("请选择维持原决定或撤销。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("决定理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写决定理由。")},
    )

    @property
    def revoke(self) -> bool:
        return self.cleaned_data["decision"] == "revoke"


# --- the list -----------------------------------------------------------------------------------------------------


@role_required(*EVERYONE)
def appeal_list(request):
    scoped = visible_appeals(user=request.user)
    chosen = {"status": request.GET.get("status", "").strip(), "year": request.GET.get("year", "").strip()}
    qs = scoped
    if chosen["status"] in Appeal.Status.values:
        qs = qs.filter(status=chosen["status"])
    if chosen["year"].isdigit():
        qs = qs.filter(year=int(chosen["year"]))
    roles = get_roles(request.user)
    context = {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "years": sorted(set(scoped.order_by().values_list("year", flat=True).distinct()), reverse=True),
        "statuses": Appeal.Status.choices,
        "chosen": chosen,
        "can_file": any(roles.has(r) for r in FILERS),
        "pending_count": pending_appeal_count(user=request.user) if roles.has(ROLE_COMMITTEE) else None,
    }
    return render(request, "assessments/appeal_list.html", context)


# --- filing -------------------------------------------------------------------------------------------------------


@role_required(*FILERS)
def appeal_create(request):
    acting = cadre_acted_for(request, candidates=fileable_cadres(user=request.user))
    cadre = acting.cadre
    options = appeal_options(cadre=cadre) if cadre is not None else []
    form = AppealForm(request.POST or None, options=options)
    if request.method == "POST" and cadre is not None and form.is_valid():
        option = form.chosen
        try:
            appeal = appeal_file(
                cadre=cadre,
                target=option.target,
                entry=option.entry,
                year=option.year,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(
                request,
                _("已提交申诉:%(subject)s。党组(党委)将作出决定。") % {"subject": option.label},
            )
            return redirect("assessments:appeal_detail", pk=appeal.pk)
    context = {
        "form": form,
        **acting.context(),
        "open_options": [o for o in options if o.is_open],
        "closed_options": [o for o in options if not o.is_open],
        "calendar_warning": calendar_warning(*[o.deadline for o in options]) if options else None,
    }
    return render(request, "assessments/appeal_form.html", context)


# --- one appeal, and the committee's decision ---------------------------------------------------------------------


@role_required(*EVERYONE)
def appeal_detail(request, pk):
    if request.method == "POST":
        return _decide(request, pk)
    appeal = get_object_or_404(_with_details(visible_appeals(user=request.user)), pk=pk)
    return render(request, "assessments/appeal_detail.html", _detail_context(request, appeal, AppealDecisionForm()))


def _decide(request, pk):
    if not get_roles(request.user).has(ROLE_COMMITTEE):
        raise PermissionDenied
    appeal = get_object_or_404(decidable_appeals(user=request.user), pk=pk)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = appeal_decide(
                appeal=appeal, revoke=form.revoke, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _decision_message(decided))
            return redirect("assessments:appeal_detail", pk=pk)
    appeal = get_object_or_404(_with_details(visible_appeals(user=request.user)), pk=pk)  # as it is now
    return render(request, "assessments/appeal_detail.html", _detail_context(request, appeal, form))


def _with_details(qs):
    return qs.select_related("point_entry__decided_by", "veto_entry__decided_by", "result__run__scheme")


def _decision_message(appeal: Appeal) -> str:
    if appeal.status == Appeal.Status.UPHELD:
        return _("已维持原决定。")
    if appeal.target == Appeal.Target.GRADE:
        return _("已决定撤销不称职等次;新的等次由党组(党委)另行确定,系统不自动改变等次。")
    run = appeal.recompute_run
    if run is None:
        return _("已撤销该记录;该年度尚未计算结果,今后计算时不再计入。")
    run.refresh_from_db()
    if run.status == ResultRun.Status.SUCCEEDED:
        return _("已撤销该记录,并重新计算了 %(year)s 年考核结果(第 %(version)s 版)。") % {
            "year": run.year,
            "version": run.version,
        }
    return _("已撤销该记录;重新计算(第 %(version)s 版)未完成:%(status)s,请人事部门查看。") % {
        "version": run.version,
        "status": run.get_status_display(),
    }


def _detail_context(request, appeal: Appeal, form) -> dict:
    roles = get_roles(request.user)
    decidable = (
        appeal.status == Appeal.Status.PENDING
        and roles.has(ROLE_COMMITTEE)
        and decidable_appeals(user=request.user).filter(pk=appeal.pk).exists()
    )
    entry = appeal.point_entry or appeal.veto_entry
    result = appeal.result
    scheme = result.run.scheme if result is not None else None
    return {
        "appeal": appeal,
        "entry": entry,
        "result": result,
        "grade_label": grade_label(result.grade, scheme) if result is not None else "",
        "reasons": result_reasons(result) if result is not None else [],
        "subject": appeal_subject_label(target=appeal.target, entry=entry, year=appeal.year),
        "on_behalf": appeal.filed_by_id is not None and appeal.filed_by_id != appeal.cadre.user_id,
        "decidable": decidable,
        "own_appeal": roles.cadre is not None and roles.cadre.pk == appeal.cadre_id,
        "recompute_run": appeal_recompute_run(appeal),
        "audit": audit_log_for(appeal)[:50],
        "form": form,
    }


urlpatterns = [
    path("appeals/", appeal_list, name="appeal_list"),
    path("appeals/new/", appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", appeal_detail, name="appeal_detail"),
]
