"""A cadre's history across years: each published year's grade, rank in the group, composite, points and veto, and the
approved vetoes recorded (through assessments' published door); the sanctions and organizational measures decided
that year, and the cases opened for that year (主动让贤, 容错免责, 回炉再造) — with the chart of the composite against the
group's median."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import published
from demotion.models import StepDownCase, ToleranceCase
from org.models import Cadre, SanctionRecord
from recall.models import RecallCase


@dataclass(frozen=True)
class Item:
    label: str
    url: str = ""


@dataclass
class HistoryYear:
    year: int
    grade: published.GradeYear | None  # None: no published result that year
    vetoes: list[Item] = field(default_factory=list)  # the approved vetoes recorded for that year, by item
    measures: list[Item] = field(default_factory=list)
    cases: list[Item] = field(default_factory=list)


def cadre_history(*, cadre: Cadre, with_links: bool) -> list[HistoryYear]:
    """Every year with a published result, a measure or a case, newest first. `with_links`: the staff's view, whose
    items link to their pages (the cadre's own view shows them as text)."""
    years: dict[int, HistoryYear] = {}

    def year_of(y: int) -> HistoryYear:
        return years.setdefault(y, HistoryYear(year=y, grade=None))

    for grade in published.grade_history(cadre_id=cadre.pk):
        year_of(grade.year).grade = grade
    for entry in published.tolerance_entries(cadre_id=cadre.pk):
        if entry.kind == published.VETO:
            year_of(entry.year).vetoes.append(Item(f"{entry.item_name}({entry.occurred_on:%Y-%m-%d})"))
    for record in SanctionRecord.objects.filter(cadre=cadre).order_by("decided_on", "id"):
        label = f"{record.get_category_display()}:{record.get_kind_display()}({record.decided_on:%Y-%m-%d})"
        year_of(record.decided_on.year).measures.append(Item(label))
    for case in StepDownCase.objects.filter(cadre=cadre).order_by("year", "id"):
        url = reverse("demotion:case_detail", args=[case.pk]) if with_links else ""
        year_of(case.year).cases.append(Item(_("主动让贤:%(state)s") % {"state": case.get_state_display()}, url))
    for case in ToleranceCase.objects.filter(cadre=cadre).order_by("year", "id"):
        url = reverse("demotion:tolerance_detail", args=[case.pk]) if with_links else ""
        year_of(case.year).cases.append(Item(_("容错免责:%(state)s") % {"state": case.get_state_display()}, url))
    for case in RecallCase.objects.filter(cadre=cadre).order_by("created_at", "id"):
        url = reverse("recall:case_detail", args=[case.pk]) if with_links else ""
        y = case.grade_year or case.created_at.year
        year_of(y).cases.append(Item(_("回炉再造:%(state)s") % {"state": case.get_state_display()}, url))
    return [years[y] for y in sorted(years, reverse=True)]


# --- the chart, drawn on the server as SVG (the CSP allows no inline script) -----------------------------------------

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 32
GRID_LINES = 4


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: Decimal


@dataclass
class Chart:
    width: int
    height: int
    years: list[tuple[float, int]]  # (x, year) of each tick
    grid: list[tuple[float, str]]  # (y, label) of each horizontal line
    mine: list[ChartPoint]
    median: list[ChartPoint]
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT

    @property
    def mine_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.mine)

    @property
    def median_points(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.median)


def history_chart(history: list[HistoryYear]) -> Chart | None:
    """The composite and the group's median by year, oldest first; None when no year has a composite."""
    rows = sorted((h.grade for h in history if h.grade is not None), key=lambda g: g.year)
    values = [v for g in rows for v in (g.composite, g.group_median) if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 5, high + 5
    pad = (high - low) / 10
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(rows) - 1, 1)

    def x_of(i: int) -> float:
        return LEFT + (i * step if len(rows) > 1 else plot_w / 2)

    def y_of(v: Decimal) -> float:
        return TOP + float((high - v) / (high - low)) * plot_h

    grid = []
    for n in range(GRID_LINES + 1):
        v = low + (high - low) * n / GRID_LINES
        grid.append((y_of(v), f"{v:.0f}"))
    mine = [ChartPoint(x_of(i), y_of(g.composite), g.composite) for i, g in enumerate(rows) if g.composite is not None]
    median = [
        ChartPoint(x_of(i), y_of(g.group_median), g.group_median)
        for i, g in enumerate(rows)
        if g.group_median is not None
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        years=[(x_of(i), g.year) for i, g in enumerate(rows)],
        grid=grid,
        mine=mine,
        median=median,
    )
