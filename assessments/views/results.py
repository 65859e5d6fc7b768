"""Pages of the annual results for HR and the party committee: the year's runs and the computation form, a run's
progress and summary per group, and a group's ranking table with its distribution chart.

Everyone on staff reads; HR and the admin start computations. HR reads only the rows of cadres in its units.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import ResultRun
from assessments.results.display import bottom_label
from assessments.selectors.publication import current_run, is_published, publication_for
from assessments.selectors.readiness import run_completeness
from assessments.selectors.results import (
    can_compute,
    composite_histogram,
    group_table,
    result_list,
    run_list,
    scheme_years,
    summary_with_quotas,
    year_groups,
    year_runs,
)
from assessments.services.results import results_run_create
from common.errors import ApplicationError, add_error_to_form
from common.jobs.selectors import job_of_user
from org.models import AssessmentGroup
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_list

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
RUNS_PER_PAGE = 20
MIN_YEAR, MAX_YEAR = 2000, 2100


class ComputeForm(forms.Form):
    """The organization and year come from the page's picker (hidden); HR chooses the whole year or one group."""

    organization = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=MIN_YEAR, max_value=MAX_YEAR)
    group = forms.ModelChoiceField(
        label=gettext_lazy("范围"),
        queryset=AssessmentGroup.objects.none(),
        required=False,
        empty_label=gettext_lazy("全年度(所有考核组)"),
    )
    reason = forms.CharField(
        label=gettext_lazy("计算原因"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("如:年终考核、申诉复核后重新计算")}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


def _choose(request, organizations: list):
    """The picked organization and year (GET on the page, the form's hidden fields on POST); defaults to the first
    organization and its current year, else its newest year with a scheme. An organization outside the user's
    is not there (404)."""
    data = request.POST if request.method == "POST" else request.GET
    raw_organization = data.get("organization", "")
    if raw_organization:
        organization = next((o for o in organizations if str(o.pk) == raw_organization), None)
        if organization is None:
            raise Http404
    elif organizations:
        organization = organizations[0]
    else:
        return None, [], None
    years = scheme_years(organization_id=organization.pk)
    raw_year = data.get("year", "")
    if raw_year.isdigit() and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
        return organization, years, int(raw_year)
    this_year = timezone.localdate().year
    return organization, years, this_year if this_year in years or not years else years[0]


@role_required(*STAFF)
def results_home(request):
    organizations = list(organization_list(user=request.user))
    organization, years, year = _choose(request, organizations)
    if organization is None:
        return render(request, "assessments/results_home.html", {"organizations": []})
    may_compute = can_compute(request.user, organization.pk)
    published = is_published(organization_id=organization.pk, year=year)
    groups = year_groups(organization_id=organization.pk, year=year)
    form = ComputeForm(
        request.POST if request.method == "POST" else None,
        groups=groups,
        initial={"organization": organization.pk, "year": year},
    )
    if request.method == "POST":
        if not may_compute:
            raise PermissionDenied
        if form.is_valid():
            if published:
                # 公务员考核规定: once published, a change goes through an appeal (申诉复核), never a plain re-run.
                form.add_error(None, _("%(year)s 年度考核结果已公布,如需调整请通过申诉复核。") % {"year": year})
            else:
                try:
                    run = results_run_create(
                        organization=organization,
                        year=year,
                        group=form.cleaned_data["group"],
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ApplicationError as error:
                    add_error_to_form(form, error)
                else:
                    messages.success(request, _("已开始计算:%(run)s。") % {"run": run})
                    return redirect("assessments:results_run", pk=run.pk)
    runs = Paginator(year_runs(user=request.user, organization_id=organization.pk, year=year), RUNS_PER_PAGE)
    current = current_run(organization_id=organization.pk, year=year)
    return render(
        request,
        "assessments/results_home.html",
        {
            "organizations": organizations,
            "organization": organization,
            "years": years,
            "year": year,
            "has_scheme": year in years,
            "page": runs.get_page(request.GET.get("page")),
            "current_run_id": current.pk if current else None,
            "publication": publication_for(organization_id=organization.pk, year=year),
            "published": published,
            "may_compute": may_compute,
            "form": form,
        },
    )


def _run(request, pk) -> ResultRun:
    return get_object_or_404(run_list(user=request.user), pk=pk)


@role_required(*STAFF)
def results_run(request, pk):
    """The run's progress; the page polls itself (htmx) until the run has finished, then shows its summary."""
    run = _run(request, pk)
    context = {"run": run, "finished": run.status in (ResultRun.Status.SUCCEEDED, ResultRun.Status.FAILED)}
    # The background job that computes it, for whoever may follow that job (its requester, the admin).
    if run.job_id is not None and job_of_user(user=request.user, pk=run.job_id) is not None:
        context["job_id"] = run.job_id
    if run.status == ResultRun.Status.SUCCEEDED:
        context["summary"] = summary_with_quotas(run)
    if request.htmx:
        return render(request, "assessments/_results_run_status.html", context)
    context["current_run_id"] = getattr(current_run(organization_id=run.organization_id, year=run.year), "pk", None)
    if run.status == ResultRun.Status.SUCCEEDED and not is_published(
        organization_id=run.organization_id, year=run.year
    ):
        scoped = set(result_list(user=request.user, run=run).values_list("cadre_id", flat=True))
        context["completeness"] = run_completeness(run).within(scoped)
        context["stale"] = context["completeness"].stale
    return render(request, "assessments/results_run.html", context)


@role_required(*STAFF)
def results_group(request, run_pk, group_pk):
    # The same scoped runs as every results page; of the related rows this page needs only the scheme.
    run = get_object_or_404(run_list(user=request.user).select_related(None).select_related("scheme"), pk=run_pk)
    if run.status != ResultRun.Status.SUCCEEDED:
        return redirect("assessments:results_run", pk=run.pk)
    group = get_object_or_404(AssessmentGroup, pk=group_pk, organization_id=run.organization_id, year=run.year)
    if run.group_id is not None and run.group_id != group.pk:
        raise Http404
    components, rows = group_table(
        user=request.user,
        run=run,
        group=group,
        row_html=lambda row: render_to_string("assessments/_results_group_row.html", {"row": row}),
    )
    return render(
        request,
        "assessments/results_group.html",
        {
            "run": run,
            "group": group,
            "components": components,
            "rows": rows,
            "chart": {
                **composite_histogram(rows),
                "names": {
                    "bottom": bottom_label(run.scheme.bottom_ratio),
                    "boundary": _("边界并列"),
                    "vetoed": _("一票否决"),
                    "others": _("其他"),
                    "x": _("综合得分"),
                    "y": _("人数"),
                },
            },
        },
    )


urlpatterns = [
    path("results/", results_home, name="results_home"),
    path("results/runs/<int:pk>/", results_run, name="results_run"),
    path("results/runs/<int:run_pk>/groups/<int:group_pk>/", results_group, name="results_group"),
]
