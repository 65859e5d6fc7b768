"""Checking a roster against the organization's data and planning every change, without writing anything.

The organization's units, posts, cadres, current appointments, groups and memberships are read once, in a few
queries, so that checking ten thousand rows does not ask the database ten thousand times.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from common.imports.reading import Sheet
from org.models import Appointment, AssessmentGroup, Cadre, GroupMembership, Organization, Post, Unit
from org.roster import columns as col
from org.roster.columns import GENDER_LABELS
from org.roster.issues import RosterIssue
from org.roster.plan import CadreOp, EndOp, FieldChange, HeadcountChange, MembershipOp, PostRef, RosterPlan, StartOp
from org.roster.rows import RosterRow, cell_text, parse_row
from org.roster.scope import RosterScope
from org.roster.units import AmbiguousUnit, UnitNode, UnitTree

YEAR_RANGE = range(2000, 2101)


@dataclass
class _State:
    """The organization as it is now."""

    units: list[Unit]
    unit_paths: dict[int, str]
    posts: dict[tuple[int, str], Post]
    cadres: dict[str, Cadre]
    open_appointments: dict[int, list[Appointment]]
    holders: Counter
    groups: dict[str, AssessmentGroup]
    group_names: dict[int, str]
    memberships: dict[int, int]

    @classmethod
    def load(cls, organization: Organization, year: int) -> "_State":
        units = list(Unit.objects.filter(organization=organization).order_by("pk"))
        units_by_id = {u.pk: u for u in units}
        posts = list(Post.objects.filter(unit__organization=organization))
        for post in posts:
            post.unit = units_by_id[post.unit_id]
        posts_by_id = {p.pk: p for p in posts}
        cadres = list(Cadre.objects.filter(organization=organization))
        cadres_by_id = {c.pk: c for c in cadres}
        open_appointments: dict[int, list[Appointment]] = {}
        holders: Counter = Counter()
        for appointment in Appointment.objects.filter(
            post__unit__organization=organization, end_date__isnull=True
        ).order_by("start_date", "pk"):
            holders[appointment.post_id] += 1
            cadre = cadres_by_id.get(appointment.cadre_id)
            if cadre is None:
                continue
            appointment.post = posts_by_id[appointment.post_id]
            appointment.cadre = cadre
            open_appointments.setdefault(cadre.pk, []).append(appointment)
        groups = list(AssessmentGroup.objects.filter(organization=organization, year=year))
        memberships = dict(
            GroupMembership.objects.filter(year=year, cadre__organization=organization).values_list(
                "cadre_id", "group_id"
            )
        )
        return cls(
            units=units,
            unit_paths={u.pk: u.path for u in units},
            posts={(p.unit_id, p.name): p for p in posts},
            cadres={c.employee_no: c for c in cadres},
            open_appointments=open_appointments,
            holders=holders,
            groups={g.name: g for g in groups},
            group_names={g.pk: g.name for g in groups},
            memberships=memberships,
        )


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Planner:
    def __init__(self, *, organization: Organization, year: int, scope: RosterScope, plan: RosterPlan):
        self.organization = organization
        self.year = year
        self.scope = scope
        self.plan = plan
        self.state = _State.load(organization, year)
        self.tree = UnitTree(organization=organization, units=self.state.units)
        plan.groups = dict(self.state.groups)
        self.posts: dict[tuple[int, str], PostRef] = {}
        self.ended_by_post: Counter = Counter()  # by post id
        self.started_by_post: Counter = Counter()  # by PostRef: a new post has no id yet

    def issue(self, row: RosterRow, column: str, message: str) -> None:
        self.plan.issues.append(RosterIssue(row=row.number, column=column, message=message))

    def run(self, rows: list[RosterRow]) -> None:
        nodes: dict[int, UnitNode] = {}
        for final in (False, True):
            for row in rows:
                if final and row.number not in nodes:
                    continue
                try:
                    nodes[row.number] = self.tree.resolve(row.unit_path, final=final)
                except AmbiguousUnit as exc:
                    nodes.pop(row.number, None)
                    self.issue(row, col.UNIT, str(exc))
        for row in rows:
            if row.number in nodes:
                self.plan_row(row, nodes[row.number])
        self.finish()

    def plan_row(self, row: RosterRow, node: UnitNode) -> None:
        if not self.scope.covers(node.anchor_path):
            self.issue(row, col.UNIT, _("单位不在您的管理范围内"))
            return
        cadre = self.state.cadres.get(row.employee_no)
        if cadre is not None and not self.scope.covers(self.state.unit_paths.get(cadre.unit_id)):
            self.issue(row, col.EMPLOYEE_NO, _("该工号的干部不在您的管理范围内"))
            return
        issues_before = len(self.plan.issues)
        post, start, ends = self.plan_post(row, node, cadre)
        if len(self.plan.issues) > issues_before:
            return

        op = CadreOp(row=row, node=node, cadre=cadre)
        if cadre is None:
            self.plan.new_cadres.append(op)
        else:
            op.changes = self.cadre_changes(row, node, cadre)
            if op.changes:
                self.plan.updated_cadres.append(op)
        if start is not None:
            self.plan.ended.extend(ends)
            for end in ends:
                self.ended_by_post[end.appointment.post_id] += 1
            self.plan.started.append(start)
            self.started_by_post[id(post)] += 1
        self.plan_group(row, cadre)

    def cadre_changes(self, row: RosterRow, node: UnitNode, cadre: Cadre) -> list[FieldChange]:
        changes = []
        if row.name != cadre.name:
            changes.append(FieldChange("name", col.NAME, cadre.name, row.name))
        if row.gender != cadre.gender:
            changes.append(
                FieldChange("gender", col.GENDER, GENDER_LABELS.get(cadre.gender, "—"), GENDER_LABELS[row.gender])
            )
        # A blank optional cell leaves what is recorded: a partly filled roster must not erase data.
        if row.birth_date is not None and row.birth_date != cadre.birth_date:
            changes.append(
                FieldChange("birth_date", col.BIRTH_DATE, _display(cadre.birth_date), _display(row.birth_date))
            )
        if node.unit is None or node.unit.pk != cadre.unit_id:
            old = self.tree.existing.get(cadre.unit_id)
            changes.append(FieldChange("unit", col.UNIT, old.label if old else "—", node.label))
        if row.rank_grade and row.rank_grade != cadre.rank_grade:
            changes.append(FieldChange("rank_grade", col.RANK_GRADE, _display(cadre.rank_grade), row.rank_grade))
        return changes

    def plan_post(self, row: RosterRow, node: UnitNode, cadre: Cadre | None):
        """(post, start, ends): the appointment the row starts, if any, and the appointments it ends."""
        if not row.post_name:
            return None, None, []
        post = self.post_ref(row, node)
        if post.kind != row.post_kind:
            if post.post is not None:
                message = _("与现有职务“%(post)s”的类别“%(kind)s”不一致。")
            else:
                message = _("与第 %(row)d 行同一职务“%(post)s”的类别“%(kind)s”不一致。")
            self.issue(
                row, col.POST_KIND, message % {"post": post.label, "kind": post.kind_label, "row": post.first_row}
            )
            return None, None, []
        current = self.state.open_appointments.get(cadre.pk, []) if cadre is not None else []
        held = next((a for a in current if post.post is not None and a.post_id == post.post.pk), None)
        if held is not None:
            if held.start_date != row.start_date:
                self.plan.warnings.append(
                    RosterIssue(
                        row=row.number,
                        column=col.START_DATE,
                        message=_("已在任该职务,任职日期以系统记录(%(date)s)为准,未作修改。")
                        % {"date": held.start_date.isoformat()},
                    )
                )
            return post, None, []
        # Taking a new post ends the others (职务调整) on the new start date.
        ends = []
        for appointment in current:
            if row.start_date <= appointment.start_date:
                self.issue(
                    row,
                    col.START_DATE,
                    _("任职日期须晚于现任职务“%(post)s”的任职日期(%(date)s),才能结束原任职。")
                    % {"post": appointment.post, "date": appointment.start_date.isoformat()},
                )
            elif not self.scope.covers(self.state.unit_paths.get(appointment.post.unit_id)):
                self.issue(
                    row,
                    col.POST,
                    _("现任职务“%(post)s”不在您的管理范围内,无法调整。") % {"post": appointment.post},
                )
            else:
                unit = self.tree.existing.get(appointment.post.unit_id)
                label = f"{unit.label if unit else appointment.post.unit.name} · {appointment.post.name}"
                ends.append(EndOp(row=row, appointment=appointment, end_date=row.start_date, post_label=label))
        return post, StartOp(row=row, post=post, start_date=row.start_date, cadre=cadre), ends

    def post_ref(self, row: RosterRow, node: UnitNode) -> PostRef:
        key = (id(node), row.post_name)
        ref = self.posts.get(key)
        if ref is None:
            existing = self.state.posts.get((node.unit.pk, row.post_name)) if node.unit is not None else None
            ref = PostRef(
                node=node,
                name=row.post_name,
                kind=existing.kind if existing else row.post_kind,
                post=existing,
                first_row=row.number,
                headcount=existing.headcount if existing else 1,
            )
            self.posts[key] = ref
        return ref

    def plan_group(self, row: RosterRow, cadre: Cadre | None) -> None:
        if not row.group_name:
            return
        group = self.state.groups.get(row.group_name)
        if group is None and row.group_name not in self.plan.new_groups:
            self.plan.new_groups.append(row.group_name)
        current = self.state.memberships.get(cadre.pk) if cadre is not None else None
        if group is not None and current == group.pk:
            return
        old = self.state.group_names.get(current, "") if current is not None else ""
        self.plan.memberships.append(MembershipOp(row=row, group_name=row.group_name, old_group_name=old, cadre=cadre))

    def finish(self) -> None:
        for ref in self.posts.values():
            started = self.started_by_post[id(ref)]
            if ref.post is None:
                if started:
                    ref.headcount = started
                    self.plan.new_posts.append(ref)
                continue
            # The roster decides who holds the post; the headcount grows to fit them.
            final = self.state.holders[ref.post.pk] - self.ended_by_post[ref.post.pk] + started
            if final > ref.post.headcount:
                ref.headcount = final
                self.plan.headcounts.append(HeadcountChange(post=ref, old=ref.post.headcount, new=final))
        used = {id(c.node) for c in [*self.plan.new_cadres, *self.plan.updated_cadres]}
        used |= {id(p.node) for p in self.plan.new_posts}
        # A new unit is planned for what the rows name, and for the units above it.
        needed = set()
        for node in self.tree.new_nodes:
            if id(node) in used:
                walk = node
                while walk is not None and walk.is_new:
                    needed.add(id(walk))
                    walk = walk.parent
        self.plan.new_units = [n for n in self.tree.new_nodes if id(n) in needed]


def roster_plan(
    *,
    organization: Organization,
    year: int,
    sheet: Sheet,
    scope: RosterScope,
    today: datetime.date | None = None,
) -> RosterPlan:
    """Check every row and plan every change. Reads the database; writes nothing."""
    plan = RosterPlan(
        organization=organization,
        year=year,
        file_name=sheet.file_name,
        sheet_name=sheet.sheet_name,
        row_count=len(sheet.rows),
    )
    if year not in YEAR_RANGE:
        plan.issues.append(RosterIssue(row=None, column="", message=_("年度 %(year)s 无效。") % {"year": year}))
        return plan
    today = today or timezone.localdate()
    rows: list[RosterRow] = []
    first_row_of: dict[str, int] = {}
    for raw in sheet.rows:
        row, issues = parse_row(raw, today=today)
        employee_no = cell_text(raw.values.get(col.EMPLOYEE_NO))
        if employee_no in first_row_of:
            issues.append(
                RosterIssue(
                    row=raw.number,
                    column=col.EMPLOYEE_NO,
                    message=_("工号“%(no)s”与第 %(row)d 行重复。")
                    % {"no": employee_no, "row": first_row_of[employee_no]},
                )
            )
            row = None
        elif employee_no:
            first_row_of[employee_no] = raw.number
        plan.issues.extend(issues)
        if row is not None:
            rows.append(row)
    _Planner(organization=organization, year=year, scope=scope, plan=plan).run(rows)
    return plan
