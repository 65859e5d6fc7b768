"""When an admin enters a year's official calendar (日历调整), the open working-day deadlines counted while the year
had none (Monday–Friday, DOMAIN.md §7) are counted again. A deadline only ever moves later: the day a person was told
stays the day they may rely on (a holiday found in the new calendar gives them more time; an adjusted working weekend
never takes time away). Each move is audited and the people who owe the deadline are told the new day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record
from common.workdays import format_date_zh
from notices import registry
from notices.services import notices_announce

AUDIT_ACTION = "notices.deadline.recompute"


@transaction.atomic
def deadlines_recompute(*, years: Iterable[int], actor=None) -> int:
    """Recompute the open deadlines of every kind that can be recomputed whose day (old or new) falls in `years`;
    move the later ones. Returns how many moved. Safe to run twice: a second run finds nothing later."""
    years = set(years)
    moved = 0
    for kind in registry.kinds():
        if kind.recompute is None or kind.move is None:
            continue
        for obj in kind.queryset():
            old: datetime.date = kind.due_date(obj)
            new = kind.recompute(obj)
            if new <= old or not ({old.year, new.year} & years):
                continue  # never earlier than what the person was told
            if not kind.move(obj, old, new):
                continue
            reason = _("%(years)s年日历已录入,按正式日历重新计算截止日期") % {
                "years": "、".join(str(y) for y in sorted(years))
            }
            audit_log_record(
                actor=actor,
                action=AUDIT_ACTION,
                subject=obj,
                before={"deadline": old.isoformat(), "kind": kind.code},
                after={"deadline": new.isoformat(), "kind": kind.code},
                reason=reason,
            )
            title, _body, url = kind.describe(obj)
            notices_announce(
                recipients=kind.recipients(obj),
                kind=kind.code,
                subject=obj,
                occurrence=f"moved:{new.isoformat()}",
                title=_("截止日期顺延至%(date)s:%(what)s") % {"date": format_date_zh(new), "what": title},
                body=_("%(label)s的截止日期原为%(old)s,按正式节假日安排重新计算后顺延至%(new)s。")
                % {"label": kind.label, "old": format_date_zh(old), "new": format_date_zh(new)},
                url=url,
                due_date=new,
            )
            moved += 1
    return moved
