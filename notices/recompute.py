"""When an admin enters a year's official calendar (日历调整), the open working-day deadlines counted while the year
had none (counted Monday to Friday, as for any year whose 国务院办公厅节假日安排 is not yet known) are counted again. A deadline only ever moves later: the day a person was told
stays the day they may rely on (a holiday found in the new calendar gives them more time; an adjusted working weekend
never takes time away). Each move is audited and the people who owe the deadline are told the new day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.workdays import format_date_zh
from notices import registry
from notices.services import notices_announce

AUDIT_ACTION = "notices.deadline.recompute"

Told = dict[str, dict[object, datetime.date]]


def deadlines_told() -> Told:
    """The days the open deadlines counted at each read (`live` kinds) show now, by kind and object: read before a
    calendar change, so that the recomputation afterwards knows what each person was told. Days already past are
    left out."""
    today = timezone.localdate()
    told: Told = {}
    for kind in registry.kinds():
        if not kind.live or kind.recompute is None:
            continue
        days = ((obj.pk, kind.due_date(obj)) for obj in kind.queryset())
        # A window already closed stays closed.
        told[kind.code] = {pk: day for pk, day in days if day >= today}
    return told


@contextmanager
def calendar_change(*, years: Iterable[int], actor=None) -> Iterator[list[int]]:
    """Wrap a change of the calendar (日历调整): the live deadlines are read before it, every open working-day
    deadline is recomputed after it. Yields a list that holds, afterwards, how many deadlines moved."""
    told = deadlines_told()
    result: list[int] = []
    yield result
    result.append(deadlines_recompute(years=years, actor=actor, told=told))


def _move(kind, obj, old: datetime.date, new: datetime.date, years: set[int], actor) -> bool:
    if not kind.move(obj, old, new):
        return False
    reason = _("%(years)s年日历已录入,按正式日历重新计算截止日期") % {"years": "、".join(str(y) for y in sorted(years))}
    audit_log_record(
        actor=actor,
        action=AUDIT_ACTION,
        subject=obj,
        before={"deadline": old.isoformat(), "kind": kind.code},
        after={"deadline": new.isoformat(), "kind": kind.code},
        reason=reason,
    )
    title, _body, url = kind.describe(obj)
    if kind.milestone:
        # A date told for information (the end of a 公示): the notice says the new day and asks for nothing.
        heading = _("日期顺延至%(date)s:%(what)s")
        text = _("%(label)s原定%(old)s结束,按正式节假日安排重新计算后顺延至%(new)s。")
    else:
        heading = _("截止日期顺延至%(date)s:%(what)s")
        text = _("%(label)s的截止日期原为%(old)s,按正式节假日安排重新计算后顺延至%(new)s。")
    notices_announce(
        recipients=kind.recipients(obj),
        kind=kind.code,
        subject=obj,
        occurrence=f"moved:{new.isoformat()}",
        title=heading % {"date": format_date_zh(new), "what": title},
        body=text % {"label": kind.label, "old": format_date_zh(old), "new": format_date_zh(new)},
        url=url,
        due_date=None if kind.milestone else new,
    )
    return True


@transaction.atomic
def deadlines_recompute(*, years: Iterable[int], actor=None, told: Told | None = None) -> int:
    """Recompute the open deadlines of every kind that can be recomputed whose day (old or new) falls in `years`;
    move the later ones. Returns how many moved. Safe to run twice: a second run finds nothing later.

    A stored deadline's old day is the stored one. A live one's is the day `told` read before the change
    (deadlines_told); without `told` the live kinds are left alone. A live count that came out earlier is held at
    the day told."""
    years = set(years)
    moved = 0
    for kind in registry.kinds():
        if kind.recompute is None or kind.move is None:
            continue
        if kind.live and told is None:
            continue
        before = told.get(kind.code, {}) if kind.live and told is not None else {}
        for obj in kind.queryset():
            old = before.get(obj.pk) if kind.live else kind.due_date(obj)
            if old is None:
                continue  # opened after the calendar changed: counted on the new calendar already
            new = kind.recompute(obj)
            if not ({old.year, new.year} & years):
                continue
            if new < old and kind.hold is not None:
                kind.hold(obj, old)  # never earlier than what the person was told
                continue
            if new <= old:
                continue
            moved += _move(kind, obj, old, new, years, actor)
    return moved
