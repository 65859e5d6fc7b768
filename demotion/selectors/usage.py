"""Results usage (考核结果运用): what a published year's grades call for, as lists the party committee takes to its
meeting. Read through the published results (final grades with the committee's tie decisions, per published year).

- 基本称职 → 诫勉 and a deadline to improve (限期改正; **市《科级单位正职领导干部任期制实施细则(试行)》).
- Two consecutive 基本称职, or one 不称职 → not to be re-appointed: 改任职级 / 降职, or 待岗 / training (the same rule).
- 不称职 → down one post or rank level (降低一个职务或者职级层次任职, 《公务员法》).
- Two consecutive 不称职 → dismissal (辞退, 《公务员法》), never while the cadre is pregnant, on maternity or nursing
  leave, in a medical period or disabled by work injury: such rows stay on the list, marked blocked, with the reason.
- 优秀 → the promotion reference list (优先提拔使用参考, "出彩型"), leaving out anyone in a waiting period after a
  measure or sanction on the list date (listed apart, with the end date); three consecutive 优秀 → 记三等功.
  The cadres a leadership team's post-evaluation of the year named 出彩型 (teams, 济南市换届“后评估”) join the list too; a
  cadre who has served the years' cap at one level (任期制, 15 years by default) is flagged there: no further
  nomination at that level.

"Consecutive" means the years right before, each published: an unpublished year breaks the run.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.selectors import published
from assessments.selectors.published import BASIC, EXCELLENT, INCOMPETENT, GradeYear, PublicationState
from common.workdays import add_months
from demotion.selectors.measures import WaitingPeriod, active_protections, blocks_promotion, promotion_block_of
from org.models import Cadre, Organization, SanctionRecord
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from teams.selectors.feed import outstanding_cadres
from tenure.selectors.terms import cadres_over_level_cap

# 限期改正: the rule asks for a deadline without naming one. Six months from the publication gives the cadre half a
# year of work to show, and the committee can look again before the next annual assessment.
IMPROVEMENT_MONTHS = 6

ADMONISH, NOT_REAPPOINTED, DEMOTE, DISMISS, PROMOTE, PROMOTE_EXCLUDED = (
    "admonish",
    "not_reappointed",
    "demote",
    "dismiss",
    "promote",
    "promote_excluded",
)
LIST_TITLES = {
    ADMONISH: gettext_lazy("基本称职:诫勉并限期改正"),
    NOT_REAPPOINTED: gettext_lazy("不再任用:连续两年基本称职或当年不称职"),
    DEMOTE: gettext_lazy("不称职:降低一个职务或者职级层次任职"),
    DISMISS: gettext_lazy("连续两年不称职:予以辞退"),
    PROMOTE: gettext_lazy("优先提拔使用参考(出彩型)"),
    PROMOTE_EXCLUDED: gettext_lazy("因影响期暂不列入提拔参考"),
}
LIST_NAMES = tuple(LIST_TITLES)
STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)


@dataclass
class UsageRow:
    cadre: Cadre
    group_name: str
    grades: list  # [(year, label)], this year first
    proposal: str
    measure_kind: str = ""  # the measure the proposal records (the prefilled form), "" when none applies
    blocked: str = ""  # why the proposal may not go ahead now
    flag: str = ""  # 记三等功
    waiting: WaitingPeriod | None = None

    @property
    def grades_text(self) -> str:
        return ";".join(f"{year}年:{label}" for year, label in self.grades)

    @property
    def remark(self) -> str:
        return ";".join(text for text in (self.blocked, self.flag) if text)

    @property
    def measure_label(self) -> str:
        return str(SanctionRecord.Kind(self.measure_kind).label) if self.measure_kind else ""


@dataclass
class UsageLists:
    organization: Organization
    year: int
    publication: PublicationState
    on: datetime.date
    improvement_deadline: datetime.date | None
    years: list  # the published years considered: this year and those before it that count
    lists: dict = field(default_factory=dict)  # list name -> [UsageRow]

    def rows(self, name: str) -> list[UsageRow]:
        return self.lists.get(name, [])

    @property
    def sections(self) -> list[tuple[str, str, list[UsageRow]]]:
        return [(name, str(LIST_TITLES[name]), self.rows(name)) for name in LIST_NAMES]


def published_years(*, organization_id: int) -> list[int]:
    """The organization's published years, newest first."""
    return published.published_years(organization_id=organization_id)


def _scope(user) -> Q | None:
    r = get_roles(user)
    if r.is_admin:
        return None
    return r.unit_q(*STAFF_ROLES, prefix="unit__")


