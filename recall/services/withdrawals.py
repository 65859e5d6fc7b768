"""Following revised results: a case proposed on a published grade that a later version (an upheld appeal, an error-
tolerance exemption) no longer gives (基本称职 / 不称职) is withdrawn; a case already past its evaluation is not undone
by the system, and HR and the committee are told once per version instead.

Run after every publication change (assessments.services.register_publication_listener, on a worker) and by the
periodic sweep over recent publications. Both are safe to run twice and to die half way: each withdrawal is its own
guarded transition with its audit row; each report is a notice with a fixed occurrence.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import published
from common.errors import ApplicationError
from notices.models import Notice
from notices.services import notices_announce
from recall.models import RecallCase
from recall.rules import committee_users_for, organization_hr_users, organization_language
from recall.services.cases import recall_case_withdraw
from recall.services.proposals import CANDIDATE_GRADES, NOTICE_KIND, case_url

logger = logging.getLogger(__name__)

WITHDRAWABLE = (
    RecallCase.State.PROPOSED,
    RecallCase.State.ORDERED,
    RecallCase.State.TRAINING,
    RecallCase.State.RETRAINING,
    RecallCase.State.PROBATION,
    RecallCase.State.EVALUATING,
)
DECIDED = (RecallCase.State.RETURNED, RecallCase.State.REASSIGNED, RecallCase.State.MEASURES)
# The sweep looks at years published (or moved to a revised result) this recently.
SWEEP_DAYS = 90


def _grade_now(rows: dict, case: RecallCase) -> tuple[str, str]:
    result = rows.get(case.cadre_id)
    if result is None or not result.grade:
        return "", _("无等次")
    return result.grade, result.grade_label


def recall_cases_follow_publication(*, publication_id: int, today: datetime.date | None = None) -> dict:
    """Withdraw the live grade-based cases of the publication's year whose grade the version in force no longer
    gives; report the decided ones."""
    today = today or timezone.localdate()
    counts = {"withdrawn": 0, "reported": 0}
    state = published.publication_state_by_id(publication_id=publication_id)
    if state is None or not state.published:
        return counts
    cases = list(
        RecallCase.objects.filter(
            organization_id=state.organization_id,
            grade_year=state.year,
            source="grade",
            state__in=(*WITHDRAWABLE, *DECIDED),
        ).select_related("cadre", "cadre__unit", "cadre__user", "policy")
    )
    if not cases:
        return counts
    with organization_language():  # the grades' labels, as the reasons keep them
        rows = {
            r.cadre_id: r
            for r in published.final_results(
                organization_id=state.organization_id, year=state.year, cadre_ids=[c.cadre_id for c in cases]
            )
        }
    for case in cases:
        with organization_language():
            counts_of = _follow(case, rows, state, today)
        for key, n in counts_of.items():
            counts[key] += n
    return counts


def _follow(case: RecallCase, rows: dict, state, today: datetime.date) -> dict:
    """One case against the version in force: withdrawn, reported once, or left as it is."""
    counts = {"withdrawn": 0, "reported": 0}
    grade, label = _grade_now(rows, case)
    if grade in CANDIDATE_GRADES:
        return counts
    reason = _("%(year)s年度考核结果已变更(第%(version)s版),等次为“%(grade)s”,不再属于召回对象。") % {
        "year": state.year,
        "version": state.version,
        "grade": label,
    }
    if case.state in WITHDRAWABLE:
        try:
            with transaction.atomic():
                recall_case_withdraw(case=case, reason=reason, actor=None, today=today)
            counts["withdrawn"] = 1
        except ApplicationError:  # moved on by someone meanwhile: the next run sees it as it is now
            logger.info("recall case %s not withdrawn: its state changed", case.pk)
        return counts
    occurrence = f"revised:{state.version}"
    if Notice.objects.filter(kind=NOTICE_KIND, subject_id=str(case.pk), occurrence=occurrence).exists():
        return counts
    with transaction.atomic():
        counts["reported"] = int(
            bool(
                notices_announce(
                    recipients=[*organization_hr_users(case.organization_id), *committee_users_for(case.cadre)],
                    kind=NOTICE_KIND,
                    subject=case,
                    occurrence=occurrence,
                    title=_("考核结果已变更:%(name)s的召回事项请复核") % {"name": case.cadre.name},
                    body=_("%(reason)s该事项已%(state)s,系统不自动撤销,请组织人事部门和党组(党委)研究处理。")
                    % {"reason": reason, "state": case.get_state_display()},
                    url=case_url(case),
                )
            )
        )
    return counts


def recall_cases_sweep(*, today: datetime.date | None = None) -> dict:
    """The safety net: follow every publication published or revised within SWEEP_DAYS."""
    today = today or timezone.localdate()
    totals = {"withdrawn": 0, "reported": 0}
    for state in published.recently_published(since=today - datetime.timedelta(days=SWEEP_DAYS)):
        assert state.publication_id is not None  # a published year has its publication
        counts = recall_cases_follow_publication(publication_id=state.publication_id, today=today)
        for key in totals:
            totals[key] += counts[key]
    return totals
