"""One roster row: its cells checked and turned into values, without looking at the database."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.imports.reading import RawRow
from org.roster import columns as col
from org.roster.issues import RosterIssue

_SEPARATED_DATE = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class RosterRow:
    number: int
    employee_no: str
    name: str
    gender: str
    birth_date: datetime.date | None
    unit_path: tuple[str, ...]
    post_name: str
    post_kind: str | None
    start_date: datetime.date | None
    rank_grade: str
    group_name: str

    @property
    def unit_label(self) -> str:
        return "/".join(self.unit_path)


def cell_text(value) -> str:
    """A cell as text. Excel stores a number typed into a general cell as a float; 1001.0 is the 工号 1001."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    return str(value).strip()


class CellError(ValueError):
    pass


def parse_date(value) -> datetime.date | None:
    """Excel date cells, and text written as 2025-01-24, 2025/1/24, 2025.1.24 or 2025年1月24日."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if isinstance(value, int | float):
        raise CellError(_("“%(value)s”不是日期,请填写如 2025-01-24 的日期。") % {"value": text})
    match = _SEPARATED_DATE.fullmatch(text)
    parts: tuple[str, ...] | None = (match.group(1), match.group(3), match.group(4)) if match else None
    if parts is None:
        match = _CHINESE_DATE.fullmatch(text)
        parts = match.groups() if match else None
    if parts is None:
        raise CellError(_("“%(value)s”不是日期,请填写如 2025-01-24 的日期。") % {"value": text})
    try:
        return datetime.date(*(int(p) for p in parts))
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在。") % {"value": text}) from exc


def parse_unit_path(text: str) -> tuple[str, ...]:
    for separator in col.UNIT_SEPARATORS[1:]:
        text = text.replace(separator, col.UNIT_SEPARATORS[0])
    return tuple(part.strip() for part in text.split(col.UNIT_SEPARATORS[0]))


def parse_row(raw: RawRow, *, today: datetime.date) -> tuple[RosterRow | None, list[RosterIssue]]:
    issues: list[RosterIssue] = []

    def issue(column: str, message: str) -> None:
        issues.append(RosterIssue(row=raw.number, column=column, message=message))

    text = {column: cell_text(raw.values.get(column)) for column in col.COLUMNS}
    for column in (col.EMPLOYEE_NO, col.NAME, col.GENDER, col.UNIT):
        if not text[column]:
            issue(column, _("必填,不能为空。"))
    for column, limit in col.MAX_LENGTHS.items():
        if column != col.UNIT and len(text[column]) > limit:
            issue(column, _("不能超过 %(limit)d 个字。") % {"limit": limit})

    gender = col.GENDERS.get(text[col.GENDER])
    if text[col.GENDER] and gender is None:
        issue(col.GENDER, _("“%(value)s”无效,应填“男”或“女”。") % {"value": text[col.GENDER]})

    dates = {}
    for column in (col.BIRTH_DATE, col.START_DATE):
        try:
            dates[column] = parse_date(raw.values.get(column))
        except CellError as exc:
            issue(column, str(exc))
            dates[column] = None
    birth_date, start_date = dates[col.BIRTH_DATE], dates[col.START_DATE]
    if birth_date and birth_date >= today:
        issue(col.BIRTH_DATE, _("出生日期不能晚于今天。"))
    if birth_date and start_date and start_date <= birth_date:
        issue(col.START_DATE, _("任职日期必须晚于出生日期。"))

    unit_path = parse_unit_path(text[col.UNIT]) if text[col.UNIT] else ()
    if unit_path and not all(unit_path):
        issue(col.UNIT, _("单位路径“%(value)s”中有空的单位名称。") % {"value": text[col.UNIT]})
    elif any(len(part) > col.MAX_LENGTHS[col.UNIT] for part in unit_path):
        issue(col.UNIT, _("单位名称不能超过 %(limit)d 个字。") % {"limit": col.MAX_LENGTHS[col.UNIT]})

    post_kind = col.POST_KINDS.get(text[col.POST_KIND])
    if text[col.POST_KIND] and post_kind is None:
        issue(
            col.POST_KIND,
            _("“%(value)s”无效,应为%(choices)s之一。")
            % {
                "value": text[col.POST_KIND],
                "choices": "、".join(col.POST_KINDS),
            },
        )
    if text[col.POST]:
        if not text[col.POST_KIND]:
            issue(col.POST_KIND, _("填写了职务时必填。"))
        if not text[col.START_DATE]:
            issue(col.START_DATE, _("填写了职务时必填。"))

    if issues:
        return None, issues
    assert gender is not None  # required: a blank or unknown gender is an issue above
    return RosterRow(
        number=raw.number,
        employee_no=text[col.EMPLOYEE_NO],
        name=text[col.NAME],
        gender=gender,
        birth_date=birth_date,
        unit_path=unit_path,
        post_name=text[col.POST],
        post_kind=post_kind if text[col.POST] else None,
        start_date=start_date if text[col.POST] else None,
        rank_grade=text[col.RANK_GRADE],
        group_name=text[col.GROUP],
    ), []
