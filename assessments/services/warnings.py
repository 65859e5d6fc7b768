"""Early warning (过程通报预警, 洞头区《科级领导干部全程积分考核办法》: 强化过程通报预警): after each quarter's 述职评议 closes, the cadres in the bottom zone of
the running composite of their assessment group are told so, once.

The running composite is assessments.results.running's (its module docstring states the rule). The bottom zone of a
group: n = the scheme's warning ratio (default 20%) × the members that have a running composite, floored, and at
least 1 when those members are 5 or more; every member ranked n-th or lower from the bottom is in it, so a tie across
the cut warns everyone tied (a warning is never withheld from one of two equal scores). Vetoes and grades play no
part: the warning is about the score alone.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from assessments.models import QUARTERS, Period
from assessments.selectors.warnings import bottom_zone
from common.audit import audit_log_record
from common.errors import ApplicationError
from notices.models import Notice
from notices.services import notices_announce
from notices.warnings.selectors import hr_users_covering, warning_enabled
from notices.warnings.services import warning_tell

logger = logging.getLogger(__name__)


User = get_user_model()


WARNING_KIND = "assessments.warning"


WARNING_OCCURRENCE = "warning"


def _my_results_url() -> str:
    try:
        return reverse("assessments:my_results")
    except NoReverseMatch:  # the page's route not wired in yet: the cadre's landing page
        return reverse("me")


@transaction.atomic
def early_warning_send(*, period: Period, actor=None) -> int:
    """Tell the bottom zone of each group after a closed quarter (Q1–Q4), once per cadre and quarter: repeating the
    call, or a task run twice, adds nothing. Another kind of period warns nobody. Returns the notices created."""
    period = Period.objects.select_related("scheme").get(pk=period.pk)
    if period.kind not in QUARTERS:
        return 0
    if not warning_enabled(WARNING_KIND, period.scheme.organization_id):
        return 0  # switched off for this organization (the warning catalog)
    if period.status != Period.Status.CLOSED:
        raise ApplicationError(_("%(period)s尚未结束,不能发送过程通报预警。") % {"period": period})
    zone = bottom_zone(period=period)
    if not zone:
        return 0
    users = User.objects.filter(cadre__pk__in=[cadre_id for _group, cadre_id, _value, _size in zone])
    notices = Notice.objects.filter(
        kind=WARNING_KIND,
        subject_type=ContentType.objects.get_for_model(Period),
        subject_id=str(period.pk),
        occurrence=WARNING_OCCURRENCE,
    )
    before = notices.count()
    # One insert for everyone: the text names no score and no one else; the link shows the cadre their own.
    notices_announce(
        recipients=users,
        kind=WARNING_KIND,
        subject=period,
        occurrence=WARNING_OCCURRENCE,
        title=_("过程通报预警:%(period)s") % {"period": period},
        body=_(
            "截至%(period)s,您的过程综合得分处于本考核组后 %(ratio)s%% 区间。"
            "请登录系统查看本人的过程得分,对照考核要求查找差距,及时改进。"
        )
        % {"period": period, "ratio": f"{period.scheme.warning_ratio * 100:.0f}"},
        url=_my_results_url(),
    )
    created = notices.count() - before
    if created:
        audit_log_record(
            actor=actor,
            action="assessments.results.warning",
            subject=period,
            after={"warned": created, "bottom_zone": len(zone)},
        )
    logger.info("early warning after %s: %d in the bottom zone, %d notices created", period, len(zone), created)
    return created


# --- two consecutive 基本称职 coming (连续两年基本称职预警) ------------------------------------------------------------------

BASIC_TWICE_KIND = "assessments.basic_twice"


def basic_twice_scan(*, today, organization_ids) -> int:
    """Local [004]: two consecutive years 基本称职 and the cadre is not re-appointed. A cadre whose last published
    grade (last year) is 基本称职 and who is in the bottom zone of this year's running composite, after its latest
    closed quarter, is told, with HR of the unit: once per cadre and year. Reads through the published door only."""
    from assessments.selectors import published
    from org.models import Cadre

    created = 0
    year = today.year
    for organization_id in sorted(organization_ids):
        zone = published.running_bottom_zone(organization_id=organization_id, year=year)
        if zone is None or not zone.cadre_ids:
            continue
        last = published.cadre_ids_with_grades(organization_id=organization_id, year=year - 1, grades=[published.BASIC])
        cadres = (
            Cadre.objects.filter(organization_id=organization_id, pk__in=last, left_on__isnull=True)
            .filter(pk__in=zone.cadre_ids)
            .select_related("user", "unit")
        )
        results = {
            r.cadre_id: r
            for r in published.final_results(
                organization_id=organization_id, year=year - 1, cadre_ids=[c.pk for c in cadres]
            )
        }
        for cadre in cadres:
            grade = results[cadre.pk].grade_label if cadre.pk in results else ""
            values = {"name": cadre.name, "last": year - 1, "grade": grade, "period": zone.period_label}
            created += warning_tell(
                kind=BASIC_TWICE_KIND,
                organization_id=organization_id,
                recipients=[*hr_users_covering(cadre.unit), cadre.user],
                subject=cadre,
                occurrence=f"year:{year}",
                title=_("连续两年基本称职预警:%(name)s") % values,
                body=_(
                    "%(name)s%(last)s年度考核等次为%(grade)s;截至%(period)s,本年度过程综合得分处于本考核组后段区间。"
                    "如本年度考核等次仍为%(grade)s,将按规定不再续任原职。请及时谈心谈话,督促改进。"
                )
                % values,
                url=_my_results_url(),
            )
    return created
