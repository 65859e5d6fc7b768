"""Score import (评分导入): 年度, 期间, 考核项目, 评分人工号, 被评人工号, 分数, 备注.

Every row is checked against the organization's current scheme for the year. The scheme's components and
periods, the organization's cadres, the scheme's rater assignments and the scores already entered are each read
once, so checking ten thousand rows asks the database the same handful of questions as checking ten.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.imports import cells
from assessments.imports import columns as col
from assessments.imports.plan import CadreRef, ImportPlan
from assessments.inputs import component_range_problem
from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Period, RaterAssignment, Scheme, Score
from assessments.selectors.publication import is_published
from assessments.selectors.rater_privacy import pseudonym, visible_rater_ids
from assessments.services.scores import ScoreRow, scores_write_many
from common.imports.issues import ImportIssue, file_issue
from common.imports.preview import MAX_LISTED, section
from common.imports.reading import RawRow, Sheet
from org.models import Cadre, Organization
from org.roster.scope import RosterScope

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass(eq=False, slots=True)
class ScoreOp:
    row: int
    period: Period
    component: Component
    rater: CadreRef
    ratee: CadreRef
    value: Decimal
    note: str
    old_value: Decimal | None = None
    old_note: str = ""
    old_revision: int = 0  # 0: no score yet

    @property
    def status(self) -> str:
        if self.old_revision == 0:
            return NEW
        if self.old_value == self.value and self.old_note == self.note:
            return UNCHANGED
        return CHANGED

    def cells(self, rater: str) -> list:
        return [self.row, self.period.get_kind_display(), self.component.name, rater, self.ratee.label]


@dataclass(eq=False)
class ScorePlan(ImportPlan):
    kind = col.SCORES

    scheme: Scheme | None = None
    ops: list[ScoreOp] = field(default_factory=list)
    # Rater privacy (assessments.selectors.rater_privacy): the raters of the file the viewer may not see, by id, each
    # with the pseudonym shown in their place (评议人 A, B, … in order of id). Their earlier scores are not shown,
    # and a row that would leave one unchanged counts as a change: "未变化" would tell the score it matches.
    hidden_raters: dict[int, str] = field(default_factory=dict)

    def shown_status(self, op: ScoreOp) -> str:
        if op.status == UNCHANGED and op.rater.pk in self.hidden_raters:
            return CHANGED
        return op.status

    def counts(self) -> dict[str, int]:
        counted = Counter(self.shown_status(op) for op in self.ops)
        return {NEW: counted[NEW], CHANGED: counted[CHANGED], UNCHANGED: counted[UNCHANGED]}

    def rater_cell(self, op: ScoreOp) -> str:
        return self.hidden_raters.get(op.rater.pk) or op.rater.label

    def old_value_cell(self, op: ScoreOp) -> str:
        if op.rater.pk in self.hidden_raters:
            return _("不予显示")
        return cells.number(op.old_value)

    def count_labels(self) -> dict[str, str]:
        return {NEW: _("新增评分"), CHANGED: _("修改评分"), UNCHANGED: _("未变化")}

    def changing_counts(self) -> tuple[str, ...]:
        return (NEW, CHANGED)

    def identity(self) -> list:
        return [*super().identity(), self.scheme.pk if self.scheme else None]

    def operations(self) -> list[list]:
        return [
            [op.period.pk, op.component.pk, op.rater.pk, op.ratee.pk, str(op.value), op.note, op.old_revision]
            for op in self.ops
        ]

    def sections(self) -> list[dict]:
        new = [op for op in self.ops if self.shown_status(op) == NEW]
        changed = [op for op in self.ops if self.shown_status(op) == CHANGED]
        common = [_("行号"), _("期间"), _("考核项目"), _("评分人"), _("被评人")]
        sections = [
            section(
                _("新增评分"),
                [*common, _("分数"), _("备注")],
                [[*op.cells(self.rater_cell(op)), cells.number(op.value), op.note or "—"] for op in new[:MAX_LISTED]],
                len(new),
            ),
            section(
                _("修改评分"),
                [*common, _("原分数"), _("新分数"), _("备注")],
                [
                    [*op.cells(self.rater_cell(op)), self.old_value_cell(op), cells.number(op.value), op.note or "—"]
                    for op in changed[:MAX_LISTED]
                ],
                len(changed),
            ),
        ]
        return [s for s in sections if s["total"]]


def current_scheme(*, organization: Organization, year: int) -> Scheme | None:
    return (
        Scheme.objects.select_related("organization")
        .filter(organization=organization, year=year, status=Scheme.Status.CURRENT)
        .first()
    )


def organization_cadres(organization: Organization) -> dict[str, CadreRef]:
    """The organization's cadres by 工号, as plain values (one query, no model instances)."""
    return {
        no: CadreRef(pk=pk, employee_no=no, name=name, unit_path=path)
        for pk, no, name, path in Cadre.objects.filter(organization=organization).values_list(
            "pk", "employee_no", "name", "unit__path"
        )
    }


