"""What a 年度考核登记表 says, cadre by cadre: the personal details from org, the 个人总结 and 本人意见 from this app, the
result from assessments' published door (assessments.selectors.published: the version in force of a published year,
the committee's tie decisions applied). A year not yet published gives no forms: the form records a settled grade.

Scoping is the caller's: pass the cadres a user may see (org.selectors.cadres_in_scope) or, from the command line,
every cadre of the organization."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.selectors import published
from org.models import Appointment, Cadre, Organization, Unit
from papers.models import PersonalSummary, SummaryDeadline
from teams.models import MemberProfile


@dataclass(frozen=True)
class RegistrationForm:
    """One cadre's form. Empty text means "not known to the system": the box is left for the pen."""

    organization: str
    year: int
    version: int
    cadre_id: int
    employee_no: str
    name: str
    gender: str
    born: str  # 1978.05
    political: str  # 政治面貌, where the leadership-team profile (teams) holds it
    unit_and_post: str
    rank_grade: str
    group_name: str
    composite: Decimal | None
    rank: int | None
    group_size: int
    grade: str  # national code
    grade_label: str
    special_label: str
    vetoed: bool
    in_bottom: bool
    bottom_label: str
    summary: str
    summary_on_paper: bool
    own_opinion: str
    acknowledged_on: datetime.date | None
    published_on: datetime.date | None


def _born(cadre: Cadre) -> str:
    return f"{cadre.birth_date.year}.{cadre.birth_date.month:02d}" if cadre.birth_date else ""


def _posts_at(cadre_ids: list[int], day: datetime.date) -> dict[int, str]:
    """Each cadre's units and posts held on `day` (the year's last day), or the latest ones held before it."""
    held: dict[int, list[str]] = {}
    rows = (
        Appointment.objects.filter(cadre_id__in=cadre_ids, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .select_related("post__unit")
        .order_by("cadre_id", "start_date", "pk")
    )
    for a in rows:
        held.setdefault(a.cadre_id, []).append(f"{a.post.unit.name}{a.post.name}")
    return {pk: "、".join(names) for pk, names in held.items()}


def summary_deadline(*, organization_id: int, year: int) -> datetime.date | None:
    row = SummaryDeadline.objects.filter(organization_id=organization_id, year=year).first()
    return row.deadline if row else None


def registration_forms(
    *, organization: Organization, year: int, cadres: QuerySet[Cadre], group_id: int | None = None
) -> list[RegistrationForm]:
    """The forms of `cadres` (a scoped queryset) in the year's published results, of one group if given, in the
    results' order (group, rank). Empty when the year is not published."""
    state = published.publication_state(organization_id=organization.pk, year=year)
    if not state.published:
        return []
    ids = list(cadres.filter(organization=organization).values_list("pk", flat=True))
    results = published.final_results(organization_id=organization.pk, year=year, cadre_ids=ids, group_id=group_id)
    if not results:
        return []
    people = {c.pk: c for c in Cadre.objects.filter(pk__in=[r.cadre_id for r in results]).select_related("unit")}
    posts = _posts_at(list(people), datetime.date(year, 12, 31))
    summaries = {s.cadre_id: s for s in PersonalSummary.objects.filter(year=year, cadre_id__in=list(people))}
    political = {
        p.cadre_id: p.get_political_status_display()
        for p in MemberProfile.objects.filter(cadre_id__in=list(people)).exclude(political_status="")
    }
    scheme = state.scheme
    bottom = scheme.bottom_label if scheme else published.bottom_label(published.DEFAULT_BOTTOM_RATIO)
    forms = []
    for r in results:
        cadre = people[r.cadre_id]
        summary = summaries.get(cadre.pk)
        acknowledged = summary.acknowledged_at if summary else None
        forms.append(
            RegistrationForm(
                organization=organization.name,
                year=year,
                version=r.version,
                cadre_id=cadre.pk,
                employee_no=cadre.employee_no,
                name=cadre.name,
                gender=cadre.get_gender_display() if cadre.gender else "",
                born=_born(cadre),
                political=political.get(cadre.pk, ""),
                unit_and_post=posts.get(cadre.pk) or cadre.unit.name,
                rank_grade=cadre.rank_grade,
                group_name=r.group_name,
                composite=r.composite,
                rank=r.rank,
                group_size=r.group_size,
                grade=r.grade,
                grade_label=r.grade_label,
                special_label=r.special_label,
                vetoed=r.vetoed,
                in_bottom=r.in_bottom,
                bottom_label=bottom,
                summary=summary.text if summary and summary.source == PersonalSummary.Source.ONLINE else "",
                summary_on_paper=bool(summary and summary.source == PersonalSummary.Source.PAPER),
                own_opinion=summary.own_opinion if summary else "",
                acknowledged_on=timezone.localtime(acknowledged).date() if acknowledged else None,
                published_on=state.published_on,
            )
        )
    return forms


def cadres_under(cadres: QuerySet[Cadre], unit: Unit) -> QuerySet[Cadre]:
    """Narrowed to a unit and the units under it."""
    return cadres.filter(unit__path__startswith=unit.path)