def _protection_text(protections) -> str:
    parts = []
    for p in protections:
        if p.ends_on:
            parts.append(
                _("%(kind)s(%(start)s 至 %(end)s)")
                % {"kind": p.get_kind_display(), "start": p.starts_on, "end": p.ends_on}
            )
        else:
            parts.append(_("%(kind)s(%(start)s 起)") % {"kind": p.get_kind_display(), "start": p.starts_on})
    return _("暂不得辞退:%(what)s") % {"what": "、".join(parts)}


def usage_lists(*, user, organization: Organization, year: int, on: datetime.date | None = None) -> UsageLists | None:
    """The lists for the organization's published `year` as seen on `on` (default today), the rows of the cadres in the
    user's units. None when the year is not published. Seven queries whatever the number of cadres, and a few more
    for the level caps when the promotion list has rows and a tenure policy caps years at one level."""
    on = on or timezone.localdate()
    publications = published.publication_states(organization_id=organization.pk, years=[year, year - 1, year - 2])
    publication = publications.get(year)
    if publication is None:
        return None
    # The years that may count as consecutive: the run stops at the first unpublished one.
    years = [year]
    for earlier in (year - 1, year - 2):
        if earlier not in publications:
            break
        years.append(earlier)
    wanted = (EXCELLENT, BASIC, INCOMPETENT)
    # The cadres in the user's units whose grade this year calls for a list, and their grades of the years counted.
    cadres = Cadre.objects.filter(
        pk__in=published.cadre_ids_with_grades(
            organization_id=organization.pk, year=year, grades=wanted, run_id=publication.run_id
        )
    ).select_related("unit")
    scope = _scope(user)
    if scope is not None:
        cadres = cadres.filter(scope)
    cadre_by_id = {cadre.pk: cadre for cadre in cadres}
    histories = published.grade_histories(cadre_ids=list(cadre_by_id), organization_id=organization.pk, years=years)
    grades: dict[tuple[int, int], GradeYear] = {
        (cadre_id, y.year): y for cadre_id, history in histories.items() for y in history
    }
    current = sorted(
        ((cadre_by_id[cadre_id], grades[(cadre_id, year)]) for cadre_id in cadre_by_id if (cadre_id, year) in grades),
        key=lambda pair: (
            pair[1].group_name,
            pair[1].group_id,
            pair[1].rank is None,
            pair[1].rank or 0,
            pair[0].employee_no,
        ),
    )

    def grade_of(cadre_id: int, y: int) -> str:
        found = grades.get((cadre_id, y))
        return found.grade if found is not None else ""

    def label(code: str, y: int) -> str:
        scheme = publications[y].scheme
        assert scheme is not None  # a published year has its scheme
        return scheme.grade_label(code)

    excellent_ids = [cadre.pk for cadre, this in current if this.grade == EXCELLENT]
    twice_incompetent = [
        cadre.pk for cadre, this in current if this.grade == INCOMPETENT and grade_of(cadre.pk, year - 1) == INCOMPETENT
    ]
    blocked_by_measures = blocks_promotion(cadre_ids=excellent_ids, on=on) if excellent_ids else {}
    protections = active_protections(cadre_ids=twice_incompetent, on=on) if twice_incompetent else {}
    deadline = add_months(publication.published_on, IMPROVEMENT_MONTHS) if publication.published_on else None

    def row(result: tuple[Cadre, GradeYear], proposal: str, *, with_years: int = 1, **extra) -> UsageRow:
        cadre, this = result
        shown = [(y, label(grade_of(cadre.pk, y), y)) for y in years[:with_years]]
        return UsageRow(cadre=cadre, group_name=this.group_name, grades=shown, proposal=proposal, **extra)

    lists: dict[str, list[UsageRow]] = {name: [] for name in LIST_NAMES}
    for result in current:
        cadre_id, grade = result[0].pk, result[1].grade
        prev = grade_of(cadre_id, year - 1)
        if grade == BASIC:
            lists[ADMONISH].append(
                row(
                    result,
                    _("诫勉,限期改正(%(date)s 前)") % {"date": deadline} if deadline else _("诫勉,限期改正"),
                    measure_kind=SanctionRecord.Kind.ADMONISHMENT,
                )
            )
            if prev == BASIC:
                lists[NOT_REAPPOINTED].append(
                    row(
                        result,
                        _("连续两年基本称职,不再任用:视情况改任职级、降职使用,或待岗、培训"),
                        with_years=2,
                        measure_kind=SanctionRecord.Kind.RANK_CHANGED,
                    )
                )
        elif grade == INCOMPETENT:
            lists[NOT_REAPPOINTED].append(
                row(
                    result,
                    _("当年不称职,不再任用:视情况改任职级、降职使用,或待岗、培训"),
                    measure_kind=SanctionRecord.Kind.DEMOTED,
                )
            )
            lists[DEMOTE].append(
                row(result, _("降低一个职务或者职级层次任职(《公务员法》)"), measure_kind=SanctionRecord.Kind.DEMOTED)
            )
            if prev == INCOMPETENT:
                blocked = _protection_text(protections[cadre_id]) if cadre_id in protections else ""
                lists[DISMISS].append(
                    row(result, _("连续两年不称职,予以辞退(《公务员法》)"), with_years=2, blocked=blocked)
                )
        elif grade == EXCELLENT:
            three = len(years) == 3 and prev == EXCELLENT and grade_of(cadre_id, year - 2) == EXCELLENT
            flag = _("连续三年优秀,记三等功") if three else ""
            shown_years = 3 if three else 1
            waiting = promotion_block_of(blocked_by_measures.get(cadre_id, []), on)
            if waiting is None:
                lists[PROMOTE].append(row(result, _("优先提拔使用"), with_years=shown_years, flag=flag))
            else:
                proposal = _waiting_proposal(waiting)
                lists[PROMOTE_EXCLUDED].append(
                    row(result, proposal, with_years=shown_years, flag=flag, waiting=waiting)
                )
    _add_outstanding(
        lists,
        organization=organization,
        year=year,
        on=on,
        scope=scope,
        graded={cadre.pk: this for cadre, this in current},
        label=lambda code: label(code, year) if code else "",
    )
    _flag_level_caps(lists, organization=organization, on=on)
    return UsageLists(
        organization=organization,
        year=year,
        publication=publication,
        on=on,
        improvement_deadline=deadline,
        years=years,
        lists=lists,
    )


