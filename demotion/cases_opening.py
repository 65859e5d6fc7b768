"""Opening step-down cases from a published year, following its later versions, and escalating missed deadlines.

沂源县市场监管局《中层负责人主动让贤实施办法》: 年度考核成绩组内排名后10%的负责人以及触动一票否决项的负责人,在公布考核成绩后3个工作日内,应向局党组提交
《主动让贤申请书》. Both jobs are safe to run twice and to die half way: a case is opened once per cadre and year (a
unique constraint, and the publication's row lock serialises two openings), an escalation is a guarded transition,
and every notice is idempotent (notices_announce with a fixed occurrence).
"""

from __future__ import annotations

import datetime
import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from assessments.selectors import published
from cadre_eval.env import env
from common.audit import audit_log_record, snapshot
from common.workdays import format_date_zh
from demotion.cases_rules import (
    CASE_FIELDS,
    NOTICE_KIND,
    OPENED_FIELDS,
    application_deadline,
    application_working_days,
    case_url,
    committee_users_for,
    hr_users_for,
    organization_hr_users,
)
from demotion.models import StepDownCase
from notices.services import notices_announce
from org.models import Appointment, Post

logger = logging.getLogger(__name__)


def _reason(in_bottom: bool, vetoed: bool) -> str:
    if in_bottom and vetoed:
        return StepDownCase.Reason.BOTH
    return StepDownCase.Reason.VETO if vetoed else StepDownCase.Reason.BOTTOM


def _current_posts(cadre_ids: list[int]) -> dict[int, Appointment]:
    """Each cadre's post to give up: the current middle-manager appointment, else any current leadership one."""
    chosen: dict[int, Appointment] = {}
    rows = (
        Appointment.objects.filter(cadre_id__in=cadre_ids, end_date__isnull=True)
        .select_related("post")
        .order_by("cadre_id", "-start_date", "pk")
    )
    for appointment in rows:
        current = chosen.get(appointment.cadre_id)
        is_middle = appointment.post.kind == Post.Kind.MIDDLE
        first = current is None and (is_middle or appointment.post.is_leadership)
        better = current is not None and is_middle and current.post.kind != Post.Kind.MIDDLE
        if first or better:
            chosen[appointment.cadre_id] = appointment
    return chosen


def _tell_opened(case: StepDownCase) -> None:
    user = case.cadre.user
    if user is None:
        return
    notices_announce(
        recipients=[user],
        kind=NOTICE_KIND,
        subject=case,
        occurrence="opened",
        title=_("%(year)s年度主动让贤:请在%(date)s前提交申请")
        % {"year": case.year, "date": format_date_zh(case.deadline)},
        body=_(
            "根据%(year)s年度考核结果(%(reason)s),请于%(date)s前(%(days)s)向局党组提交《主动让贤申请书》。"
            "逾期未提交的,转组织调整。"
        )
        % {
            "year": case.year,
            "reason": case.get_reason_display(),
            "date": format_date_zh(case.deadline),
            "days": _("公布后%(n)s个工作日内") % {"n": application_working_days(case.organization_id)},
        },
        url=case_url(case),
        due_date=case.deadline,
    )


def _withdraw_reason(case: StepDownCase, version: int) -> str:
    bottom = {"bottom": case.bottom_label()}
    gone = {
        StepDownCase.Reason.BOTTOM: _("不再位列组内排名%(bottom)s") % bottom,
        StepDownCase.Reason.VETO: _("一票否决已撤销"),
        StepDownCase.Reason.BOTH: _("不再位列组内排名%(bottom)s,一票否决已撤销") % bottom,
    }[case.reason]
    return _("考核结果已变更(第%(version)s版),%(gone)s。") % {"version": version, "gone": gone}


