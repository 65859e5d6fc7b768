"""What other apps read of teams (not scoped to a user: the caller scopes its own pages).

- `outstanding_cadres`: the "出彩型" cadres named by post-evaluations (济南市换届“后评估”), for the promotion reference list.
- `grades_of`: the teams' annual categories, for whoever ranks or reports them.
"""

import datetime

from teams.models import PostEvaluation, TeamGrade


def outstanding_cadres(*, organization_id: int, since: datetime.date | None = None) -> dict[int, datetime.date]:
    """{cadre id: the latest day a post-evaluation named them 出彩型} in the organization (since `since`)."""
    qs = PostEvaluation.objects.filter(team__organization_id=organization_id)
    if since is not None:
        qs = qs.filter(evaluated_on__gte=since)
    found: dict[int, datetime.date] = {}
    for cadre_id, day in qs.values_list("outstanding", "evaluated_on"):
        if cadre_id is not None and (cadre_id not in found or day > found[cadre_id]):
            found[cadre_id] = day
    return found


def grades_of(*, organization_id: int, year: int) -> dict[int, str]:
    """{unit id: grade code ("1"–"4")} of the teams graded that year."""
    return dict(
        TeamGrade.objects.filter(team__organization_id=organization_id, year=year).values_list("team__unit_id", "grade")
    )
