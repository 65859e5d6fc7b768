"""Group fairness: do the cadres of one kind of unit score above those of another inside one ranking group (街道 vs
区直部门, 所 vs 科室)? Rank tests, because composites are bounded and rarely normal: Mann–Whitney U for two
subgroups with the rank-biserial correlation as its effect size, Kruskal–Wallis H for more with ε² (H / (n − 1)).
A subgroup smaller than MIN_SUBGROUP is too small for the test: the medians are still shown, no verdict drawn.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from scipy import stats as scipy_stats

MIN_SUBGROUP = 8  # below this, a rank test has little power and its p-value is unreliable
ALPHA = 0.05
MANN_WHITNEY, KRUSKAL_WALLIS = "mann_whitney", "kruskal_wallis"


@dataclass(frozen=True)
class Subgroup:
    key: str
    label: str
    values: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))

    @property
    def mean(self) -> float:
        return float(statistics.fmean(self.values))


@dataclass(frozen=True)
class Comparison:
    subgroups: tuple[Subgroup, ...]  # by median, highest first
    test: str  # MANN_WHITNEY, KRUSKAL_WALLIS, or "" when none was run
    statistic: float | None
    p_value: float | None
    effect: float | None  # rank-biserial r (two subgroups) or ε² (more)
    too_small: bool  # a subgroup is under MIN_SUBGROUP: no test
    single: bool  # one kind of unit only: nothing to compare

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def highest(self) -> Subgroup | None:
        return self.subgroups[0] if len(self.subgroups) > 1 else None

    @property
    def lowest(self) -> Subgroup | None:
        return self.subgroups[-1] if len(self.subgroups) > 1 else None

    @property
    def median_gap(self) -> float | None:
        return None if self.highest is None else self.highest.median - self.lowest.median


def compare(subgroups: list[Subgroup], *, min_size: int = MIN_SUBGROUP) -> Comparison:
    """Compare the subgroups (empty ones left out) of one group."""
    present = tuple(sorted((s for s in subgroups if s.n), key=lambda s: (-s.median, s.label)))
    if len(present) < 2:
        return Comparison(present, "", None, None, None, too_small=False, single=True)
    if any(s.n < min_size for s in present):
        return Comparison(present, "", None, None, None, too_small=True, single=False)
    if len(present) == 2:
        high, low = present
        result = scipy_stats.mannwhitneyu(high.values, low.values, alternative="two-sided")
        u = float(result.statistic)
        effect = 2 * u / (high.n * low.n) - 1  # rank-biserial: +1 when every `high` value beats every `low` one
        return Comparison(present, MANN_WHITNEY, u, float(result.pvalue), effect, too_small=False, single=False)
    n = sum(s.n for s in present)
    if len({v for s in present for v in s.values}) == 1:  # every composite the same: no difference at all
        return Comparison(present, KRUSKAL_WALLIS, 0.0, 1.0, 0.0, too_small=False, single=False)
    result = scipy_stats.kruskal(*(s.values for s in present))
    effect = float(result.statistic) / (n - 1)
    return Comparison(
        present, KRUSKAL_WALLIS, float(result.statistic), float(result.pvalue), effect, too_small=False, single=False
    )