def _withdraw(case: StepDownCase, *, reason: str, actor=None) -> bool:
    """Guarded open → withdrawn, audited, the cadre told. False when someone else moved the case meanwhile."""
    before = snapshot(case, CASE_FIELDS)
    try:
        with transaction.atomic():
            case.withdraw()
            case.withdrawn_at = timezone.now()
            case.withdrawn_reason = reason
            case.save()
            audit_log_record(
                actor=actor,
                action="demotion.stepdown.withdraw",
                subject=case,
                before=before,
                after=snapshot(case, CASE_FIELDS),
                reason=reason,
            )
            if case.cadre.user_id:
                notices_announce(
                    recipients=[case.cadre.user],
                    kind=NOTICE_KIND,
                    subject=case,
                    occurrence="withdrawn",
                    title=_("%(year)s年度主动让贤事项已撤回") % {"year": case.year},
                    body=reason,
                    url=case_url(case),
                )
    except (TransitionNotAllowed, ConcurrentTransition):
        return False
    return True


def _report_decided(case: StepDownCase, *, version: int) -> int:
    """A case already approved or carried out stays as it is; HR and the committee are told once per version."""
    recipients = [*organization_hr_users(case.organization_id), *committee_users_for(case.cadre)]
    return notices_announce(
        recipients=recipients,
        kind=NOTICE_KIND,
        subject=case,
        occurrence=f"revised:{version}",
        title=_("考核结果已变更:%(name)s的主动让贤事项请复核") % {"name": case.cadre.name},
        body=_(
            "%(year)s年度考核结果已变更为第%(version)s版,%(name)s已不在主动让贤范围内。该事项已%(state)s,"
            "系统不自动撤销,请组织人事部门和党组(党委)研究处理。"
        )
        % {"year": case.year, "version": version, "name": case.cadre.name, "state": case.get_state_display()},
        url=case_url(case),
    )


def stepdown_cases_open(*, publication_id: int, today: datetime.date | None = None) -> dict:
    """Open a case (待提交申请) for each cadre of the published run's final bottom set and each vetoed cadre that has
    none for the year; withdraw the open cases of cadres a later version no longer names; report decided ones.

    A boundary tie counts only as the committee decided it before confirmation (step_down_candidates). The cases of
    the version the year was published with count from the publication date; a cadre first named by a later version
    (an upheld appeal, a tolerance case) learns of it today, and the deadline counts from today."""
    today = today or timezone.localdate()
    counts = {"opened": 0, "withdrawn": 0, "reported": 0}
    with transaction.atomic():
        # Two openings of the same publication wait for each other here: the second finds the first's cases.
        publication = published.publication_state_by_id(publication_id=publication_id, lock=True)
        if publication is None or not publication.published:
            return counts
        final = {
            candidate.cadre_id: candidate
            for candidate in published.step_down_candidates(
                organization_id=publication.organization_id, year=publication.year, run_id=publication.run_id
            )
        }
        existing = {
            case.cadre_id: case
            for case in StepDownCase.objects.filter(organization_id=publication.organization_id, year=publication.year)
            .exclude(state=StepDownCase.State.WITHDRAWN)
            .select_related("cadre", "cadre__user", "cadre__unit")
        }
        missing = [cadre_id for cadre_id in final if cadre_id not in existing]
        if missing:
            counts["opened"] = _open(publication, final, missing, today)

    # The cadres a later version no longer names: each case in its own transaction (one failure stops none else).
    for cadre_id, case in existing.items():
        if cadre_id in final:
            continue
        if case.state in StepDownCase.OPEN_STATES:
            counts["withdrawn"] += _withdraw(case, reason=_withdraw_reason(case, publication.version))
        elif case.state in (StepDownCase.State.APPROVED, StepDownCase.State.EXECUTED):
            with transaction.atomic():
                counts["reported"] += bool(_report_decided(case, version=publication.version))
    return counts


