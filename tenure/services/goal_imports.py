"""Term goals from a spreadsheet: the blank template (XLSX with its instructions sheet) and the import, which is
all-or-nothing — every row is checked first, and a file with any bad row writes nothing and lists every problem by
row and column. A good file proposes every goal in one transaction (each audited as if proposed one by one); the
goals then wait for review like any other. Goals are small files (a unit's handful a year): the import runs in the
request."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.imports.issues import ImportInvalid, ImportIssue
from common.imports.reading import RawRow, SheetFormat, sheet_read
from common.imports.template import data_sheet, guide_finish, guide_sheet, workbook_bytes
from org.models import Cadre, Organization, Unit
from tenure.models import GoalArea, TermGoal
from tenure.services.goals import goal_propose, goal_values, may_propose

C_UNIT, C_RESP, C_CADRE, C_SCOPE, C_YEAR, C_END = "单位", "责任类型", "责任人工号", "目标类型", "年度", "止年"
C_AREA, C_TITLE, C_KIND, C_TARGET, C_MEASURE = "目标领域", "目标名称", "指标类型", "目标值", "计量单位"
C_DESC, C_STEPS, C_WEIGHT = "目标描述", "落实措施", "权重"
COLUMNS = (C_UNIT, C_RESP, C_CADRE, C_SCOPE, C_YEAR, C_END, C_AREA, C_TITLE, C_KIND, C_TARGET, C_MEASURE, C_DESC,
           C_STEPS, C_WEIGHT)  # fmt: skip
GOAL_FORMAT = SheetFormat(
    columns=COLUMNS,
    sheet_name="任期目标",
    key_column=C_TITLE,
    optional_columns=frozenset({C_END, C_TARGET, C_MEASURE, C_DESC, C_STEPS, C_WEIGHT, C_CADRE}),
)
# The field a service error names → the column it is shown in.
FIELD_COLUMNS = {
    "responsibility": C_RESP,
    "cadre": C_CADRE,
    "scope": C_SCOPE,
    "year": C_YEAR,
    "end_year": C_END,
    "area": C_AREA,
    "title": C_TITLE,
    "kind": C_KIND,
    "target": C_TARGET,
    "description": C_DESC,
    "weight": C_WEIGHT,
    "unit": C_UNIT,
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(text: str, choices) -> str | None:
    """A choice by its label (as the template lists them) or its code."""
    for value, label in choices:
        if text in (str(label), value):
            return value
    return None


def _year(text: str):
    return int(text) if text.isdigit() and len(text) == 4 else text or None


def _units(*, organization: Organization, actor) -> dict[str, list[Unit]]:
    units: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(organization=organization, closed_on__isnull=True):
        units.setdefault(unit.name, []).append(unit)
    return units


def goal_rows_check(*, organization: Organization, actor, rows: list[RawRow]) -> list[tuple[Unit, dict]]:
    """Every row as (unit, values) the service accepts; raises ImportInvalid with every problem of the file."""
    units = _units(organization=organization, actor=actor)
    cadres = {c.employee_no: c for c in Cadre.objects.filter(organization=organization)}
    issues: list[ImportIssue] = []
    checked = []
    for raw in rows:
        cells = {column: _text(raw.values.get(column)) for column in COLUMNS}
        row_issues: list[ImportIssue] = []

        def issue(column: str, message: str, number=raw.number, found=row_issues) -> None:
            found.append(ImportIssue(row=number, column=column, message=message))

        matches = units.get(cells[C_UNIT], [])
        unit = matches[0] if len(matches) == 1 else None
        if not cells[C_UNIT]:
            issue(C_UNIT, _("请填写单位。"))
        elif not matches:
            issue(C_UNIT, _("找不到单位“%(name)s”。") % {"name": cells[C_UNIT]})
        elif len(matches) > 1:
            issue(C_UNIT, _("有多个单位名为“%(name)s”,请在系统中逐条录入。") % {"name": cells[C_UNIT]})
        elif unit is not None and not may_propose(actor, unit):  # one match: unit is set
            issue(C_UNIT, _("单位“%(name)s”不在您的管理范围内。") % {"name": unit.name})
        cadre = None
        if cells[C_CADRE]:
            cadre = cadres.get(cells[C_CADRE])
            if cadre is None:
                issue(C_CADRE, _("找不到工号为“%(no)s”的干部。") % {"no": cells[C_CADRE]})
        try:
            weight = Decimal(cells[C_WEIGHT]) if cells[C_WEIGHT] else None
        except InvalidOperation:
            issue(C_WEIGHT, _("请填写数字。"))
            weight = None
        values = {
            "responsibility": _choice(cells[C_RESP], TermGoal.Responsibility.choices),
            "cadre": cadre,
            "scope": _choice(cells[C_SCOPE], TermGoal.Scope.choices),
            "year": _year(cells[C_YEAR]),
            "end_year": _year(cells[C_END]),
            "area": _choice(cells[C_AREA], GoalArea.choices),
            "title": cells[C_TITLE],
            "kind": _choice(cells[C_KIND], TermGoal.Kind.choices),
            "target": cells[C_TARGET] or None,
            "measure_unit": cells[C_MEASURE],
            "description": cells[C_DESC],
            "measures": cells[C_STEPS],
            "weight": weight,
        }
        try:
            values = {**values, **goal_values(unit=unit, values=values, organization_id=organization.pk)}
        except ApplicationError as error:
            for field, messages in error.field_errors.items():
                if field == "cadre" and cells[C_CADRE] and cadre is None:
                    continue  # already said: no such 工号
                for message in messages:
                    issue(FIELD_COLUMNS.get(field, ""), str(message))
        issues.extend(row_issues)
        if not row_issues:
            assert unit is not None  # no unit is an issue above
            checked.append((unit, values))
    if issues:
        raise ImportInvalid(issues)
    return checked


@transaction.atomic
def goals_import(*, organization: Organization, actor, content: bytes, file_name: str) -> list[TermGoal]:
    """All the file's goals proposed, or none (ImportInvalid lists every problem)."""
    sheet = sheet_read(content=content, file_name=file_name, file_format=GOAL_FORMAT)
    checked = goal_rows_check(organization=organization, actor=actor, rows=sheet.rows)
    reason = _("从文件“%(name)s”导入") % {"name": file_name}
    return [goal_propose(unit=unit, actor=actor, values=values, reason=reason) for unit, values in checked]


