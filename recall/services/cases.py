"""The committee's decision on a candidate, the recall order (召回令) and withdrawal.

The party committee decides to recall or not (洞头区“回炉再造”体系). Without a public announcement the numbered order is
issued at once in the organization department's name; with one (公示, 砚山's practice), HR issues it once the
announcement period of N working days (the policy's) has passed. The order's number runs per organization and year
(召〔2026〕3号). A case is withdrawn by the committee or HR over the cadre, or by the system when the grade it rests on
is revised away (recall.services.withdrawals).

Each service checks who acts and when, makes the django-fsm transition and saves it (a guarded update: the row changes
only if its state is still the one read), and writes the audit row in the same transaction. A refusal raises
ApplicationError with the reason in Chinese and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_fsm import can_proceed

from common.audit import audit_log_record, snapshot
from common.errors import refuse
from common.workdays import add_working_days, format_date_zh
from notices.services import notices_announce
from org.models import Organization
from recall.models import RecallCase
from recall.rules import (
    cadre_user,
    clean_text,
    committee_users_for,
    hr_users_for,
    is_committee_of,
    is_hr_of,
    not_future,
    organization_language,
    require_committee,
    require_hr,
    state_refusal,
    transition_guard,
)
from recall.services.proposals import NOTICE_KIND, case_url

CASE_FIELDS = [
    "state",
    "decided_by_id",
    "decided_on",
    "decision_reason",
    "announce_from",
    "announce_until",
    "order_no",
    "ordered_on",
    "ordered_by_id",
    "holding_office",
    "placement_unit_id",
    "placement",
    "retraining_start",
    "retraining_end",
    "probation_start",
    "probation_end",
    "evaluation_due",
    "home_opinion",
    "home_passed",
    "org_opinion",
    "org_passed",
    "evaluated_on",
    "passed",
    "returned_on",
    "return_post_id",
    "reassigned_on",
    "reassign_post_id",
    "reassignment",
    "follow_up_end",
    "follow_up_conclusion",
    "concluded_on",
    "closed_on",
    "close_note",
    "withdrawn_on",
    "withdrawn_reason",
]


def audit(case: RecallCase, action: str, before: dict, *, actor, reason: str = "") -> None:
    audit_log_record(
        actor=actor,
        action=f"recall.case.{action}",
        subject=case,
        before=before,
        after=snapshot(case, CASE_FIELDS),
        reason=reason,
    )


def tell(case: RecallCase, people, occurrence: str, title: str, body: str = "", due=None) -> None:
    notices_announce(
        recipients=people, kind=NOTICE_KIND, subject=case, occurrence=occurrence, title=title, body=body,
        url=case_url(case), due_date=due,
    )  # fmt: skip


# --- the committee's decision -----------------------------------------------------------------------------------


@transaction.atomic
def recall_case_decide(
    *,
    case: RecallCase,
    actor,
    recall: bool,
    reason: str = "",
    announce: bool = False,
    today: datetime.date | None = None,
) -> RecallCase:
    """局党组研究决定: recall (with or without a public announcement first) or not (the case is withdrawn)."""
    today = today or timezone.localdate()
    require_committee(actor, case.cadre, pgettext("recall step", "决定召回"))
    if case.state != RecallCase.State.PROPOSED or case.decided_at is not None:
        if case.state == RecallCase.State.PROPOSED:
            refuse(_("党组已作出召回决定,正在公示。"), code="invalid_state")
        state_refusal(case, pgettext("recall step", "作出召回决定"))
    if recall:
        with organization_language():
            reason = clean_text(reason, "reason") or _("经党组研究,决定予以召回。")
    else:
        reason = clean_text(reason, "reason", required=_("请填写不予召回的理由。"))
    before = snapshot(case, CASE_FIELDS)
    case.decided_by, case.decided_at, case.decided_on, case.decision_reason = actor, timezone.now(), today, reason
    if not recall:
        with transition_guard(case, pgettext("recall step", "作出不予召回的决定")):
            case.withdraw()
            case.withdrawn_on = today
            with organization_language():
                case.withdrawn_reason = _("党组决定不予召回:%(reason)s") % {"reason": reason}
            case.save()
        audit(case, "decline", before, actor=actor, reason=reason)
        with organization_language():
            tell(
                case,
                hr_users_for(case.cadre),
                "declined",
                _("党组决定不予召回:%(name)s") % {"name": case.cadre.name},
                reason,
            )
        return case
    if announce:
        case.announce_from = today
        case.announce_until = add_working_days(today, case.policy.announcement_working_days)
        updated = RecallCase.objects.filter(
            pk=case.pk, state=RecallCase.State.PROPOSED, decided_at__isnull=True
        ).update(
            decided_by=actor,
            decided_at=case.decided_at,
            decided_on=today,
            decision_reason=reason,
            announce_from=case.announce_from,
            announce_until=case.announce_until,
            updated_at=timezone.now(),
        )
        if updated != 1:
            refuse(_("该事项已被他人处理,请刷新后再办理。"), code="conflict")
        audit(case, "decide", before, actor=actor, reason=reason)
        with organization_language():
            tell(
                case,
                hr_users_for(case.cadre),
                "announce",
                _("召回公示:%(name)s,公示至%(date)s")
                % {"name": case.cadre.name, "date": format_date_zh(case.announce_until)},
                _("公示期满无异议的,请发出召回令。"),
                due=case.announce_until,
            )
        return case
    _issue_order(case, actor=actor, ordered_on=today, before=before, reason=reason)
    return case


@transaction.atomic
def recall_case_order(
    *, case: RecallCase, actor, ordered_on: datetime.date | None = None, today: datetime.date | None = None
) -> RecallCase:
    """HR over the cadre issues the order after the committee's decision and its public announcement."""
    today = today or timezone.localdate()
    require_hr(actor, case.cadre, pgettext("recall step", "发出召回令"))
    if not can_proceed(case.order):
        state_refusal(case, pgettext("recall step", "发出召回令"))
    if case.decided_at is None:
        refuse(_("党组尚未作出召回决定,不能发出召回令。"), code="invalid_state")
    if case.announce_until is not None and today <= case.announce_until:
        refuse(
            _("召回公示至%(date)s,公示期满后方可发出召回令。") % {"date": format_date_zh(case.announce_until)},
            code="announcement_running",
        )
    ordered_on = ordered_on or today
    not_future(ordered_on, "ordered_on", today)
    if case.announce_until is not None and ordered_on <= case.announce_until:
        refuse(_("召回日期须在公示期满之后。"), "ordered_on")
    _issue_order(case, actor=actor, ordered_on=ordered_on, before=snapshot(case, CASE_FIELDS), reason="")
    return case


