"""Deadline kinds. A domain app declares each of its deadlines once, here, and the scanner, the inbox and the
deadline list do the rest; `notices` itself knows no domain app.

    register(DeadlineKind(
        code="demotion.commitment_letter",
        label="主动让贤承诺书",
        queryset=lambda: CommitmentLetter.objects.filter(signed_at__isnull=True),
        due_date=lambda letter: letter.due_date,
        recipients=lambda letter: [letter.cadre.user],
        reminders=(Reminder.before(3), Reminder.on_due(), Reminder.after(1)),
        escalate_to=lambda letter: hr_users_for(letter.cadre.unit),
        describe=lambda letter: ("签署主动让贤承诺书", "请在期限内签署。", f"/demotion/letters/{letter.pk}/"),
        unit_of=lambda letter: letter.cadre.unit,
        unit_field="cadre__unit",
    ))
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django_stubs_ext import StrOrPromise

from common.workdays import add_working_days, subtract_working_days

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from org.models import Unit


@dataclass(frozen=True)
class Reminder:
    """When to tell: `offset` working days before (negative) or after (positive) the due date; 0 is the day."""

    offset: int

    @classmethod
    def before(cls, working_days: int) -> Reminder:
        return cls(-working_days)

    @classmethod
    def on_due(cls) -> Reminder:
        return cls(0)

    @classmethod
    def after(cls, working_days: int) -> Reminder:
        return cls(working_days)

    @property
    def occurrence(self) -> str:
        if self.offset < 0:
            return f"before:{-self.offset}"
        if self.offset == 0:
            return "due"
        return f"after:{self.offset}"

    def fires_on(self, due: datetime.date) -> datetime.date:
        if self.offset < 0:
            return subtract_working_days(due, -self.offset)
        return add_working_days(due, self.offset)


ESCALATION = "escalation"


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    # The objects that still owe this deadline (a signed letter drops out and gets no further reminder).
    queryset: Callable[[], QuerySet[Any]]
    due_date: Callable[[object], datetime.date]
    recipients: Callable[[object], Iterable]
    describe: Callable[[object], tuple[str, str, str]]  # title, body, url
    reminders: tuple[Reminder, ...] = (Reminder.before(3), Reminder.on_due(), Reminder.after(1))
    # Who is told once the deadline is missed, and how many working days after the due date.
    escalate_to: Callable[[object], Iterable] | None = None
    escalate_after: int = 1
    unit_of: Callable[[Any], Unit | None] | None = None
    # The queryset's path to the unit, for the HR deadline list's scope filter (e.g. "cadre__unit").
    unit_field: str | None = None
    # A kind whose date marks something to be told about (a term ending in six months), not a deadline for the
    # recipient: its notices say the kind's own title and body, without the deadline wording, and the deadline list
    # leaves it out.
    milestone: bool = False
    # A deadline counted in working days: `recompute` gives it again from the calendar as it is now, `move` stores a
    # later one (a guarded update from the old day; False when the object changed meanwhile). When an admin enters a
    # year's calendar, deadlines computed on the Monday–Friday fallback are recomputed (notices.recompute).
    recompute: Callable[[object], datetime.date] | None = None
    move: Callable[[object, datetime.date, datetime.date], bool] | None = None
    # A deadline counted anew at each read rather than stored (`live`): `due_date` is what the person is shown now,
    # `recompute` the bare count. The engine reads the days told before the calendar changes (deadlines_told) and,
    # when the new count is earlier, `hold` keeps the day told (a floor stored with the object).
    live: bool = False
    hold: Callable[[object, datetime.date], None] | None = None
    # False for a period told once and not chased (a 公示, an appeal window): declared only so that entering a
    # calendar recomputes it; the scanner sends no reminders for it and the deadline list leaves it out.
    scanned: bool = True

    def schedule(self, due: datetime.date) -> list[tuple[str, datetime.date, bool]]:
        """(occurrence, the day it fires, is escalation) for a deadline due on `due`."""
        rows = [(r.occurrence, r.fires_on(due), False) for r in self.reminders]
        if self.escalate_to is not None:
            rows.append((ESCALATION, add_working_days(due, self.escalate_after), True))
        return rows


_KINDS: dict[str, DeadlineKind] = {}


def register(kind: DeadlineKind) -> DeadlineKind:
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"deadline kind {kind.code!r} is registered twice")
    _KINDS[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    _KINDS.pop(code, None)


def kinds() -> list[DeadlineKind]:
    return list(_KINDS.values())


def get_kind(code: str) -> DeadlineKind | None:
    return _KINDS.get(code)


# Names of the kinds that are announced rather than scanned for (notices_announce): each app names its own.
_NAMES: dict[str, StrOrPromise] = {}


def name_kinds(names: dict[str, str] | dict[str, StrOrPromise]) -> None:
    _NAMES.update(names)


def kind_label(code: str) -> str:
    """What a notice is about, in words: the deadline kind's label, the announced kind's name, or else the notices of
    the app it comes from. Never the code."""
    kind = _KINDS.get(code)
    if kind is not None:
        return str(kind.label)
    if code in _NAMES:
        return str(_NAMES[code])
    from django.apps import apps
    from django.utils.translation import gettext

    app_label = code.split(".", 1)[0]
    try:
        return gettext("%(app)s通知") % {"app": apps.get_app_config(app_label).verbose_name}
    except LookupError:
        return gettext("其他通知")


def occurrence_label(occurrence: str) -> str:
    """Which reminder or event of the kind a notice is, in words ("before:3" → 截止前3个工作日)."""
    from django.utils.translation import gettext

    head, _sep, tail = occurrence.partition(":")
    if head == "before" and tail.isdigit():
        return gettext("截止前%(n)s个工作日") % {"n": tail}
    if head == "after" and tail.isdigit():
        return gettext("逾期%(n)s个工作日") % {"n": tail}
    words = {
        "due": gettext("截止当日"),
        ESCALATION: gettext("逾期督办"),
        "moved": gettext("截止日期顺延"),
        "remind": gettext("催办"),
        "published": gettext("结果公布"),
    }
    return words.get(head, gettext("事项通知"))
