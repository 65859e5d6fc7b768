"""Wiring of the economic responsibility audits: org's check (an audit under way, or an open finding, holds the
cadre), and the two deadlines — the cadre's written reply to the draft (told to the cadre; silence is no objection,
so nobody is chased when it passes) and the rectification (told to the cadre and HR; the committee when missed)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, register


def _replies_owed():
    from tenure.models import EconomicAudit

    return EconomicAudit.objects.filter(state=EconomicAudit.State.DRAFT, reply_on__isnull=True).select_related(
        "cadre__user", "cadre__unit"
    )


def _rectifications_open():
    from tenure.models import EconomicAudit

    return EconomicAudit.objects.filter(state=EconomicAudit.State.RECTIFYING).select_related(
        "cadre__user", "cadre__unit"
    )


def _cadre(audit):
    return [audit.cadre.user]


def _cadre_and_hr(audit):
    from tenure.selectors.people import hr_users_covering

    return [audit.cadre.user, *hr_users_covering(audit.cadre.unit)]


def _committee(audit):
    from tenure.selectors.people import committee_users_covering

    return committee_users_covering(audit.cadre.unit)


def _reply_recompute(audit):
    from tenure.services.audits import reply_due_for

    return reply_due_for(audit.draft_sent_on)


def _reply_move(audit, old, new) -> bool:
    from tenure.models import EconomicAudit

    # Guarded: only a reply still owed, with the day it was read with.
    return bool(
        EconomicAudit.objects.filter(
            pk=audit.pk, state=EconomicAudit.State.DRAFT, reply_on__isnull=True, reply_due=old
        ).update(reply_due=new)
    )


AUDIT_REPLY = DeadlineKind(
    code="tenure.audit_reply",
    label=gettext_lazy("经济责任审计书面意见"),
    queryset=_replies_owed,
    due_date=lambda audit: audit.reply_due,
    recipients=_cadre,
    reminders=(Reminder.before(2), Reminder.on_due()),
    describe=lambda audit: (
        _("对经济责任审计报告征求意见稿提出书面意见"),
        _("请在期限内对审计报告征求意见稿提出书面意见;逾期未提出的,视为无异议。"),
        reverse("tenure:audit_detail", args=[audit.pk]),
    ),
    unit_of=lambda audit: audit.cadre.unit,
    unit_field="cadre__unit",
    # 10 days whose last day rolls over a rest day (民法典 Art. 203): a holiday in a calendar entered later moves it.
    recompute=_reply_recompute,
    move=_reply_move,
)

AUDIT_RECTIFICATION = DeadlineKind(
    code="tenure.audit_rectification",
    label=gettext_lazy("经济责任审计整改"),
    queryset=_rectifications_open,
    due_date=lambda audit: audit.rectify_due,
    recipients=_cadre_and_hr,
    reminders=(Reminder.before(5), Reminder.on_due(), Reminder.after(1)),
    escalate_to=_committee,
    escalate_after=3,
    describe=lambda audit: (
        _("经济责任审计整改:%(name)s") % {"name": audit.cadre.name},
        _("审计发现的问题须在期限内整改完毕;整改办结前,按规定暂停任免和调动。"),
        reverse("tenure:audit_detail", args=[audit.pk]),
    ),
    unit_of=lambda audit: audit.cadre.unit,
    unit_field="cadre__unit",
)


def ready() -> None:
    from org.appointment_hooks import register_move_check
    from tenure.selectors.checks import audit_refusal

    register_move_check(audit_refusal)
    register(AUDIT_REPLY)
    register(AUDIT_RECTIFICATION)
