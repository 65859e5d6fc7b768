"""Reads of teams, scoped to the user in one place: HR and the party committee see the teams of the units in their
scope; HR sets teams up and records post-evaluations and consequences; the committee grades.

A team's members are the cadres holding its unit's leading posts now; its approved number of posts (职数) is the sum
of those posts' headcounts.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from org import selectors as org_selectors
from org.models import Appointment, Cadre, Post, Unit
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles
from teams.models import Dimension, MemberProfile, PostEvaluation, Team
from teams.structure import MemberFacts

READER_ROLES = (ROLE_HR, ROLE_COMMITTEE)


def _scoped(qs: QuerySet, user, roles) -> QuerySet:
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(*roles, prefix="unit__"))


def team_list(*, user) -> QuerySet[Team]:
    return _scoped(Team.objects.select_related("unit", "organization"), user, READER_ROLES)


def manageable_teams(*, user) -> QuerySet[Team]:
    """Teams HR (or the admin) keeps: set up, post-evaluations, member data, consequences."""
    return _scoped(Team.objects.select_related("unit", "organization"), user, (ROLE_HR,))


def gradable_teams(*, user) -> QuerySet[Team]:
    """Teams the party committee grades: its own units. The admin is no committee member."""
    r = get_roles(user)
    return Team.objects.select_related("unit", "organization").filter(r.unit_q(ROLE_COMMITTEE, prefix="unit__"))


def units_without_team(*, user) -> QuerySet[Unit]:
    return org_selectors.unit_list(user=user, roles=(ROLE_HR,)).filter(leadership_team__isnull=True).order_by("path")


def editable_cadres(*, user) -> QuerySet[Cadre]:
    """Cadres whose team data HR may record: those of its units (the admin: all)."""
    r = get_roles(user)
    qs = Cadre.objects.select_related("unit")
    return qs if r.is_admin else qs.filter(r.unit_q(ROLE_HR, prefix="unit__"))


def leading_posts(unit: Unit) -> QuerySet[Post]:
    return Post.objects.filter(unit=unit, is_leadership=True)


def approved_posts(unit: Unit) -> int:
    return leading_posts(unit).aggregate(n=Sum("headcount"))["n"] or 0


def members(team: Team, on: datetime.date | None = None) -> list[Appointment]:
    """The appointments to the team's leading posts in force on `on` (default today), principal first."""
    on = on or timezone.localdate()
    qs = (
        Appointment.objects.filter(post__unit_id=team.unit_id, post__is_leadership=True, start_date__lte=on)
        .exclude(end_date__lte=on)
        .select_related("cadre", "post")
    )
    order = {"principal": 0, "deputy": 1, "middle": 2, "staff": 3}
    return sorted(qs, key=lambda a: (order.get(a.post.kind, 9), a.start_date, a.cadre.employee_no))


def member_facts(team: Team, on: datetime.date | None = None) -> list[MemberFacts]:
    on = on or timezone.localdate()
    appointments = members(team, on)
    profiles = {p.cadre_id: p for p in MemberProfile.objects.filter(cadre_id__in=[a.cadre_id for a in appointments])}
    facts = []
    for appointment in appointments:
        cadre, profile = appointment.cadre, profiles.get(appointment.cadre_id)
        facts.append(
            MemberFacts(
                cadre_id=cadre.pk,
                name=cadre.name,
                gender=cadre.gender,
                birth_date=cadre.birth_date,
                political_status=profile.political_status if profile else "",
                education=profile.education if profile else "",
                specialty=profile.specialty if profile else "",
                post_start=appointment.start_date,
            )
        )
    return facts


def post_evaluation_list(team: Team) -> QuerySet[PostEvaluation]:
    return PostEvaluation.objects.filter(team=team).prefetch_related("outstanding").order_by("-evaluated_on", "-id")


def scores_in_order(evaluation: PostEvaluation) -> list[tuple[str, str | None]]:
    """(dimension, score) of a post-evaluation in the six dimensions' order."""
    return [(str(d.label), evaluation.scores.get(d.value)) for d in Dimension]


@dataclass(frozen=True)
class Radar:
    labels: list[str]
    team: list  # the latest post-evaluation's scores, in the dimensions' order
    median: list  # the organization's median over each team's latest post-evaluation
    evaluated_on: datetime.date | None
    teams_counted: int


def radar(team: Team) -> Radar:
    """The six dimensions of the team's latest post-evaluation against the organization's median of every team's
    latest one (two queries)."""
    latest_by_team: dict[int, PostEvaluation] = {}
    for evaluation in PostEvaluation.objects.filter(team__organization_id=team.organization_id).order_by(
        "team_id", "-evaluated_on", "-id"
    ):
        latest_by_team.setdefault(evaluation.team_id, evaluation)
    dimensions = list(Dimension)
    own = latest_by_team.get(team.pk)

    def score(evaluation, dimension):
        value = evaluation.scores.get(dimension.value)
        return float(Decimal(value)) if value is not None else None

    median = []
    for dimension in dimensions:
        values = [v for v in (score(e, dimension) for e in latest_by_team.values()) if v is not None]
        median.append(round(statistics.median(values), 2) if values else None)
    return Radar(
        labels=[str(d.label) for d in dimensions],
        team=[score(own, d) for d in dimensions] if own else [],
        median=median,
        evaluated_on=own.evaluated_on if own else None,
        teams_counted=len(latest_by_team),
    )
