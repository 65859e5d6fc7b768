"""HR records a cadre's no-grade state for the year (不定等次 / 不进行考核) with its reason, from the list of incomplete
cadres a computed version shows: the way to resolve a cadre whose scores will not be completed. The committee sees
the state and the reason on the settlement page; the year is then computed again."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import ResultRun, SpecialStatus
from assessments.selectors.results import result_list, run_list
from assessments.services.no_grade import no_grade_record
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR


class NoGradeForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("情形"),
        choices=SpecialStatus.State.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择不定等次或不进行考核。")},
    )
    reason_kind = forms.ChoiceField(
        label=gettext_lazy("原因类别"),
        choices=SpecialStatus.ReasonKind.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "不定等次:试用期、立案调查、受处分期间或其他原因;不进行考核:病、事假累计超过半年或其他原因。"
        ),
        error_messages={"required": gettext_lazy("请选择原因类别。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("原因说明"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("如:2025年7月录用,试用期至2026年7月")}),
        error_messages={"required": gettext_lazy("请填写原因。")},
    )


@role_required(ROLE_ADMIN, ROLE_HR)
def results_no_grade(request, pk, cadre):
    run = get_object_or_404(run_list(user=request.user).select_related("organization"), pk=pk)
    if run.status != ResultRun.Status.SUCCEEDED:
        raise Http404
    result = result_list(user=request.user, run=run).filter(cadre_id=cadre).first()
    if result is None:
        raise Http404
    current = SpecialStatus.objects.filter(cadre_id=cadre, year=run.year).first()
    initial = {"state": current.state, "reason_kind": current.reason_kind, "reason": current.reason} if current else {}
    form = NoGradeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            no_grade_record(
                cadre=result.cadre,
                year=run.year,
                state=form.cleaned_data["state"],
                reason_kind=form.cleaned_data["reason_kind"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("已登记 %(name)s 的%(state)s情形。结果已过期,请重新计算。")
                % {"name": result.cadre.name, "state": SpecialStatus.State(form.cleaned_data["state"]).label},
            )
            return redirect(reverse("assessments:results_settle", kwargs={"pk": run.pk}))
    return render(
        request,
        "assessments/results_no_grade.html",
        {"run": run, "result": result, "current": current, "form": form},
    )


urlpatterns = [
    path("results/runs/<int:pk>/no-grade/<int:cadre>/", results_no_grade, name="results_no_grade"),
]
