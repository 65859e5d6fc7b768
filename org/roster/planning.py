"""Checking a roster against the organization's data and planning every change, without writing anything.

The organization's units, posts, cadres, current appointments, groups and memberships are read once, in a few
queries, so that checking ten thousand rows does not ask the database ten thousand times.
"""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from common.imports.reading import Sheet
from org.models import Cadre, Organization, Post
from org.roster import columns as col
from org.roster.columns import GENDER_LABELS
from org.roster.issues import RosterIssue
from org.roster.logins import plan_logins
from org.roster.names import chosen_id, find_near_duplicates, unit_aliases
from org.roster.plan import (
    CadreOp,
    EndOp,
    FieldChange,
    HeadcountChange,
    MembershipOp,
    PostRef,
    RosterPlan,
    StartOp,
    group_choice_key,
    post_choice_key,
)
from org.roster.rows import RosterRow, cell_text, parse_row
from org.roster.scope import RosterScope
from org.roster.state import RosterState
from org.roster.units import AmbiguousUnit, UnitNode, UnitTree
from org.year_locks import year_lock_reasons

YEAR_RANGE = range(2000, 2101)


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
        self.choices = plan.choices
        self.state = RosterState.load(organization, year)
        # The units a new name may be taken for: open, and within the user's scope.
        self.open_units = [u for u in self.state.units if u.closed_on is None and scope.covers(u.path)]
        aliases = unit_aliases(self.choices, allowed={u.pk for u in self.open_units})
        self.tree = UnitTree(organization=organization, units=self.state.units, aliases=aliases)
        plan.groups = dict(self.state.groups)
        self.posts: dict[tuple[int, int | str], PostRef] = {}  # (node, existing post's pk or the new post's name)
        self.ended_by_post: Counter = Counter()  # by post id
        self.on_record: list[tuple[int, Cadre]] = []  # (row number, cadre) of the rows planned for existing cadres
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
        if node.unit is not None and node.unit.closed_on is not None:
            self.issue(row, col.UNIT, _("单位“%(unit)s”已撤销") % {"unit": node.label})
            return
        cadre = self.state.cadres.get(row.employee_no)
        if cadre is not None and not self.scope.covers(self.state.unit_paths.get(cadre.unit_id)):
            self.issue(row, col.EMPLOYEE_NO, _("该工号的干部不在您的管理范围内"))
            return
        if cadre is not None and cadre.left_on is not None:
            self.issue(
                row,
                col.EMPLOYEE_NO,
                _("该干部已于 %(date)s 离开本单位,不能再由花名册更新") % {"date": cadre.left_on.isoformat()},
            )
            return
        issues_before = len(self.plan.issues)
        post, start, ends = self.plan_post(row, node, cadre)
        if len(self.plan.issues) > issues_before:
            return

        op = CadreOp(row=row, node=node, cadre=cadre)
        if cadre is None:
            self.plan.new_cadres.append(op)
        else:
            self.on_record.append((row.number, cadre))
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
        assert row.start_date is not None  # parse_row: required with a post
        post = self.post_ref(row, node)
        if post.post is not None and not post.post.is_open:
            self.issue(row, col.POST, _("职务“%(post)s”已撤销。") % {"post": post.label})
            return None, None, []
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

    def existing_post(self, node: UnitNode, name: str) -> Post | None:
        """The unit's post the row names: by its name; by the name the pages show ("城关所所长", "城关所 · 所长");
        or, for a new name close to an existing one, by HR's choice."""
        if node.unit is None:
            return None
        post = self.state.posts.get((node.unit.pk, name))
        if post is None and name.startswith(node.unit.name):
            shown = name.removeprefix(node.unit.name).strip(" ·・-—\u3000")
            post = self.state.posts.get((node.unit.pk, shown))
        if post is None:
            chosen = self.state.posts_by_id.get(chosen_id(self.choices, post_choice_key(node.label, name)) or 0)
            post = chosen if chosen is not None and chosen.unit_id == node.unit.pk and chosen.is_open else None
        return post

    def post_ref(self, row: RosterRow, node: UnitNode) -> PostRef:
        assert row.post_kind is not None  # parse_row: required with a post
        existing = self.existing_post(node, row.post_name)
        key = (id(node), existing.pk if existing is not None else row.post_name)
        ref = self.posts.get(key)
        if ref is None:
            ref = PostRef(
                node=node,
                name=existing.name if existing else row.post_name,
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
        if group is None:
            group = self.state.groups_by_id.get(chosen_id(self.choices, group_choice_key(row.group_name)) or 0)
        if group is None and row.group_name not in self.plan.new_groups:
            self.plan.new_groups.append(row.group_name)
        current = self.state.memberships.get(cadre.pk) if cadre is not None else None
        if group is not None and current == group.pk:
            return
        old = self.state.group_names.get(current, "") if current is not None else ""
        name = group.name if group is not None else row.group_name
        self.plan.memberships.append(MembershipOp(row=row, group_name=name, old_group_name=old, cadre=cadre))

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
                walk: UnitNode | None = node
                while walk is not None and walk.is_new:
                    needed.add(id(walk))
                    walk = walk.parent
        self.plan.new_units = [n for n in self.tree.new_nodes if id(n) in needed]
        self.check_year_lock()
        logins, on_record, warnings = plan_logins(
            organization=self.organization, plan=self.plan, existing=self.on_record
        )
        self.plan.new_logins, self.plan.login_cadres = logins, on_record
        self.plan.warnings.extend(warnings)
        posts_by_unit: dict[int, list[Post]] = {}
        for post in self.state.posts.values():
            if post.is_open:
                posts_by_unit.setdefault(post.unit_id, []).append(post)
        self.plan.near_duplicates = find_near_duplicates(
            plan=self.plan,
            tree=self.tree,
            units=self.open_units,
            posts_by_unit=posts_by_unit,
            groups=list(self.state.groups.values()),
            choices=self.choices,
        )

    def check_year_lock(self) -> None:
        """A year whose results are computed keeps its groups (org.year_locks): the roster cannot change them."""
        if not self.plan.memberships:
            return
        reasons = year_lock_reasons(organization=self.organization, year=self.year)
        if reasons:
            message = _("%(year)d年度的考核组已不能调整:%(why)s") % {"year": self.year, "why": ";".join(reasons)}
            for membership in self.plan.memberships:
                self.issue(membership.row, col.GROUP, message)


def roster_plan(
    *,
    organization: Organization,
    year: int,
    sheet: Sheet,
    scope: RosterScope,
    today: datetime.date | None = None,
    choices: dict[str, str] | None = None,
) -> RosterPlan:
    """Check every row and plan every change. Reads the database; writes nothing. `choices` are HR's answers about
    new names close to existing ones (org.roster.names)."""
    plan = RosterPlan(
        organization=organization,
        year=year,
        file_name=sheet.file_name,
        sheet_name=sheet.sheet_name,
        row_count=len(sheet.rows),
        choices=dict(choices or {}),
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