def _open(publication: published.PublicationState, final: dict, missing: list[int], today: datetime.date) -> int:
    # A version adopted after publication (an appeal, a tolerance case) reaches its cadres today.
    published_on = today if publication.adopted_on is not None else publication.published_on
    deadline = application_deadline(published_on, publication.organization_id)
    posts = _current_posts(missing)
    rows = []
    for cadre_id in missing:
        candidate = final[cadre_id]
        appointment = posts.get(cadre_id)
        rows.append(
            StepDownCase(
                organization_id=publication.organization_id,
                year=publication.year,
                cadre_id=cadre_id,
                publication_id=publication.publication_id,
                run_id=publication.run_id,
                reason=_reason(candidate.in_bottom, candidate.vetoed),
                group_name=candidate.group_name,
                bottom_ratio=candidate.bottom_ratio,
                composite=candidate.composite,
                rank=candidate.rank,
                group_size=candidate.group_size,
                published_on=published_on,
                deadline=deadline,
                appointment=appointment,
            )
        )
    # The constraint keeps a case once per cadre and year even if an opening slipped past the row lock.
    StepDownCase.objects.bulk_create(rows, ignore_conflicts=True)
    opened = list(
        StepDownCase.objects.filter(
            organization_id=publication.organization_id,
            year=publication.year,
            cadre_id__in=missing,
            run_id=publication.run_id,
            state=StepDownCase.State.NOTIFIED,
        ).select_related("cadre", "cadre__user", "appointment__post")
    )
    reason = _("%(year)s年度考核结果公布(第%(version)s版)") % {"year": publication.year, "version": publication.version}
    for case in opened:
        audit_log_record(
            actor=None,
            action="demotion.stepdown.open",
            subject=case,
            after=snapshot(case, OPENED_FIELDS),
            reason=reason,
        )
        _tell_opened(case)
    return len(opened)


# --- escalation -------------------------------------------------------------------------------------------------


def _escalation_delay() -> float:
    """Seconds to pause inside each escalation: only the worker-kill test sets it, to be able to kill half way."""
    return env.int("STEPDOWN_ESCALATION_DELAY_MS", 0) / 1000


def _escalate(case_id: int, today: datetime.date, delay: float) -> bool:
    with transaction.atomic():
        case = (
            StepDownCase.objects.select_related("cadre", "cadre__user", "cadre__unit")
            .filter(pk=case_id, state=StepDownCase.State.NOTIFIED, deadline__lt=today)
            .first()
        )
        if case is None:
            return False
        before = snapshot(case, CASE_FIELDS)
        try:
            case.escalate()
            case.escalated_at = timezone.now()
            case.save()
        except (TransitionNotAllowed, ConcurrentTransition):
            return False
        reason = _("申请期限已于%(date)s截止,逾期未提交主动让贤申请,转组织调整。") % {
            "date": format_date_zh(case.deadline)
        }
        audit_log_record(
            actor=None,
            action="demotion.stepdown.escalate",
            subject=case,
            before=before,
            after=snapshot(case, CASE_FIELDS),
            reason=reason,
        )
        notices_announce(
            recipients=[*hr_users_for(case.cadre), *committee_users_for(case.cadre)],
            kind=NOTICE_KIND,
            subject=case,
            occurrence="escalated",
            title=_("逾期未申请主动让贤:%(name)s(%(year)s年度),转组织调整")
            % {"name": case.cadre.name, "year": case.year},
            body=_("%(reason)s请按规定研究组织调整(免职或调整职务)。") % {"reason": reason},
            url=case_url(case),
            due_date=case.deadline,
        )
        if delay:
            time.sleep(delay)  # inside the transaction: a worker killed here leaves the case as it was
    return True


def stepdown_cases_escalate(*, today: datetime.date | None = None) -> int:
    """Every case still waiting for its application after the deadline → 逾期未申请,转组织调整, once: each in its own
    transaction with its audit row and the notices to HR over the cadre and the committee."""
    today = today or timezone.localdate()
    delay = _escalation_delay()
    due = list(
        StepDownCase.objects.filter(state=StepDownCase.State.NOTIFIED, deadline__lt=today)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
    return sum(_escalate(case_id, today, delay) for case_id in due)


# The sweep looks at years published (or moved to a revised result) this recently. A year published long before
# had its step-downs dealt with then, or before the system was used; opening cases for it now would give deadlines
# long past and escalate them at once.
SWEEP_DAYS = 90


def published_publications(*, today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=SWEEP_DAYS)
    return [state.publication_id for state in published.recently_published(since=cutoff)]
