"""HR's page of the year (本年度工作进展): the stages with their counts and links, the scoring's completeness per
period, rater and group with the missing cells, the reminder to the raters who owe scores and the export of what is
missing. HR lands here after signing in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.selectors import published
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from overview import exports
from overview.selectors import year as year_selectors
from overview.services.reminders import scoring_reminder_send

HR_ROLES = (ROLE_ADMIN, ROLE_HR)
MISSING_ON_PAGE = 200
MIN_YEAR, MAX_YEAR = 2000, 2100


def _choose(request):
    """(organizations, the chosen one, its scheme years, the chosen year); 404 for an organization outside the user's
    or a year out of range. Defaults: the first organization; this year if it has a scheme, else the newest."""
    data = request.POST if request.method == "POST" else request.GET
    organizations = year_selectors.hr_organizations(user=request.user)
    raw = data.get("organization", "")
    if raw:
        organization = next((o for o in organizations if str(o.pk) == raw), None)
        if organization is None:
            raise Http404
    elif organizations:
        organization = organizations[0]
    else:
        raise Http404
    years = published.scheme_year_list(organization_id=organization.pk)
    raw_year = data.get("year", "")
    if raw_year:
        if not raw_year.isdigit() or not MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            raise Http404
        return organizations, organization, years, int(raw_year)
    this_year = timezone.localdate().year
    return organizations, organization, years, this_year if this_year in years or not years else years[0]


def _filtered(request, missing) -> tuple[tuple, dict]:
    """The missing cells of one period and/or one rater (`period`, `rater` in the query), and the filter applied."""
    chosen = {}
    for name, attribute in (("period", "period_id"), ("rater", "rater_id")):
        raw = request.GET.get(name, "")
        if raw.isdigit():
            chosen[name] = int(raw)
            missing = tuple(c for c in missing if getattr(c, attribute) == int(raw))
    return missing, chosen


def _here(organization, year) -> str:
    return f"{reverse('overview:year')}?organization={organization.pk}&year={year}"


@role_required(*HR_ROLES)
def year_page(request):
    organizations, organization, years, year = _choose(request)
    scoring = year_selectors.completeness(user=request.user, organization=organization, year=year)
    missing, chosen = _filtered(request, scoring.missing if scoring else ())
    context = {
        "organizations": organizations,
        "organization": organization,
        "years": years,
        "year": year,
        "stages": year_selectors.stages(organization=organization, year=year, scoring=scoring),
        "scoring": scoring,
        "missing": missing[:MISSING_ON_PAGE],
        "missing_more": max(len(missing) - MISSING_ON_PAGE, 0),
        "missing_count": len(missing),
        "chosen": chosen,
        "filter_query": "".join(f"&{k}={v}" for k, v in chosen.items()),
        "owing_raters": len({c.rater_id for c in scoring.missing}) if scoring else 0,
    }
    return render(request, "overview/year.html", context)


@require_POST
@role_required(*HR_ROLES)
def year_remind(request):
    _organizations, organization, _years, year = _choose(request)
    scoring = year_selectors.completeness(user=request.user, organization=organization, year=year)
    if scoring is None or not scoring.missing:
        messages.info(request, _("没有尚未完成评分的评分人,未发送提醒。"))
        return redirect(_here(organization, year))
    outcome = scoring_reminder_send(actor=request.user, organization=organization, year=year, missing=scoring.missing)
    messages.success(
        request,
        _("已向 %(sent)s 名评分人发送提醒;今天已提醒过的 %(already)s 名不再重复提醒;%(none)s 名没有登录账号。")
        % {"sent": outcome.sent, "already": outcome.already, "none": outcome.without_login},
    )
    return redirect(_here(organization, year) + "#completeness")


@role_required(*HR_ROLES)
def year_missing_export(request, file_format):
    if file_format not in exports.FORMATS:
        raise Http404
    _organizations, organization, _years, year = _choose(request)
    scoring = year_selectors.completeness(user=request.user, organization=organization, year=year)
    missing, _chosen = _filtered(request, scoring.missing if scoring else ())
    return exports.missing_response(
        actor=request.user, organization=organization, year=year, missing=missing, file_format=file_format
    )


urlpatterns = [
    path("year/", year_page, name="year"),
    path("year/remind/", year_remind, name="year_remind"),
    path("year/missing.<str:file_format>", year_missing_export, name="year_missing_export"),
]
