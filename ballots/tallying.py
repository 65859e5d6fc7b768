"""The count: from the sealed ballots to each subject's result. Pure: the seal and `verify_ballots` both call it
with what they read, so a recount gives the same figures or shows where they differ.

DOMAIN §5a: each rater category's mean first, then the categories weighted. For one subject:

- a ballot's value = the mean, over the form's items, of the answer's points (a grade through the evaluation's
  points, a 0–100 score as it is);
- a category's mean = the mean of its ballots' values, shown only when the category has at least the evaluation's
  minimum of ballots ("有效票不足,不予显示"); a withheld category counts nowhere, not even in the grade counts, so
  its few raters cannot be read off the other figures;
- the score = Σ weight × category mean / Σ weight over the categories shown (complete when none is withheld);
- the rank: standard competition ranking (1, 2, 2, 4) on the score as shown (two decimals), highest first.

Arithmetic is exact (fractions); a figure is rounded once, half up, to two decimals.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ballots import scales


@dataclass(frozen=True)
class FormSpec:
    subject_ids: tuple[int, ...]
    items: tuple[tuple[int, str], ...]  # (item id, scale)
    categories: tuple[tuple[int, Decimal], ...]  # (category id, weight %)
    min_ballots: int
    points: dict


@dataclass(frozen=True)
class SubjectOutcome:
    subject_id: int
    score: Decimal | None
    rank: int | None
    complete: bool
    category_means: dict  # category id -> Decimal, or None when withheld
    distribution: dict  # item id -> {option: count}, grade items only


@dataclass(frozen=True)
class Outcome:
    counts: dict  # category id -> ballots
    released: frozenset
    subjects: tuple[SubjectOutcome, ...]

    def as_dict(self) -> dict:
        """The results as plain JSON values, keyed by ids as strings: what is stored and what is digested."""
        return {
            "counts": {str(c): n for c, n in sorted(self.counts.items())},
            "released": sorted(self.released),
            "subjects": [
                {
                    "subject": s.subject_id,
                    "score": _text(s.score),
                    "rank": s.rank,
                    "complete": s.complete,
                    "means": {str(c): _text(m) for c, m in sorted(s.category_means.items())},
                    "distribution": {
                        str(item): dict(sorted(counts.items())) for item, counts in sorted(s.distribution.items())
                    },
                }
                for s in self.subjects
            ],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def round2(value: Fraction) -> Decimal:
    """Half up, to two decimals, exactly."""
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return (Decimal(hundredths) / 100).quantize(Decimal("0.01"))


def _ballot_value(answers: dict, subject_id: int, items, points) -> Fraction | None:
    by_item = answers.get(str(subject_id)) or {}
    values = [scales.points_of(scale, by_item[str(item)], points) for item, scale in items if str(item) in by_item]
    if not values:
        return None
    return Fraction(sum(values), len(values))


def competition_ranks(scores: dict) -> dict:
    """{key: rank} for the keys with a score, highest first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted((value for value in scores.values() if value is not None), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in scores.items() if value is not None}


def tally(spec: FormSpec, ballots: list[tuple[int, dict]]) -> Outcome:
    """`ballots`: (category id, answers) pairs, in any order — the outcome does not depend on it."""
    counts = Counter(category for category, _answers in ballots)
    counts = {category: counts.get(category, 0) for category, _weight in spec.categories}
    released = frozenset(c for c, n in counts.items() if n >= spec.min_ballots)
    weights = dict(spec.categories)
    graded = [(item, scale) for item, scale in spec.items if scales.is_graded(scale)]
    scores, partial = {}, {}
    for subject in spec.subject_ids:
        means: dict = {}
        weighted, weight_total = Fraction(0), Fraction(0)
        distribution = {item: Counter() for item, _scale in graded}
        for category, _weight in spec.categories:
            if category not in released:
                means[category] = None
                continue
            values = []
            for ballot_category, answers in ballots:
                if ballot_category != category:
                    continue
                value = _ballot_value(answers, subject, spec.items, spec.points)
                if value is not None:
                    values.append(value)
                by_item = answers.get(str(subject)) or {}
                for item, _scale in graded:
                    if str(item) in by_item:
                        distribution[item][by_item[str(item)]] += 1
            if not values:
                means[category] = None
                continue
            mean = sum(values, Fraction(0)) / len(values)
            means[category] = mean
            weight = Fraction(weights[category])
            weighted += weight * mean
            weight_total += weight
        scores[subject] = round2(weighted / weight_total) if weight_total else None
        partial[subject] = (
            {c: (round2(m) if m is not None else None) for c, m in means.items()},
            {item: dict(counter) for item, counter in distribution.items()},
        )
    ranks = competition_ranks(scores)
    subjects = tuple(
        SubjectOutcome(
            subject_id=subject,
            score=scores[subject],
            rank=ranks.get(subject),
            complete=scores[subject] is not None and all(m is not None for m in partial[subject][0].values()),
            category_means=partial[subject][0],
            distribution=partial[subject][1],
        )
        for subject in spec.subject_ids
    )
    return Outcome(counts=counts, released=released, subjects=subjects)
