"""What an import will change, as HR sees it in the preview and as the apply step carries it out."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from org.models import Appointment, AssessmentGroup, Cadre, Organization, Post
from org.roster.columns import COLUMNS, POST_KIND_LABELS
from org.roster.issues import RosterIssue
from org.roster.rows import RosterRow
from org.roster.units import UnitNode


@dataclass(eq=False)
class PostRef:
    node: UnitNode
    name: str
    kind: str
    post: Post | None  # None: a new post
    first_row: int
    headcount: int = 1

    @property
    def label(self) -> str:
        return f"{self.node.label} · {self.name}"

    @property
    def kind_label(self) -> str:
        return POST_KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_leadership(self) -> bool:
        return self.kind != Post.Kind.STAFF


@dataclass(frozen=True)
class FieldChange:
    field: str  # the model field
    label: str  # the roster column
    old: str
    new: str


@dataclass(eq=False)
class CadreOp:
    row: RosterRow
    node: UnitNode
    cadre: Cadre | None = None  # None: a new cadre
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def employee_no(self) -> str:
        return self.row.employee_no

    @property
    def name(self) -> str:
        return self.row.name


@dataclass(frozen=True)
class HeadcountChange:
    post: PostRef
    old: int
    new: int


@dataclass(frozen=True)
class EndOp:
    row: RosterRow
    appointment: Appointment
    end_date: datetime.date
    post_label: str


@dataclass(frozen=True)
class StartOp:
    row: RosterRow
    post: PostRef
    start_date: datetime.date
    cadre: Cadre | None  # None: the cadre is new


@dataclass(frozen=True)
class MembershipOp:
    row: RosterRow
    group_name: str
    old_group_name: str
    cadre: Cadre | None  # None: the cadre is new


@dataclass(frozen=True)
class NearDuplicate:
    """A unit, post or group the roster would create whose name is close to an existing one (org.roster.similar):
    HR chooses, per name, to use an existing one or to create it. `key` names the choice (NAME_CHOICE_* below)."""

    kind: str  # "unit", "post" or "group"
    key: str
    name: str
    where: str  # the unit (or the year) the new one would be created in
    candidates: list[tuple[int, str]]  # (id, label) of the existing ones, closest first
    first_row: int | None = None

    @property
    def kind_label(self) -> str:
        return {"unit": _("单位"), "post": _("职务"), "group": _("考核组")}[self.kind]


# The choice keys: "unit:<label of the new unit>", "post:<unit label>|<post name>", "group:<name>"; the value is
# NEW or the id of the existing row to use instead.
NEW = "new"


def unit_choice_key(label: str) -> str:
    return f"unit:{label}"


def post_choice_key(unit_label: str, name: str) -> str:
    return f"post:{unit_label}|{name}"


def group_choice_key(name: str) -> str:
    return f"group:{name}"


@dataclass(eq=False)
class RosterPlan:
    organization: Organization
    year: int
    file_name: str
    sheet_name: str | None = None
    row_count: int = 0
    issues: list[RosterIssue] = field(default_factory=list)
    warnings: list[RosterIssue] = field(default_factory=list)
    new_units: list[UnitNode] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    new_posts: list[PostRef] = field(default_factory=list)
    headcounts: list[HeadcountChange] = field(default_factory=list)
    new_cadres: list[CadreOp] = field(default_factory=list)
    updated_cadres: list[CadreOp] = field(default_factory=list)
    ended: list[EndOp] = field(default_factory=list)
    started: list[StartOp] = field(default_factory=list)
    memberships: list[MembershipOp] = field(default_factory=list)
    # Cadres of the roster without a login, who get one (org.services.accounts), by 工号.
    new_logins: list[str] = field(default_factory=list)
    login_cadres: list[Cadre] = field(default_factory=list, repr=False)  # those of new_logins already on record
    # New names close to existing ones, awaiting HR's choice; and the choices the plan was made with.
    near_duplicates: list[NearDuplicate] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)
    # The existing groups of the year, by name; the apply step adds the new ones.
    groups: dict[str, AssessmentGroup] = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.issues

    def sorted_issues(self) -> list[RosterIssue]:
        order = {c: i for i, c in enumerate(COLUMNS)}
        return sorted(self.issues, key=lambda i: (i.row or 0, order.get(i.column, -1)))

    def counts(self) -> dict[str, int]:
        return {
            "new_cadres": len(self.new_cadres),
            "updated_cadres": len(self.updated_cadres),
            "new_units": len(self.new_units),
            "new_posts": len(self.new_posts),
            "headcounts": len(self.headcounts),
            "started": len(self.started),
            "ended": len(self.ended),
            "new_groups": len(self.new_groups),
            "memberships": len(self.memberships),
            "new_logins": len(self.new_logins),
        }

    def summary(self) -> list[tuple[str, int]]:
        """(label, count) in the order the preview shows them."""
        labels = {
            "new_cadres": _("新增干部"),
            "updated_cadres": _("更新干部"),
            "new_units": _("新增单位"),
            "new_posts": _("新增职务"),
            "headcounts": _("职数调整"),
            "started": _("新任职"),
            "ended": _("结束任职"),
            "new_groups": _("新增考核组"),
            "memberships": _("考核组变更"),
            "new_logins": _("新建登录账号"),
        }
        return [(labels[key], count) for key, count in self.counts().items()]

    @property
    def has_changes(self) -> bool:
        return any(self.counts().values())

    def operations(self) -> list[list]:
        """Every change as plain values: what the fingerprint is taken over."""
        ops: list[list] = [["unit", n.label] for n in self.new_units]
        ops += [["group", name] for name in self.new_groups]
        ops += [["post", p.label, p.kind, p.headcount] for p in self.new_posts]
        ops += [["headcount", h.post.label, h.old, h.new] for h in self.headcounts]
        ops += [["cadre", c.employee_no, c.name, c.row.gender, c.node.label] for c in self.new_cadres]
        ops += [
            ["cadre_update", c.employee_no, [[f.field, f.old, f.new] for f in c.changes]] for c in self.updated_cadres
        ]
        ops += [["end", e.appointment.pk, e.end_date.isoformat()] for e in self.ended]
        ops += [["start", s.row.employee_no, s.post.label, s.start_date.isoformat()] for s in self.started]
        ops += [["member", m.row.employee_no, m.group_name, m.old_group_name] for m in self.memberships]
        ops += [["login", number] for number in self.new_logins]
        return ops

    @property
    def fingerprint(self) -> str:
        payload = json.dumps([self.organization.pk, self.year, self.operations()], ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()
