"""Rater leniency (人情分, 厚此薄彼) and the advisory normalised composite, on plain tables (pandas), no database.

Per rater and period: the number of scores, their mean and spread (standard deviation), the share of top marks (a
score in the top TOP_BAND of its component's range: 90 and over on a 0–100 scale), and the correlation of the
rater's scores with the consensus of the other raters for the same cells (cadre × component × period; the mean of
the others' scores there). Within a period, a rater whose mean lies beyond FLAG_SD standard deviations of the rater
means is flagged (and at least MIN_GAP of the scale away from their centre, so chance alone flags nobody).

The normalised composite takes each rater's scores on a component in a period as z-scores (the rater's own mean and
spread) and puts them back on the scale of all raters' scores there (their mean and spread), so a lenient rater's
90 and a strict rater's 80 count the same when each is that rater's usual mark. The composite is then rebuilt as the
annual computation builds it (the component's aggregation over raters, the mean over its periods, the weighted sum)
from raw and from normalised scores; the difference is added to the official composite (points and vetoes stay as
they are) and the cadres are ranked again in their groups. It is advisory only: the published scheme decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

TOP_BAND = 0.10  # a top mark: within the top tenth of the component's range
FLAG_SD = 2.0  # a rater's mean beyond ±2 standard deviations of the rater means is flagged
# ... and at least this share of the range away from the centre: among ten raters who all mark alike, one lies
# beyond two standard deviations by chance about every other time, by a few tenths of a point nobody should act on.
MIN_GAP = 0.02
MIN_PAIRS = 3  # fewer cells shared with other raters give no correlation

SCORE_COLUMNS = ["rater_id", "ratee_id", "component_id", "period_kind", "value", "min_score", "max_score"]


def score_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    """A table of scores from (rater_id, ratee_id, component_id, period_kind, value, min_score, max_score) rows."""
    frame = pd.DataFrame(list(rows), columns=SCORE_COLUMNS)
    for column in ("value", "min_score", "max_score"):
        frame[column] = frame[column].astype(float)
    return frame


def _correlation(x: pd.Series, y: pd.Series) -> float | None:
    pairs = pd.DataFrame({"x": x, "y": y}).dropna()
    if len(pairs) < MIN_PAIRS or pairs["x"].std() < 1e-9 or pairs["y"].std() < 1e-9:
        return None
    return float(np.corrcoef(pairs["x"], pairs["y"])[0, 1])


def rater_table(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per (period_kind, rater_id): n, mean, sd, top_share, consensus_r, z, flagged; by period then rater."""
    columns = ["period_kind", "rater_id", "n", "mean", "sd", "top_share", "consensus_r", "z", "flagged"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    frame = scores.copy()
    cell = ["ratee_id", "component_id", "period_kind"]
    totals = frame.groupby(cell)["value"].transform("sum")
    counts = frame.groupby(cell)["value"].transform("count")
    frame["others"] = ((totals - frame["value"]) / (counts - 1)).where(counts > 1)
    frame["top"] = frame["value"] >= frame["max_score"] - TOP_BAND * (frame["max_score"] - frame["min_score"])
    rows = []
    for (period, rater), part in frame.groupby(["period_kind", "rater_id"], sort=True):
        sd = part["value"].std(ddof=1) if len(part) > 1 else 0.0
        rows.append(
            {
                "period_kind": period,
                "rater_id": rater,
                "n": len(part),
                "mean": float(part["value"].mean()),
                "sd": float(sd),
                "top_share": float(part["top"].mean()),
                "range": float((part["max_score"] - part["min_score"]).mean()),
                "consensus_r": _correlation(part["value"], part["others"]),
            }
        )
    table = pd.DataFrame(rows, columns=[*columns[:-2], "range"])
    by_period = table.groupby("period_kind")["mean"]
    centre = by_period.transform("mean")
    spread = by_period.transform(lambda m: m.std(ddof=1) if len(m) > 1 else 0.0)
    table["z"] = ((table["mean"] - centre) / spread).where(spread > 0, 0.0)
    gap = (table["mean"] - centre).abs()
    table["flagged"] = (table["z"].abs() > FLAG_SD) & (gap >= MIN_GAP * table["range"])
    # No correlation is None, not NaN, for whoever reads the rows.
    table["consensus_r"] = table["consensus_r"].astype(object).where(table["consensus_r"].notna(), None)
    return table.drop(columns="range")


def normalised_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores with a `normalised` column: each rater's z-score on a component in a period, on the scale of all
    raters' scores there. Where a rater has one score or no spread, there is no z-score: those scores are moved by
    the rater's offset from the common mean instead."""
    frame = scores.copy()
    if frame.empty:
        frame["normalised"] = []
        return frame
    place = ["component_id", "period_kind"]
    own = ["rater_id", *place]
    own_mean = frame.groupby(own)["value"].transform("mean")
    own_sd = frame.groupby(own)["value"].transform(lambda v: v.std(ddof=1) if len(v) > 1 else 0.0)
    all_mean = frame.groupby(place)["value"].transform("mean")
    all_sd = frame.groupby(place)["value"].transform(lambda v: v.std(ddof=1) if len(v) > 1 else 0.0)
    z = (frame["value"] - own_mean) / own_sd
    shifted = frame["value"] - own_mean + all_mean
    frame["normalised"] = (all_mean + z * all_sd).where(own_sd > 0, shifted)
    return frame


def _aggregate(values: np.ndarray, aggregation: str) -> float:
    ordered = np.sort(values)
    if aggregation == "trimmed" and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return float(ordered.mean())


def weighted_scores(scores: pd.DataFrame, components: dict[int, tuple[float, str]], column: str) -> dict[int, float]:
    """The weighted score part of each cadre's composite from `column` (value or normalised): per component and
    period the aggregation over raters, then the mean over the component's periods scored, then Σ weight% × score.
    `components`: {component_id: (weight in percent, aggregation)}."""
    if scores.empty:
        return {}
    cells = (
        scores.groupby(["ratee_id", "component_id", "period_kind"])[column]
        .apply(lambda v: _aggregate(v.to_numpy(), components.get(v.name[1], (0.0, "mean"))[1]))
        .reset_index()
    )
    per_component = cells.groupby(["ratee_id", "component_id"])[column].mean().reset_index()
    per_component["weighted"] = per_component.apply(
        lambda r: components.get(int(r["component_id"]), (0.0, "mean"))[0] / 100.0 * r[column], axis=1
    )
    return {int(k): float(v) for k, v in per_component.groupby("ratee_id")["weighted"].sum().items()}


def competition_ranks(values: dict[int, float], groups: dict[int, int]) -> dict[int, int]:
    """Standard competition ranks (1, 2, 2, 4), highest first, within each group; values rounded to the cent first
    so that a difference nobody can see makes no rank."""
    frame = pd.DataFrame({"cadre": list(values), "value": [round(v, 2) for v in values.values()]})
    frame["group"] = frame["cadre"].map(groups)
    frame["rank"] = frame.groupby("group")["value"].rank(method="min", ascending=False)
    return {int(c): int(r) for c, r in zip(frame["cadre"], frame["rank"], strict=True)}


def advisory_composites(
    scores: pd.DataFrame,
    components: dict[int, tuple[float, str]],
    official: dict[int, tuple[float | None, int, int | None]],
) -> list[dict]:
    """For each cadre of `official` ({cadre_id: (official composite, group_id, official rank)}): the official
    composite and rank, the advisory composite (official + normalised weighted part − raw weighted part) and its
    rank within the group, and the rank change (positive: the cadre would move up). Cadres without scores keep
    their official composite; cadres without an official rank get no advisory rank."""
    normalised = normalised_scores(scores)
    raw = weighted_scores(normalised, components, "value")
    adjusted = weighted_scores(normalised, components, "normalised")
    advisory = {
        cadre: composite + adjusted.get(cadre, 0.0) - raw.get(cadre, 0.0)
        for cadre, (composite, _group, _rank) in official.items()
        if composite is not None and not math.isnan(composite)
    }
    # Only the ranked are ranked again (a vetoed or incomplete cadre has no rank and takes no place).
    ranked = {cadre: value for cadre, value in advisory.items() if official[cadre][2] is not None}
    ranks = competition_ranks(ranked, {cadre: group for cadre, (_c, group, _r) in official.items()})
    rows = []
    for cadre, (composite, group, rank) in official.items():
        new = advisory.get(cadre)
        new_rank = ranks.get(cadre)
        rows.append(
            {
                "cadre_id": cadre,
                "group_id": group,
                "official": composite,
                "official_rank": rank,
                "advisory": None if new is None else round(new, 2),
                "advisory_rank": new_rank,
                "rank_change": None if rank is None or new_rank is None else rank - new_rank,
            }
        )
    return rows
