"""What other apps attach to appointments: checks that may refuse a move, and listeners told of every change.

`org` must not import the domain apps, so they come to it (from their AppConfig.ready()), as with `org.year_locks`:

- A **move check** answers, for a cadre about to be appointed to a post (APPOINT) or moved to another unit
  (TRANSFER), why that may not happen — a term cap reached, an open audit finding — or None. `appointment_start` and
  `cadre_edit` ask every check before they write and refuse with the reasons. Bulk writes (the roster import) record
  decisions already taken on paper and are not checked.
- An **appointment listener** is called inside the transaction of every change to appointments (started, ended, or
  edited in the admin) with the appointments changed, the actor and the reason, so that data an app derives from
  appointments (terms computed from them) changes with them, audited in the same transaction.

Both are keyed by the function's module and name, so that importing a registering module twice registers once.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from org.models import Cadre, Post, Unit

APPOINT = "appoint"
TRANSFER = "transfer"


@dataclass(frozen=True)
class Move:
    kind: str  # APPOINT or TRANSFER
    cadre: "Cadre"
    on: datetime.date
    post: "Post | None" = None  # APPOINT: the post
    unit: "Unit | None" = None  # TRANSFER: the unit the cadre moves to; APPOINT: the post's unit


MoveCheck = Callable[[Move], str | None]
AppointmentListener = Callable[..., None]  # (*, appointments, actor, reason)

_checks: dict[str, MoveCheck] = {}
_listeners: dict[str, AppointmentListener] = {}


def _key(fn) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def register_move_check(check: MoveCheck) -> MoveCheck:
    """`register_move_check(check)`, or `@register_move_check` above it."""
    _checks[_key(check)] = check
    return check


def unregister_move_check(check: MoveCheck) -> None:
    _checks.pop(_key(check), None)


def move_refusals(move: Move) -> list[str]:
    """Why the move may not happen, one reason per check that says so; empty when it may."""
    reasons = (check(move) for _, check in sorted(_checks.items()))
    return [reason for reason in reasons if reason]


def register_appointment_listener(listener: AppointmentListener) -> AppointmentListener:
    _listeners[_key(listener)] = listener
    return listener


def unregister_appointment_listener(listener: AppointmentListener) -> None:
    _listeners.pop(_key(listener), None)


def appointments_changed(*, appointments: Iterable, actor=None, reason: str = "") -> None:
    """Tell every listener, inside the caller's transaction, that these appointments were written."""
    changed = list(appointments)
    if not changed:
        return
    for _, listener in sorted(_listeners.items()):
        listener(appointments=changed, actor=actor, reason=reason)
