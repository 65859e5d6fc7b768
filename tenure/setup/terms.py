"""Wiring of the terms: org's cap check and appointment listener, the reminders and the placement deadline, the
audit words, the panels and the demo.

Reminders (`tenure.term_reminder`): each TermReminder row is told once, on its day (or at the first scan after it),
to HR of the post's unit (and, for a term's end, to the cadre), through notices.registry — a kind marked
`milestone`, since the day is not a deadline for the reader. The term sync writes no row whose day was already long
past when the term was computed (tenure.services.terms.REMINDER_GRACE_DAYS).

The placement (`tenure.placement`) is due at the term's end, for every term whose appointment is still held and has
no placement; HR of the unit is told on the day, the committee a week of working days later."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.workdays import format_date_zh
from notices.registry import DeadlineKind, Reminder, register

REMINDER_CODE = "tenure.term_reminder"
# The 任现职 ladder is a kind of the early-warning catalog (notices.warnings): switched off for an organization, its
# ladder rows are not told there (the term-end reminders are deadlines, not warnings, and always go out).
LADDER_WARNING = "tenure.ladder"
# 《党政领导干部交流工作规定》第十条: a leader who has held the same post for 10 years must be exchanged (交流); from
# that ladder year on the cadre is told too, not HR alone.
EXCHANGE_YEARS = 10
PLACEMENT_CODE = "tenure.placement"
PLACEMENT_WINDOW_DAYS = 90


def _reminders_due():
    """Rows whose day has come, of terms still held and not placed, not yet told: a told row leaves the scan."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from notices.models import Notice
    from notices.warnings.selectors import disabled_organization_ids
    from tenure.models import TermReminder

    told = Notice.objects.filter(
        kind=REMINDER_CODE,
        subject_type=ContentType.objects.get_for_model(TermReminder),
        subject_id=Cast(OuterRef("pk"), CharField()),
    )
    return (
        TermReminder.objects.filter(
            fires_on__lte=timezone.localdate(), term__appointment__end_date__isnull=True, term__placement__isnull=True
        )
        .exclude(Exists(told))
        .exclude(kind=TermReminder.Kind.LADDER, term__organization_id__in=disabled_organization_ids(LADDER_WARNING))
        .select_related("term__cadre__user", "term__cadre__unit", "term__post__unit", "term__appointment")
    )


def _reminder_recipients(reminder):
    from tenure.models import TermReminder
    from tenure.selectors.people import hr_users_covering

    people = list(hr_users_covering(reminder.term.post.unit))
    exchange_due = reminder.kind == TermReminder.Kind.LADDER and reminder.count >= EXCHANGE_YEARS
    if (reminder.kind == TermReminder.Kind.TERM_END or exchange_due) and reminder.term.cadre.user_id:
        people.append(reminder.term.cadre.user)
    return people


def _describe_reminder(reminder):
    from tenure.models import TermReminder

    term = reminder.term
    url = reverse("tenure:term_detail", args=[term.pk])
    values = {
        "name": term.cadre.name,
        "post": term.post,
        "n": term.number,
        "count": reminder.count,
        "start": format_date_zh(term.starts_on),
        "end": format_date_zh(term.ends_on),
        "since": format_date_zh(term.appointment.start_date),
    }
    if reminder.kind == TermReminder.Kind.TERM_END:
        return (
            _("【任期提醒】%(name)s(%(post)s)第%(n)s任期%(count)s个月后届满") % values,
            _(
                "%(name)s任%(post)s的第%(n)s任期(%(start)s至%(end)s)将于%(end)s届满。请在届满前研究提出届满安置意见"
                "(提拔、连任或续聘、交流、改任非领导职务、到所属单位任职、提前离岗或待岗),报党组决定。"
            )
            % values,
            url,
        )
    if reminder.count >= EXCHANGE_YEARS:
        return (
            _("【任期提醒】%(name)s任%(post)s已满%(count)s年") % values,
            _(
                "%(name)s任%(post)s至今已满%(count)s年。按照《党政领导干部交流工作规定》,在同一职位上任职满%(exchange)s年的"
                "应当交流,请研究提出交流任职意见。"
            )
            % {**values, "exchange": EXCHANGE_YEARS},
            url,
        )
    return (
        _("【任期提醒】%(name)s任%(post)s已满%(count)s年") % values,
        _("%(name)s任%(post)s至今已满%(count)s年。请按干部交流的有关规定研究是否交流任职。") % values,
        url,
    )


TERM_REMINDER = DeadlineKind(
    code=REMINDER_CODE,
    label=gettext_lazy("任期提醒"),
    queryset=_reminders_due,
    due_date=lambda reminder: reminder.fires_on,
    recipients=_reminder_recipients,
    reminders=(Reminder.on_due(),),
    describe=_describe_reminder,
    unit_of=lambda reminder: reminder.term.post.unit,
    unit_field="term__post__unit",
    milestone=True,
)


def _placements_owed():
    from tenure.models import Term

    today = timezone.localdate()
    return Term.objects.filter(
        appointment__end_date__isnull=True,
        ended_on__isnull=True,
        placement__isnull=True,
        ends_on__gte=today - datetime.timedelta(days=PLACEMENT_WINDOW_DAYS),
    ).select_related("cadre", "post__unit", "appointment")


def _describe_placement(term):
    values = {"name": term.cadre.name, "post": term.post, "n": term.number, "end": format_date_zh(term.ends_on)}
    return (
        _("届满安置:%(name)s(%(post)s)第%(n)s任期") % values,
        _("%(name)s任%(post)s的第%(n)s任期于%(end)s届满,请研究提出届满安置意见,报党组决定。") % values,
        reverse("tenure:term_detail", args=[term.pk]),
    )


def _hr_of(term):
    from tenure.selectors.people import hr_users_covering

    return hr_users_covering(term.post.unit)


def _committee_of(term):
    from tenure.selectors.people import committee_users_covering

    return committee_users_covering(term.post.unit)


PLACEMENT = DeadlineKind(
    code=PLACEMENT_CODE,
    label=gettext_lazy("任期届满安置"),
    queryset=_placements_owed,
    due_date=lambda term: term.ends_on,
    recipients=_hr_of,
    reminders=(Reminder.on_due(),),
    escalate_to=_committee_of,
    escalate_after=5,
    describe=_describe_placement,
    unit_of=lambda term: term.post.unit,
    unit_field="post__unit",
)


def ready() -> None:
    """Registers this area's checks, listener, deadline kinds, panels, audit words and demo."""
    from notices.warnings.registry import WarningKind, register_warning
    from org.appointment_hooks import register_appointment_listener, register_move_check
    from org.demo import register_extension
    from tenure import audit_labels, panels  # noqa: F401  (register words, panels and sections)
    from tenure.demo import demo_tenure_load
    from tenure.selectors.checks import cap_refusal
    from tenure.services.terms import appointments_listener

    register_move_check(cap_refusal)
    register_appointment_listener(appointments_listener)
    register(TERM_REMINDER)
    register(PLACEMENT)
    register_warning(
        WarningKind(
            code=LADDER_WARNING,
            label=gettext_lazy("任现职年限提醒"),
            description=gettext_lazy(
                "干部任现职达到任期制办法所列年限时,告知组织人事部门;达到应当交流的年限时,同时告知干部本人。"
            ),
            order=10,
        )
    )
    register_extension(demo_tenure_load)
