"""Where the year stands, as HR sees it: the stages from the scheme to the results' usage, each counted and linked to
the page where its work is done, and the scoring's completeness within the user's scope.

Assessments is read through its published door; step-down cases and the results' usage through demotion's models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import published
from demotion.models import StepDownCase
from org import selectors as org_selectors
from org.models import Organization
from org.roles import ROLE_HR, get_roles


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    summary: str  # the counts, in words
    done: bool  # the stage has what it needs (shown ticked)
    url: str  # where its work is done


def hr_organizations(*, user) -> list[Organization]:
    """The organizations where the user is HR (the admin: all), by name."""
    qs = Organization.objects.order_by("name")
    roles = get_roles(user)
    return list(qs if roles.is_admin else qs.filter(pk__in=roles.organization_ids(ROLE_HR)))


def ratee_scope(*, user) -> list[int] | None:
    """The cadres whose cells the user sees: those of the user's units (None: the admin, every cadre)."""
    if get_roles(user).is_admin:
        return None
    return list(org_selectors.cadre_list(user=user).values_list("pk", flat=True))


def completeness(*, user, organization: Organization, year: int) -> published.ScoringCompleteness | None:
    return published.scoring_completeness(organization_id=organization.pk, year=year, ratee_ids=ratee_scope(user=user))


def _with_query(url: str, **params) -> str:
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def stages(*, organization: Organization, year: int, scoring: published.ScoringCompleteness | None) -> list[Stage]:
    """The ten stages of the year, in order."""
    s = published.assessment_stages(organization_id=organization.pk, year=year)
    results_url = _with_query(reverse("assessments:results_home"), organization=organization.pk, year=year)
    settle_url = reverse("assessments:results_settle", args=[s.latest_run_id]) if s.latest_run_id else results_url
    if s.publication_run_id:
        settle_url = reverse("assessments:results_settle", args=[s.publication_run_id])
    scheme_url = (
        reverse("assessments:scheme_detail", args=[s.scheme_id]) if s.scheme_id else reverse("assessments:scheme_list")
    )
    cases = dict(
        StepDownCase.objects.filter(organization=organization, year=year).values_list("state").annotate(n=Count("id"))
    )
    open_cases = sum(n for case_state, n in cases.items() if case_state in StepDownCase.OPEN_STATES)
    state = s.publication_state
    is_published = state == "published"
    total = scoring.total if scoring else None
    final = published.final_results(organization_id=organization.pk, year=year) if is_published else []
    return [
        Stage(
            "scheme",
            _("考核方案"),
            _("第 %(version)s 版,%(n)s 个考核项目") % {"version": s.scheme_version, "n": s.components}
            if s.scheme_id
            else _("尚未制定"),
            s.scheme_id is not None and s.components > 0,
            scheme_url,
        ),
        Stage(
            "raters",
            _("评分关系"),
            _("%(n)s 条评分关系,%(raters)s 名评分人,%(ratees)s 名被评人")
            % {"n": s.assignments, "raters": s.raters, "ratees": s.ratees},
            s.assignments > 0,
            reverse("assessments:assign_raters", args=[s.scheme_id]) if s.scheme_id else scheme_url,
        ),
        Stage(
            "periods",
            _("考核期间"),
            _("共 %(n)s 个,评分中 %(open)s 个,已结束 %(closed)s 个")
            % {"n": s.periods_total, "open": s.periods_open, "closed": s.periods_closed},
            s.periods_total > 0 and s.periods_closed == s.periods_total,
            scheme_url,
        ),
        Stage(
            "scoring",
            _("评分"),
            _("应评 %(expected)s 项,已评 %(entered)s 项,缺 %(missing)s 项")
            % {"expected": total.expected, "entered": total.entered, "missing": total.missing}
            if total
            else _("尚未制定方案"),
            total is not None and total.expected > 0 and total.missing == 0,
            "#completeness",
        ),
        Stage(
            "computation",
            _("结果计算"),
            _("已计算 %(n)s 次,最新为第 %(version)s 版") % {"n": s.runs, "version": s.latest_run_version}
            if s.latest_run_id
            else _("尚未计算"),
            s.latest_run_id is not None,
            results_url,
        ),
        Stage(
            "committee",
            _("党组确认"),
            _("已确认第 %(version)s 版,边界并列裁定 %(n)s 项")
            % {"version": s.publication_run_version, "n": s.tie_decisions}
            if state
            else _("待确认,边界并列裁定 %(n)s 项") % {"n": s.tie_decisions},
            bool(state),
            settle_url,
        ),
        Stage(
            "posting",
            _("优秀人选公示"),
            _("%(start)s 至 %(end)s") % {"start": s.posted_on, "end": s.posting_ends_on}
            if s.posted_on
            else _("尚未公示"),
            state in ("posted", "published"),
            settle_url,
        ),
        Stage(
            "publication",
            _("结果公布"),
            _("%(day)s 公布,%(n)s 人有等次") % {"day": s.published_on, "n": len(final)}
            if is_published
            else _("尚未公布"),
            is_published,
            settle_url,
        ),
        Stage(
            "stepdown",
            _("主动让贤"),
            _("共 %(n)s 件,待申请或待决定 %(open)s 件") % {"n": sum(cases.values()), "open": open_cases},
            is_published and open_cases == 0,
            _with_query(reverse("demotion:case_list"), year=year),
        ),
        Stage(
            "usage",
            _("结果运用"),
            _("%(n)s 人的结果可用于选拔任用、评先评优") % {"n": len(final)} if is_published else _("结果公布后可用"),
            is_published,
            _with_query(reverse("demotion:usage"), organization=organization.pk, year=year)
            if is_published
            else reverse("demotion:usage"),
        ),
    ]
