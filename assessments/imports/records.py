"""What the point (加减分) and veto (一票否决) imports share. Imported entries wait for the party committee's
approval, as entries recorded one by one do.

A row that repeats an entry already recorded (pending or approved) is skipped, so importing the same file twice
records nothing twice. Each kind's own checks are in `points` and `vetoes`.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.imports import cells
from assessments.imports import columns as col
from assessments.imports.plan import CadreRef, ImportPlan
from assessments.imports.scores import organization_cadres
from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.selectors.publication import is_published
from common.imports.issues import file_issue
from common.imports.preview import MAX_LISTED, section
from common.imports.reading import RawRow, Sheet
from org.models import Cadre, Organization
from org.roster.scope import RosterScope

NEW, RECORDED = "new", "recorded"
COUNTED = [ApprovalStatus.PENDING, ApprovalStatus.APPROVED]


@dataclass(eq=False)
class RecordOp:
    row: int
    cadre: CadreRef
    item: PointItem | VetoItem
    occurred_on: datetime.date
    evidence: str
    note: str
    points: Decimal | None = None  # points only
    status: str = NEW  # RECORDED: the same entry is already recorded; skipped

    def key(self) -> list:
        return [self.cadre.pk, self.item.pk, self.occurred_on.isoformat(), str(self.points), self.evidence, self.note]


@dataclass(eq=False)
class RecordPlan(ImportPlan):
    """A kind names its checker, the model of its entries and the service recording them (`record_many(entries=,
    actor=)`, which audits each)."""

    ops: list[RecordOp] = field(default_factory=list)
    checker_class: ClassVar[type]
    entry_model: ClassVar[type[PointEntry] | type[VetoEntry]]
    record_many: ClassVar[Callable[..., None]]

    def entry(self, op: RecordOp, cadre: Cadre, actor) -> PointEntry | VetoEntry:
        points = {} if op.points is None else {"points": op.points}  # points only
        return self.entry_model(
            cadre=cadre,
            item=op.item,
            year=self.year,
            occurred_on=op.occurred_on,
            evidence=op.evidence,
            note=op.note,
            recorded_by=actor,
            **points,
        )

    def counts(self) -> dict[str, int]:
        counted = Counter(op.status for op in self.ops)
        return {NEW: counted[NEW], RECORDED: counted[RECORDED]}

    def changing_counts(self) -> tuple[str, ...]:
        return (NEW,)

    def operations(self) -> list[list]:
        return [[op.status, *op.key()] for op in self.ops]

    def _sections(self, columns: list[str], cells_of) -> list[dict]:
        new = [op for op in self.ops if op.status == NEW]
        recorded = [op for op in self.ops if op.status == RECORDED]
        head = [_("行号"), _("工号"), _("姓名")]
        sections = [
            section(
                _("新增记录(待党委审批)"),
                [*head, *columns],
                [[op.row, op.cadre.employee_no, op.cadre.name, *cells_of(op)] for op in new[:MAX_LISTED]],
                len(new),
            ),
            section(
                _("已登记,跳过"),
                [*head, *columns],
                [[op.row, op.cadre.employee_no, op.cadre.name, *cells_of(op)] for op in recorded[:MAX_LISTED]],
                len(recorded),
            ),
        ]
        return [s for s in sections if s["total"]]


class RecordChecker:
    """What points and vetoes share: the year, the cadre, the catalog item, the date, the evidence, the note."""

    item_model: type
    item_column: str
    file_format: col.FileFormat

    def __init__(self, *, plan: RecordPlan, scope: RosterScope, today: datetime.date):
        self.plan = plan
        self.year = plan.year
        self.scope = scope
        self.today = today
        items = list(self.item_model.objects.filter(organization=plan.organization).order_by("sort_order", "id"))
        self.items_by_name = {i.name: i for i in items}
        self.items_by_code = {i.code.lower(): i for i in items}
        self.item_names = "、".join(i.name for i in items if i.is_active)
        self.cadres = organization_cadres(plan.organization)

    def check_common(self, raw: RawRow, issue) -> tuple[dict, CadreRef | None, object, datetime.date | None]:
        text = {c: cells.cell_text(raw.values.get(c)) for c in self.file_format.columns}
        problem = cells.year_problem(text[col.YEAR], self.year)
        if problem:
            issue(col.YEAR, problem)
        cadre = None
        if not text[col.EMPLOYEE_NO]:
            issue(col.EMPLOYEE_NO, cells.required())
        else:
            cadre = self.cadres.get(text[col.EMPLOYEE_NO])
            if cadre is None:
                issue(col.EMPLOYEE_NO, _("工号“%(no)s”不是本机构的干部。") % {"no": text[col.EMPLOYEE_NO]})
            elif not self.scope.covers(cadre.unit_path):
                issue(col.EMPLOYEE_NO, _("工号“%(no)s”的干部不在您的管理范围内。") % {"no": cadre.employee_no})
                cadre = None
        item = None
        name = text[self.item_column]
        if not name:
            issue(self.item_column, cells.required())
        else:
            item = self.items_by_name.get(name) or self.items_by_code.get(name.lower())
            if item is None:
                issue(
                    self.item_column,
                    _("“%(value)s”不在本机构的%(catalog)s目录中,可填写:%(names)s。")
                    % {"value": name, "catalog": self.item_column, "names": self.item_names},
                )
            elif not item.is_active:
                issue(self.item_column, _("“%(item)s”已停用。") % {"item": item.name})
                item = None
        occurred_on = None
        try:
            occurred_on = cells.parse_date(raw.values.get(col.OCCURRED_ON))
        except cells.CellError as exc:
            issue(col.OCCURRED_ON, str(exc))
        else:
            if occurred_on is None:
                issue(col.OCCURRED_ON, cells.required())
            elif occurred_on.year != self.year:
                issue(col.OCCURRED_ON, _("发生日期应在 %(year)d 年内。") % {"year": self.year})
                occurred_on = None
            elif occurred_on > self.today:
                issue(col.OCCURRED_ON, _("发生日期不能晚于今天。"))
                occurred_on = None
        if not text[col.EVIDENCE]:
            issue(col.EVIDENCE, _("请填写依据材料(文件、通报或事实)。"))
        for column, limit in self.file_format.max_lengths.items():
            problem = cells.too_long(text[column], limit)
            if problem:
                issue(column, problem)
        return text, cadre, item, occurred_on


def record_plan(
    plan_class: type[RecordPlan],
    *,
    organization: Organization,
    year: int,
    sheet: Sheet,
    scope: RosterScope,
    for_update: bool = False,
    today: datetime.date | None = None,
) -> RecordPlan:
    """Check every row and plan every entry. Reads the database (locking the file's cadres `for_update`); writes
    nothing."""
    if for_update:
        lock_cadres(organization, sheet)
    plan = plan_class(
        organization=organization,
        year=year,
        file_name=sheet.file_name,
        sheet_name=sheet.sheet_name,
        row_count=len(sheet.rows),
    )
    if is_published(organization_id=organization.pk, year=year):
        plan.issues.append(
            file_issue(
                _("%(year)d 年考核结果已公布,不能再登记%(what)s;如有异议请通过申诉复核。")
                % {"year": year, "what": plan.title}
            )
        )
        return plan
    checker = plan_class.checker_class(plan=plan, scope=scope, today=today or timezone.localdate())
    ops = [op for op in (checker.check(raw) for raw in sheet.rows) if op is not None]
    if not plan.issues:
        plan.ops = ops
    return plan


def record_plan_write(plan: RecordPlan, *, actor) -> None:
    """Record the plan's new entries through the kind's service (which audits each)."""
    new = [op for op in plan.ops if op.status == NEW]
    cadres = Cadre.objects.in_bulk({op.cadre.pk for op in new})
    plan.record_many(entries=[plan.entry(op, cadres[op.cadre.pk], actor) for op in new], actor=actor)


def lock_cadres(organization: Organization, sheet: Sheet) -> None:
    """The cadres the file names, locked as the one-entry services lock them, so that an entry recorded by hand
    meanwhile cannot slip past the cap the import checks."""
    numbers = {cells.cell_text(raw.values.get(col.EMPLOYEE_NO)) for raw in sheet.rows}
    list(Cadre.objects.select_for_update().filter(organization=organization, employee_no__in=numbers).values("pk"))
