"""Warning kinds. An app declares each kind once, from its setup:

    register_warning(WarningKind(
        code="demotion.waiting_end",
        label=_("影响期届满预警"),
        description=_("组织处理或处分的影响期将在一个月内届满时,告知组织人事部门。"),
        scan=scan_waiting_ends,         # scan(today=..., organization_ids=...) -> notices created
    ))

`scan` is None for a kind that another trigger sends (it checks `warning_enabled` itself)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class WarningKind:
    code: str
    label: StrOrPromise
    # What it does and who is told, in a sentence for HR's switch page.
    description: StrOrPromise
    scan: Callable[..., int] | None = None
    # Where on the page it is listed (the catalog's order, not registration order).
    order: int = 100


_KINDS: dict[str, WarningKind] = {}


def register_warning(kind: WarningKind) -> WarningKind:
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"warning kind {kind.code!r} is registered twice")
    _KINDS[kind.code] = kind
    from notices import registry

    registry.name_kinds({kind.code: kind.label})
    return kind


def unregister_warning(code: str) -> None:
    _KINDS.pop(code, None)


def warning_kinds() -> list[WarningKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.code))


def get_warning(code: str) -> WarningKind | None:
    return _KINDS.get(code)


ScanDay = datetime.date
