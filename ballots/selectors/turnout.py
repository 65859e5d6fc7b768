"""Turnout (参评率) per unit and rater category, counted from the codes: issued, used, voided. Ballots carry no unit,
so this is the only place a unit appears beside a vote, and it says only how many of a unit's codes were used."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from ballots.models import BallotCode, CodeBatch, Evaluation, RaterCategory


@dataclass
class TurnoutCell:
    issued: int = 0  # codes handed out and not voided
    used: int = 0
    voided: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.issued:
            return None
        return (Decimal(self.used) * 100 / self.issued).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class TurnoutRow:
    unit_id: int
    unit_name: str
    cells: dict = field(default_factory=dict)  # category id -> TurnoutCell
    total: TurnoutCell = field(default_factory=TurnoutCell)
    in_order: list = field(default_factory=list)  # the cells in the categories' order (None: no codes)


@dataclass
class Turnout:
    categories: list[RaterCategory]
    rows: list[TurnoutRow]
    totals: dict  # category id -> TurnoutCell
    total: TurnoutCell
    min_ballots: int

    @property
    def totals_in_order(self) -> list[TurnoutCell]:
        return [self.totals[c.pk] for c in self.categories]

    def short_of_minimum(self) -> list[tuple[RaterCategory, int]]:
        """(category, ballots still missing) for the categories below the minimum to show their results."""
        return [
            (c, self.min_ballots - self.totals[c.pk].used)
            for c in self.categories
            if self.totals[c.pk].used < self.min_ballots
        ]


def turnout(evaluation: Evaluation) -> Turnout:
    """Two queries: the categories, and the codes counted by unit, category and state."""
    categories = list(RaterCategory.objects.filter(evaluation=evaluation))
    counts = (
        BallotCode.objects.filter(evaluation=evaluation)
        .values("unit_id", "unit__name", "unit__path", "category_id")
        .annotate(
            used=Count("pk", filter=Q(state=BallotCode.State.USED)),
            unused=Count("pk", filter=Q(state=BallotCode.State.ISSUED)),
            voided=Count("pk", filter=Q(state=BallotCode.State.VOIDED)),
        )
        .order_by("unit__path", "category_id")
    )
    rows: dict[int, TurnoutRow] = {}
    totals = {c.pk: TurnoutCell() for c in categories}
    total = TurnoutCell()
    for entry in counts:
        row = rows.setdefault(entry["unit_id"], TurnoutRow(unit_id=entry["unit_id"], unit_name=entry["unit__name"]))
        cell = row.cells.setdefault(entry["category_id"], TurnoutCell())
        for target in (cell, row.total, totals[entry["category_id"]], total):
            target.issued += entry["used"] + entry["unused"]
            target.used += entry["used"]
            target.voided += entry["voided"]
    for row in rows.values():
        row.in_order = [row.cells.get(c.pk) for c in categories]
    return Turnout(
        categories=categories, rows=list(rows.values()), totals=totals, total=total, min_ballots=evaluation.min_ballots
    )


def batch_list(evaluation: Evaluation):
    """The evaluation's batches with their codes counted by state (one query)."""
    return (
        CodeBatch.objects.filter(evaluation=evaluation)
        .select_related("unit", "category", "issued_by")
        .annotate(
            used=Count("codes", filter=Q(codes__state=BallotCode.State.USED)),
            unused=Count("codes", filter=Q(codes__state=BallotCode.State.ISSUED)),
            voided=Count("codes", filter=Q(codes__state=BallotCode.State.VOIDED)),
        )
        .order_by("number")
    )
