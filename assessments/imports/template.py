"""The blank files HR downloads, fills in and imports again: one data sheet, and a 填写说明 sheet with what each
column takes, an example, and the organization's own choices (the year's components, the catalogs)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.imports import cells
from assessments.imports import columns as col
from assessments.imports.scores import current_scheme
from assessments.models import PERIOD_KINDS_BY_FREQUENCY, PointItem, VetoItem
from common.imports.template import DATE_FORMAT, TEMPLATE_ROWS, data_sheet, guide_finish, guide_sheet, workbook_bytes
from org.models import Organization

TEXT_COLUMNS = {col.RATER_NO, col.RATEE_NO, col.EMPLOYEE_NO}  # 工号 as text keeps leading zeros


def _notes(kind: str) -> dict[str, str]:
    notes = {
        col.YEAR: _("必填。与导入时所选年度一致,如 2025。"),
        col.NOTE: _("可空,不超过 200 字。"),
        col.EMPLOYEE_NO: _("必填。干部的工号,须是本机构的干部,且在您的管理范围内。"),
        col.OCCURRED_ON: _("必填。所选年度内、不晚于今天的日期,如 2025-03-15、2025/3/15 或 2025年3月15日。"),
        col.EVIDENCE: _("必填。文件、通报或事实依据。"),
    }
    if kind == col.SCORES:
        notes.update(
            {
                col.PERIOD: _(
                    "必填。第一季度、第二季度、第三季度、第四季度、上半年、下半年、全年,或 Q1–Q4、H1、H2、Y。"
                ),
                col.COMPONENT: _("必填。本年度考核方案中的考核项目名称或代码(见下表)。期间须是该项目的评分期间。"),
                col.RATER_NO: _("必填。评分人的工号,须已被分配对被评人该项目评分。"),
                col.RATEE_NO: _("必填。被评干部的工号,须在您的管理范围内。"),
                col.SCORE: _("必填。在该项目的分值范围内,最多两位小数。已有的评分将被更新。"),
            }
        )
    elif kind == col.POINTS_KIND:
        notes.update(
            {
                col.POINT_ITEM: _("必填。加减分目录中的项目名称或代码(见下表)。"),
                col.POINTS: _("可空,留空按项目的每次分值。填正数,扣分项也填正数。同一项目每年累计不超过上限。"),
            }
        )
    else:
        notes[col.VETO_ITEM] = _("必填。一票否决事项目录中的名称或代码(见下表)。")
    return notes


def _example(kind: str, year: int) -> list:
    if kind == col.SCORES:
        return [year, "第一季度", "季度述职评议", "0101", "0001", 92.5, ""]
    day = datetime.date(year, 3, 15)
    if kind == col.POINTS_KIND:
        return [year, "0001", "被通报批评", "", day, _("某某通报〔%(year)d〕3号") % {"year": year}, ""]
    return [year, "0001", "受到严肃问责", day, _("某某问责决定〔%(year)d〕1号") % {"year": year}, ""]


def _choices(kind: str, organization: Organization | None, year: int) -> tuple[str, list[str], list[list]]:
    """The organization's own choices: a title, a header and rows for the instructions sheet."""
    if organization is None:
        return "", [], []
    if kind == col.SCORES:
        scheme = current_scheme(organization=organization, year=year)
        if scheme is None:
            return _("%(year)d 年尚无考核方案。") % {"year": year}, [], []
        return (
            _("%(year)d 年考核项目(%(scheme)s)") % {"year": year, "scheme": scheme},
            [_("代码"), _("考核项目"), _("评分期间"), _("分值范围")],
            [
                [
                    c.code,
                    c.name,
                    "、".join(col.PERIOD_LABEL_OF[k] for k in PERIOD_KINDS_BY_FREQUENCY[c.frequency]),
                    f"{cells.number(c.min_score)}–{cells.number(c.max_score)}",
                ]
                for c in scheme.components.order_by("sort_order", "id")
            ],
        )
    if kind == col.POINTS_KIND:
        items = PointItem.objects.filter(organization=organization, is_active=True).order_by("kind", "sort_order")
        return (
            _("加减分目录"),
            [_("代码"), _("类别"), _("加减分项目"), _("加/扣分"), _("每次分值"), _("每年上限")],
            [[i.code, i.category, i.name, i.get_kind_display(), _num(i.points), _num(i.cap_per_year)] for i in items],
        )
    items = VetoItem.objects.filter(organization=organization, is_active=True).order_by("sort_order", "id")
    return (
        _("一票否决事项目录"),
        [_("代码"), _("否决事项"), _("说明")],
        [[i.code, i.name, i.description] for i in items],
    )


def _num(value: Decimal) -> float:
    return float(value)


def import_template(*, kind: str, organization: Organization | None = None, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    file_format = col.FORMATS[kind]
    columns = file_format.columns
    notes = _notes(kind)
    workbook = Workbook()
    widths = {col.COMPONENT: 20, col.POINT_ITEM: 30, col.VETO_ITEM: 24, col.EVIDENCE: 36, col.NOTE: 24}
    letters = data_sheet(workbook, title=file_format.sheet_name, columns=columns, notes=notes, widths=widths)
    sheet = workbook.active
    last = TEMPLATE_ROWS + 1
    for name in columns:
        if name in TEXT_COLUMNS:
            for row in range(2, last + 1):
                sheet[f"{letters[name]}{row}"].number_format = "@"
        elif name == col.OCCURRED_ON:
            for row in range(2, last + 1):
                sheet[f"{letters[name]}{row}"].number_format = DATE_FORMAT
    if col.PERIOD in letters:
        validation = DataValidation(type="list", formula1='"' + ",".join(col.PERIOD_LABELS) + '"', allow_blank=True)
        validation.error = _("请从下拉列表中选择。")
        validation.errorTitle = col.PERIOD
        # Codes (Q1…) are accepted too, so a typed value is not refused.
        validation.showErrorMessage = False
        sheet.add_data_validation(validation)
        validation.add(f"{letters[col.PERIOD]}2:{letters[col.PERIOD]}{last}")

    lines = [
        _(
            "请在“%(sheet)s”工作表中每条记录填写一行,第一行表头不要修改。导入前会先显示预览,确认后才写入;"
            "任何一行有错误时不会导入任何数据。"
        )
        % {"sheet": file_format.sheet_name}
    ]
    if kind != col.SCORES:
        lines.append(_("导入的记录为“待审批”状态,经党委审批后才计入考核。已登记过的相同记录会被跳过。"))
    guide, example_header = guide_sheet(
        workbook,
        title=col.INSTRUCTIONS_SHEET_NAME,
        columns=columns,
        notes=notes,
        lines=lines,
        example=_example(kind, year),
    )
    header_rows = []
    title, header, rows = _choices(kind, organization, year)
    if title:
        guide.append([])
        guide.append([title])
        if header:
            header_rows.append(guide.max_row + 1)
            guide.append(header)
            for r in rows:
                guide.append(r)
    guide_finish(guide, columns=columns, example_header=example_header, header_rows=tuple(header_rows), widths=(14, 16))
    return workbook_bytes(workbook)
