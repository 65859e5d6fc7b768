"""Rater leniency on made-up scores with known answers."""

import random

import pytest

from analytics.stats import leniency


def _scores(raters: int, ratees: int, *, lenient: dict | None = None, seed: int = 7):
    """Every rater scores every cadre on one 0–100 component in Q1: the cadre's ability plus a little noise, plus
    a planted offset for the raters named in `lenient` ({rater: points})."""
    rng = random.Random(seed)
    ability = {c: rng.gauss(82, 4) for c in range(100, 100 + ratees)}
    rows = []
    for rater in range(1, raters + 1):
        for cadre, level in ability.items():
            value = min(100.0, max(0.0, level + rng.gauss(0, 1.5) + (lenient or {}).get(rater, 0)))
            rows.append((rater, cadre, 1, "Q1", round(value, 1), 0, 100))
    return leniency.score_frame(rows)


def test_a_planted_lenient_rater_is_flagged_and_nobody_else():
    # given ten raters of thirty cadres, rater 4 giving eight points more than the others
    table = leniency.rater_table(_scores(10, 30, lenient={4: 8}))
    # then rater 4 alone lies beyond two standard deviations of the rater means
    assert set(table.loc[table["flagged"], "rater_id"]) == {4}
    row = table.set_index("rater_id").loc[4]
    assert row["n"] == 30 and row["z"] > 2
    # and still agrees with the others on who is better: a lenient rater is not a random one
    assert row["consensus_r"] > 0.8


@pytest.mark.parametrize("seed", range(20))
def test_without_a_planted_rater_nobody_is_flagged(seed):
    # given raters who all mark alike (chance alone puts one beyond two standard deviations now and then)
    table = leniency.rater_table(_scores(10, 30, seed=seed))
    assert not table["flagged"].any()
    assert len(table) == 10 and (table["n"] == 30).all()


@pytest.mark.parametrize("seed", range(20))
def test_the_planted_rater_is_flagged_whatever_the_noise(seed):
    table = leniency.rater_table(_scores(10, 30, lenient={4: 8}, seed=seed))
    assert set(table.loc[table["flagged"], "rater_id"]) == {4}


def test_top_marks_share_counts_scores_in_the_top_tenth_of_the_range():
    # given one rater's four scores of 95, 90, 89.9 and 70 on a 0–100 component
    rows = [(1, c, 1, "Y", v, 0, 100) for c, v in zip(range(4), [95, 90, 89.9, 70], strict=True)]
    table = leniency.rater_table(leniency.score_frame(rows))
    assert table.loc[0, "top_share"] == pytest.approx(0.5)
    assert table.loc[0, "mean"] == pytest.approx(86.225)


def test_consensus_correlation_is_with_the_other_raters_only():
    # given two raters who order three cadres the same way and a third who orders them the other way round
    rows = []
    for cadre, (a, b, c) in zip((1, 2, 3), [(90, 91, 70), (80, 81, 80), (70, 71, 90)], strict=True):
        rows += [(10, cadre, 1, "Q1", a, 0, 100), (11, cadre, 1, "Q1", b, 0, 100), (12, cadre, 1, "Q1", c, 0, 100)]
    table = leniency.rater_table(leniency.score_frame(rows)).set_index("rater_id")
    assert table.loc[12, "consensus_r"] == pytest.approx(-1.0)
    # the others' mean for rater 10 (of 11 and 12) is 80.5 for every cadre: nothing to correlate with
    assert table.loc[10, "consensus_r"] is None


def test_normalisation_changes_the_ranks_it_should():
    # given a lenient rater who scores cadres 1–3 (95, 93, 91) and a strict one who scores cadres 4–6 (85, 83, 81),
    # each with the same spread, on the only component (weight 100), all six in one group
    rows = [(1, c, 1, "Y", v, 0, 100) for c, v in zip((1, 2, 3), (95, 93, 91), strict=True)]
    rows += [(2, c, 1, "Y", v, 0, 100) for c, v in zip((4, 5, 6), (85, 83, 81), strict=True)]
    scores = leniency.score_frame(rows)
    official = {
        c: (v, 1, rank) for rank, (c, v) in enumerate(zip(range(1, 7), (95, 93, 91, 85, 83, 81), strict=True), start=1)
    }
    rows = {r["cadre_id"]: r for r in leniency.advisory_composites(scores, {1: (100.0, "mean")}, official)}
    # then each rater's best cadre shares first place, and so on down: the strict rater's cadres move up
    assert {c: rows[c]["advisory_rank"] for c in rows} == {1: 1, 4: 1, 2: 3, 5: 3, 3: 5, 6: 5}
    assert {c: rows[c]["rank_change"] for c in rows} == {1: 0, 2: -1, 3: -2, 4: 3, 5: 2, 6: 1}
    # the best two are put on the common scale: one standard deviation of all six scores (√33.2) above their mean 88
    assert rows[1]["advisory"] == rows[4]["advisory"] == pytest.approx(88 + 33.2**0.5, abs=0.01)
    # and the official composite stays what it was
    assert rows[4]["official"] == 85


def test_normalisation_keeps_points_and_ranks_only_the_ranked():
    # given the same rater for everyone, normalising changes nothing; a vetoed cadre (no rank) gets no new rank
    rows = [(1, c, 1, "Y", v, 0, 100) for c, v in zip((1, 2, 3), (90, 80, 70), strict=True)]
    official = {1: (93.0, 5, 1), 2: (80.0, 5, 2), 3: (70.0, 5, None)}  # cadre 1 has 3 bonus points
    rows = {
        r["cadre_id"]: r
        for r in leniency.advisory_composites(leniency.score_frame(rows), {1: (100.0, "mean")}, official)
    }
    assert rows[1]["advisory"] == pytest.approx(93.0) and rows[1]["rank_change"] == 0
    assert rows[3]["advisory_rank"] is None and rows[3]["rank_change"] is None


def test_trimmed_aggregation_drops_the_highest_and_lowest_rater():
    rows = [(r, 1, 1, "Y", v, 0, 100) for r, v in zip((1, 2, 3, 4), (60, 80, 82, 100), strict=True)]
    frame = leniency.score_frame(rows)
    assert leniency.weighted_scores(frame, {1: (50.0, "trimmed")}, "value") == {1: pytest.approx(40.5)}
    assert leniency.weighted_scores(frame, {1: (50.0, "mean")}, "value") == {1: pytest.approx(40.25)}
