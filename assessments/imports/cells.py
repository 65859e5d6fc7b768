"""Cells shared by every import: the year, the cadre's 工号, dates and lengths. Each check gives the reason in
Chinese, or None when the cell is good."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.inputs import InputError, number_text, read_decimal
from org.roster.rows import CellError, cell_text, parse_date

__all__ = ["CellError", "cell_text", "number", "parse_date", "parse_decimal", "required", "too_long", "year_problem"]

_YEAR = re.compile(r"(\d{4})\s*(年度?)?")


def required() -> str:
    return _("必填,不能为空。")


def year_problem(text: str, year: int) -> str | None:
    """The 年度 cell must name the year chosen for the import (a file of last year's scores is a mistake)."""
    if not text:
        return required()
    match = _YEAR.fullmatch(text)
    if match is None:
        return _("“%(value)s”不是有效的年度,请填写如 %(year)d 的四位年份。") % {"value": text, "year": year}
    if int(match.group(1)) != year:
        return _("年度 %(value)s 与导入所选年度 %(year)d 不一致。") % {"value": match.group(1), "year": year}
    return None


def parse_decimal(text: str, *, what: str) -> Decimal:
    """A finite number with at most two decimals (assessments.inputs.read_decimal); CellError with the reason."""
    try:
        return read_decimal(text, what=what)
    except InputError as e:
        raise CellError(e.message) from None


def too_long(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return _("不能超过 %(limit)d 个字。") % {"limit": limit}
    return None


number = number_text  # 85.50 → "85.5", 90.00 → "90": scores as people write them