NOTES = {
    C_UNIT: "单位名称,须与系统中的单位名称一致(必填)",
    C_RESP: "共同责任 或 岗位责任(必填)",
    C_CADRE: "岗位责任目标的责任人工号;共同责任留空",
    C_SCOPE: "任期总体目标 或 年度目标(必填)",
    C_YEAR: "年度目标的年度;总体目标为任期起始年度(必填,四位数字)",
    C_END: "总体目标的任期止年;年度目标留空",
    C_AREA: "八个领域之一:" + "、".join(str(label) for _v, label in GoalArea.choices),
    C_TITLE: "目标名称(必填)",
    C_KIND: "量化指标 或 定性描述(必填)",
    C_TARGET: "量化指标的目标值(数字)",
    C_MEASURE: "目标值的计量单位,如 万元、%、件",
    C_DESC: "定性目标的描述(定性描述必填)",
    C_STEPS: "落实措施",
    C_WEIGHT: "在考评中的权重,默认 10",
}


def goal_template_bytes() -> bytes:
    """The blank template: the data sheet and its instructions with an example."""
    from openpyxl import Workbook

    workbook = Workbook()
    data_sheet(workbook, title=GOAL_FORMAT.sheet_name, columns=COLUMNS, notes=NOTES, widths={C_TITLE: 30, C_DESC: 30})
    guide, example_header = guide_sheet(
        workbook,
        title="填写说明",
        columns=COLUMNS,
        notes=NOTES,
        lines=[
            "每行一个目标。导入后目标为“待审核”,经组织人事部门审核、党组批准后计入考评。",
            "文件中任何一行有误,整个文件都不会导入,系统会逐行列出错误。",
        ],
        example=[
            "城关所",
            "共同责任",
            "",
            "年度目标",
            2026,
            "",
            "工作职能和职责",
            "食品安全抽检批次",
            "量化指标",
            1200,
            "批次",
            "",
            "按季度分解到各网格",
            20,
        ],
    )
    guide_finish(guide, columns=COLUMNS, example_header=example_header, widths=(14, 14))
    return workbook_bytes(workbook)