def _add_outstanding(lists, *, organization, year: int, on: datetime.date, scope, graded: dict, label) -> None:
    """The 出彩型 named by post-evaluations from the year's start to the list date onto the promotion list (beside their grade, if they have one), or
    apart while a waiting period keeps them off it; one already there for 优秀 gets the note."""
    named = outstanding_cadres(organization_id=organization.pk, since=datetime.date(year, 1, 1))
    named = {cadre_id: day for cadre_id, day in named.items() if day <= on}
    if not named:
        return
    listed = {row.cadre.pk: row for name in (PROMOTE, PROMOTE_EXCLUDED) for row in lists[name]}
    found = Cadre.objects.filter(pk__in=list(named)).select_related("unit")
    if scope is not None:
        found = found.filter(scope)
    cadres = sorted(found, key=lambda c: c.employee_no)
    blocks = blocks_promotion(cadre_ids=list(named), on=on)
    ungraded = [c.pk for c in cadres if c.pk not in graded and c.pk not in listed]
    if ungraded:  # a grade no list asked for (称职): read it to show beside the name
        histories = published.grade_histories(cadre_ids=ungraded, organization_id=organization.pk, years=[year])
        graded = graded | {cadre_id: h[0] for cadre_id, h in histories.items() if h and h[0].year == year}
    for cadre in cadres:
        note = _("班子后评估出彩型(%(date)s)") % {"date": named[cadre.pk]}
        if cadre.pk in listed:
            row = listed[cadre.pk]
            row.flag = ";".join(text for text in (row.flag, note) if text)
            continue
        this = graded.get(cadre.pk)
        grades = [(year, label(this.grade))] if this is not None else []
        group_name = this.group_name if this is not None else ""
        waiting = promotion_block_of(blocks.get(cadre.pk, []), on)
        if waiting is None:
            lists[PROMOTE].append(
                UsageRow(cadre=cadre, group_name=group_name, grades=grades, proposal=_("优先提拔使用"), flag=note)
            )
        else:
            proposal = _waiting_proposal(waiting)
            lists[PROMOTE_EXCLUDED].append(
                UsageRow(
                    cadre=cadre, group_name=group_name, grades=grades, proposal=proposal, flag=note, waiting=waiting
                )
            )


def _waiting_proposal(waiting: WaitingPeriod) -> str:
    """Why a cadre stays off the promotion list for now: the measure and the day promotion is allowed again."""
    return _("%(kind)s(%(start)s 生效),不得提拔至 %(end)s") % {
        "kind": waiting.kind_label,
        "start": waiting.effective_from,
        "end": waiting.no_promotion_until,
    }


def _flag_level_caps(lists, *, organization, on: datetime.date) -> None:
    """A cadre on the promotion list who has served the cap at one level is flagged: not to be nominated there."""
    rows = {row.cadre.pk: row for row in lists[PROMOTE]}
    if not rows:
        return
    for cap in cadres_over_level_cap(organization=organization, on=on, cadre_ids=list(rows)):
        text = _("%(level)s层级任职已 %(years)s,达到 %(limit)s 年上限,不再在该层级提名") % {
            "level": cap.level_label,
            "years": cap.years_text,
            "limit": cap.limit_years,
        }
        row = rows[cap.cadre.pk]
        row.flag = ";".join(t for t in (row.flag, text) if t)
