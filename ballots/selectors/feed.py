"""The results feed: what other apps read of a closed evaluation — the tenure evaluation's 民意测评 score (正职任期制、副职聘任制的地方办法:
two 100-point scales, 工作实绩 and 民意测评), a team's post-evaluation, a scheme component.

Not scoped to a user: the calling app scopes its own pages. Only closed evaluations feed anything; a subject whose
every category was withheld has no score (None), and `complete` says whether every category counted.

    from ballots.selectors.feed import evaluation_scores
    for row in evaluation_scores(evaluation_id=7):
        row.cadre_id, row.score          # Decimal 0–100 with two decimals, or None
"""

from dataclasses import dataclass
from decimal import Decimal

from ballots.models import Evaluation, SubjectResult


@dataclass(frozen=True)
class SubjectScore:
    evaluation_id: int
    year: int
    title: str
    cadre_id: int | None
    team_unit_id: int | None  # the unit whose leadership team was evaluated
    score: Decimal | None
    rank: int | None
    ranked: int  # subjects with a score
    complete: bool


def _rows(results) -> list[SubjectScore]:
    results = list(results)
    ranked: dict[int, int] = {}
    for r in results:
        ranked[r.evaluation_id] = ranked.get(r.evaluation_id, 0) + (r.score is not None)
    return [
        SubjectScore(
            evaluation_id=r.evaluation_id,
            year=r.evaluation.year,
            title=r.evaluation.title,
            cadre_id=r.subject.cadre_id,
            team_unit_id=r.subject.team_id,
            score=r.score,
            rank=r.rank,
            ranked=ranked[r.evaluation_id],
            complete=r.complete,
        )
        for r in results
    ]


def _closed():
    return SubjectResult.objects.filter(evaluation__state=Evaluation.State.CLOSED).select_related(
        "evaluation", "subject"
    )


def evaluation_scores(*, evaluation_id: int) -> list[SubjectScore]:
    """Every subject of one closed evaluation (empty while it is not closed), best first. One query."""
    return _rows(_closed().filter(evaluation_id=evaluation_id).order_by("rank", "subject__sort_order"))


def cadre_scores(*, cadre_ids, year: int | None = None) -> dict[int, list[SubjectScore]]:
    """{cadre id: their scores in closed evaluations (of `year`, if given), newest first}. One query."""
    cadre_ids = set(cadre_ids)
    qs = _closed().filter(evaluation__in=_closed().filter(subject__cadre_id__in=cadre_ids).values("evaluation"))
    if year is not None:
        qs = qs.filter(evaluation__year=year)
    found: dict[int, list[SubjectScore]] = {}
    for row in _rows(qs.order_by("-evaluation__closed_at", "rank")):
        if row.cadre_id is not None and row.cadre_id in cadre_ids:
            found.setdefault(row.cadre_id, []).append(row)
    return found


def team_scores(*, unit_ids, year: int | None = None) -> dict[int, list[SubjectScore]]:
    """{unit id: the scores of its leadership team in closed evaluations (of `year`, if given), newest first}."""
    unit_ids = set(unit_ids)
    qs = _closed().filter(evaluation__in=_closed().filter(subject__team_id__in=unit_ids).values("evaluation"))
    if year is not None:
        qs = qs.filter(evaluation__year=year)
    found: dict[int, list[SubjectScore]] = {}
    for row in _rows(qs.order_by("-evaluation__closed_at", "rank")):
        if row.team_unit_id is not None and row.team_unit_id in unit_ids:
            found.setdefault(row.team_unit_id, []).append(row)
    return found