def _issue_order(case: RecallCase, *, actor, ordered_on: datetime.date, before: dict, reason: str) -> None:
    if ordered_on < case.basis_date:
        refuse(_("召回日期不能早于召回依据的日期。"), "ordered_on")
    # Numbers run per organization and year: the organization's row serialises two orders issued at once.
    Organization.objects.select_for_update().filter(pk=case.organization_id).first()
    year = ordered_on.year
    seq = (
        RecallCase.objects.filter(organization_id=case.organization_id, order_year=year).aggregate(n=Max("order_seq"))[
            "n"
        ]
        or 0
    ) + 1
    with transition_guard(case, pgettext("recall step", "发出召回令")):
        case.order()
        case.order_year, case.order_seq = year, seq
        case.order_no = f"{case.policy.order_prefix}〔{year}〕{seq}号"
        case.ordered_on, case.ordered_by = ordered_on, actor
        case.holding_office = case.policy.holding_office
        case.save()
    audit(case, "order", before, actor=actor, reason=reason or case.order_no)
    with organization_language():
        tell(
            case,
            [*cadre_user(case.cadre), *hr_users_for(case.cadre)],
            "ordered",
            _("召回令 %(no)s:%(name)s") % {"no": case.order_no, "name": case.cadre.name},
            _("自%(date)s起召回,人事关系暂挂%(office)s,先行谈心培训,再到一线回炉锻炼%(months)s个月。")
            % {
                "date": format_date_zh(ordered_on),
                "office": case.holding_office,
                "months": case.policy.retraining_months,
            },
        )


# --- withdrawal -------------------------------------------------------------------------------------------------


@transaction.atomic
def recall_case_withdraw(
    *, case: RecallCase, reason: str, actor=None, today: datetime.date | None = None
) -> RecallCase:
    """A case no longer stands. `actor` None is the system following a revised grade."""
    today = today or timezone.localdate()
    if actor is not None and not (is_committee_of(actor, case.cadre) or is_hr_of(actor, case.cadre)):
        refuse(_("只有党组(党委)或管理该干部的组织人事部门可以撤回召回事项。"), code="permission_denied")
    if not can_proceed(case.withdraw):
        state_refusal(case, pgettext("recall step", "撤回"))
    reason = clean_text(reason, "reason", required=_("请填写撤回原因。"))
    before = snapshot(case, CASE_FIELDS)
    with transition_guard(case, pgettext("recall step", "撤回")):
        case.withdraw()
        case.withdrawn_on, case.withdrawn_reason = today, reason
        case.save()
    audit(case, "withdraw", before, actor=actor, reason=reason)
    with organization_language():
        tell(
            case,
            [*cadre_user(case.cadre), *hr_users_for(case.cadre), *committee_users_for(case.cadre)],
            "withdrawn",
            _("召回事项已撤回:%(name)s") % {"name": case.cadre.name},
            reason,
        )
    return case