class _Checker:
    def __init__(self, *, plan: ScorePlan, scheme: Scheme, scope: RosterScope, viewer=None):
        self.plan = plan
        # None: the viewer sees every rater (organization-wide HR, the committee, the admin, the command line).
        self.visible_raters = (
            None if viewer is None else visible_rater_ids(user=viewer, organization_id=scheme.organization_id)
        )
        self.scheme = scheme
        self.year = plan.year
        self.scope = scope
        components = list(Component.objects.filter(scheme=scheme).order_by("sort_order", "id"))
        periods = list(Period.objects.filter(scheme=scheme))
        for item in [*components, *periods]:
            item.scheme = scheme  # the write re-checks the scheme through them; no query per row
        self.components_by_name = {c.name: c for c in components}
        self.components_by_code = {c.code.lower(): c for c in components}
        self.component_names = "、".join(c.name for c in components)
        self.periods = {p.kind: p for p in periods}
        self.cadres = organization_cadres(plan.organization)
        self.assigned = set(
            RaterAssignment.objects.filter(scheme=scheme).values_list("component_id", "rater_id", "ratee_id")
        )
        self.first_row_of: dict[tuple, int] = {}
        self.score_word = _("分数")  # translated once, not once a row

    def check(self, raw: RawRow) -> ScoreOp | None:
        number = raw.number
        text = {c: cells.cell_text(raw.values.get(c)) for c in col.FORMATS[col.SCORES].columns}
        found: list[ImportIssue] = []

        def issue(column: str, message: str) -> None:
            found.append(ImportIssue(row=number, column=column, message=message))

        problem = cells.year_problem(text[col.YEAR], self.year)
        if problem:
            issue(col.YEAR, problem)
        period = self.period(text[col.PERIOD], issue)
        component = self.component(text[col.COMPONENT], issue)
        rater = self.cadre(text[col.RATER_NO], col.RATER_NO, issue)
        ratee = self.cadre(text[col.RATEE_NO], col.RATEE_NO, issue)
        if ratee is not None and not self.scope.covers(ratee.unit_path):
            issue(col.RATEE_NO, _("工号“%(no)s”的干部不在您的管理范围内。") % {"no": ratee.employee_no})
            ratee = None
        value = self.value(text[col.SCORE], component, issue)
        note = text[col.NOTE]
        problem = cells.too_long(note, col.FORMATS[col.SCORES].max_lengths[col.NOTE])
        if problem:
            issue(col.NOTE, problem)

        if period is not None and component is not None and rater is not None and ratee is not None:
            key = (rater.pk, ratee.pk, component.pk, period.pk)
            first = self.first_row_of.setdefault(key, number)
            if first != number:
                issue(
                    "",
                    _("与第 %(row)d 行重复:同一评分人、被评人、考核项目和期间只能有一个分数。") % {"row": first},
                )
            self.cross_check(period, component, rater, ratee, issue)
        if found:
            self.plan.issues.extend(found)
            return None
        return ScoreOp(row=number, period=period, component=component, rater=rater, ratee=ratee, value=value, note=note)

    def period(self, text: str, issue) -> Period | None:
        if not text:
            issue(col.PERIOD, cells.required())
            return None
        kind = col.period_kind(text)
        if kind is None:
            issue(
                col.PERIOD,
                _("“%(value)s”不是有效的期间,应为%(labels)s之一,或 Q1–Q4、H1、H2、Y。")
                % {"value": text, "labels": "、".join(col.PERIOD_LABELS)},
            )
            return None
        period = self.periods.get(kind)
        if period is None:
            issue(
                col.PERIOD,
                _("%(year)d 年考核方案中没有“%(period)s”。") % {"year": self.year, "period": col.PERIOD_LABEL_OF[kind]},
            )
        return period

    def component(self, text: str, issue) -> Component | None:
        if not text:
            issue(col.COMPONENT, cells.required())
            return None
        component = self.components_by_name.get(text) or self.components_by_code.get(text.lower())
        if component is None:
            issue(
                col.COMPONENT,
                _("“%(value)s”不是 %(year)d 年考核方案中的考核项目,可填写:%(names)s。")
                % {"value": text, "year": self.year, "names": self.component_names},
            )
        return component

    def cadre(self, text: str, column: str, issue) -> CadreRef | None:
        if not text:
            issue(column, cells.required())
            return None
        cadre = self.cadres.get(text)
        if cadre is None:
            issue(column, _("工号“%(no)s”不是本机构的干部。") % {"no": text})
        return cadre

    def value(self, text: str, component: Component | None, issue) -> Decimal | None:
        if not text:
            issue(col.SCORE, cells.required())
            return None
        try:
            value = cells.parse_decimal(text, what=self.score_word)
        except cells.CellError as exc:
            issue(col.SCORE, str(exc))
            return None
        problem = component_range_problem(value, component, typed=text) if component is not None else None
        if problem:
            issue(col.SCORE, problem)
            return None
        return value

    def cross_check(self, period: Period, component: Component, rater: CadreRef, ratee: CadreRef, issue) -> None:
        if period.kind not in PERIOD_KINDS_BY_FREQUENCY[component.frequency]:
            issue(
                col.PERIOD,
                _("“%(component)s”%(frequency)s评分,没有“%(period)s”。")
                % {
                    "component": component.name,
                    "frequency": component.get_frequency_display(),
                    "period": period.get_kind_display(),
                },
            )
        elif period.status == Period.Status.PENDING:
            issue(col.PERIOD, _("%(period)s尚未开始评分,不能导入。") % {"period": period})
        elif period.status == Period.Status.CLOSED:
            issue(
                col.PERIOD,
                _("%(period)s评分已结束,不能导入;如需更正,请在评分管理中逐条修改并填写原因。") % {"period": period},
            )
        if rater.pk == ratee.pk:
            issue(col.RATER_NO, _("评分人与被评人不能是同一人。"))
        elif (component.pk, rater.pk, ratee.pk) not in self.assigned and self.rater_hidden(rater):
            issue(
                col.RATER_NO,
                _("该评分人未被分配对 %(ratee)s 的“%(component)s”评分。")
                % {"ratee": ratee.label, "component": component.name},
            )
        elif (component.pk, rater.pk, ratee.pk) not in self.assigned:
            issue(
                col.RATER_NO,
                _("%(rater)s 未被分配对 %(ratee)s 的“%(component)s”评分。")
                % {"rater": rater.label, "ratee": ratee.label, "component": component.name},
            )

    def rater_hidden(self, rater: CadreRef) -> bool:
        return self.visible_raters is not None and rater.pk not in self.visible_raters

    def hidden_raters(self, ops: list[ScoreOp]) -> dict[int, str]:
        hidden = sorted({op.rater.pk for op in ops if self.rater_hidden(op.rater)})
        return {pk: pseudonym(i) for i, pk in enumerate(hidden)}

    def compare(self, ops: list[ScoreOp], *, for_update: bool) -> None:
        """Set each row's score as stored now (one query over the periods the file names)."""
        if not ops:
            return
        scores = Score.objects.filter(scheme=self.scheme, period_id__in={op.period.pk for op in ops})
        if for_update:
            # The write happens in this transaction; a rater saving one of these cells meanwhile waits.
            scores = scores.select_for_update()
        stored = {
            (rater, ratee, component, period): (value, note, revision)
            for rater, ratee, component, period, value, note, revision in scores.values_list(
                "rater_id", "ratee_id", "component_id", "period_id", "value", "note", "revision"
            )
        }
        for op in ops:
            old = stored.get((op.rater.pk, op.ratee.pk, op.component.pk, op.period.pk))
            if old is not None:
                op.old_value, op.old_note, op.old_revision = old


def score_plan(
    *,
    organization: Organization,
    year: int,
    sheet: Sheet,
    scope: RosterScope,
    for_update: bool = False,
    viewer=None,
) -> ScorePlan:
    """Check every row and plan every score. Reads the database; writes nothing. With `viewer`, the plan shows the
    raters that user may not see (assessments.selectors.rater_privacy) as 评议人 A, B, …, without their earlier
    scores."""
    plan = ScorePlan(
        organization=organization,
        year=year,
        file_name=sheet.file_name,
        sheet_name=sheet.sheet_name,
        row_count=len(sheet.rows),
    )
    scheme = current_scheme(organization=organization, year=year)
    if scheme is None:
        plan.issues.append(
            file_issue(
                _("%(org)s %(year)d 年还没有考核方案,请先建立方案再导入评分。")
                % {"org": organization.name, "year": year}
            )
        )
        return plan
    plan.scheme = scheme
    if is_published(organization_id=organization.pk, year=year):
        plan.issues.append(
            file_issue(_("%(year)d 年考核结果已公布,评分已锁定,不能再导入;如有异议请通过申诉复核。") % {"year": year})
        )
        return plan
    checker = _Checker(plan=plan, scheme=scheme, scope=scope, viewer=viewer)
    ops = [op for op in (checker.check(raw) for raw in sheet.rows) if op is not None]
    if not plan.issues:
        checker.compare(ops, for_update=for_update)
        plan.ops = ops
        plan.hidden_raters = checker.hidden_raters(ops)
    return plan


def score_plan_write(plan: ScorePlan, *, actor) -> None:
    rows = [
        ScoreRow(
            period=op.period,
            component=op.component,
            rater_id=op.rater.pk,
            ratee_id=op.ratee.pk,
            value=op.value,
            note=op.note,
        )
        for op in plan.ops
        if op.status != UNCHANGED
    ]
    scores_write_many(
        scheme=plan.scheme, rows=rows, actor=actor, reason=_("评分导入:%(file)s") % {"file": plan.file_name}
    )
