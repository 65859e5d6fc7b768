"""结构: a team's structure computed from its roster on a day (济南市换届“后评估”'s post-evaluation). Pure: the facts of the
members in, the indicators and the score out.

Indicators: members against the approved number of posts (职数) and vacancies; ages (full years) — mean, bands, how
many under 40 and 45; women; members outside the Communist Party; education; distinct specialties; years in the
current post (least, most, mean, spread). A member whose datum is missing is left out of that indicator and counted
as missing, so a page can say the roster is incomplete.

The score (0–100) is the share of the structure targets met. The targets are data: each post-evaluation keeps the
ones it was measured against (defaults below; None switches a target off). The seeds list what is looked at, not the
thresholds; the defaults follow the usual requirements for a leading team — posts filled, at least one member under
45 and one woman, half or more with a university degree, at least two fields of expertise, a mean age no higher than
50, and terms in post staggered by two years or more.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_TARGETS: dict[str, int | None] = {
    "max_vacancies": 0,
    "min_under_45": 1,
    "min_under_40": None,
    "min_women": 1,
    "min_non_party": None,
    "min_degree_percent": 50,
    "min_specialties": 2,
    "max_mean_age": 50,
    "min_tenure_spread_years": 2,
}
AGE_BANDS = ((0, 35), (35, 40), (40, 45), (45, 50), (50, 55), (55, 200))
PARTY = {"party", "probationary"}
DEGREES = {"postgraduate", "undergraduate"}


@dataclass(frozen=True)
class MemberFacts:
    cadre_id: int
    name: str
    gender: str  # "M" / "F"
    birth_date: datetime.date | None
    political_status: str  # "" when unknown
    education: str
    specialty: str
    post_start: datetime.date | None


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _one(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def _percent(part: int, whole: int) -> str | None:
    return _one(Decimal(part) * 100 / whole) if whole else None


def _band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age < high:
            if not low:
                return f"<{high}"
            return f"≥{low}" if high >= 200 else f"{low}-{high - 1}"
    return "?"


@dataclass
class Structure:
    values: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)  # {"key", "target", "value", "met"}
    score: Decimal | None = None

    def as_dict(self) -> dict:
        return {**self.values, "targets": self.targets, "score": None if self.score is None else f"{self.score:.2f}"}


def compute(members: list[MemberFacts], *, approved: int, on: datetime.date, targets: dict | None = None) -> Structure:
    targets = dict(DEFAULT_TARGETS if targets is None else targets)
    count = len(members)
    ages = [age_on(m.birth_date, on) for m in members if m.birth_date]
    known_status = [m for m in members if m.political_status]
    known_education = [m for m in members if m.education]
    specialties = sorted({m.specialty.strip() for m in members if m.specialty.strip()})
    tenures = [Decimal((on - m.post_start).days) / Decimal("365.25") for m in members if m.post_start]
    bands: dict[str, int] = {}
    for age in ages:
        bands[_band(age)] = bands.get(_band(age), 0) + 1
    values = {
        "members": count,
        "approved": approved,
        "vacancies": max(approved - count, 0),
        "mean_age": _one(Decimal(sum(ages)) / len(ages)) if ages else None,
        "age_bands": {label: bands.get(label, 0) for label in (_band(low) for low, _high in AGE_BANDS)},
        "under_40": sum(a < 40 for a in ages),
        "under_45": sum(a < 45 for a in ages),
        "share_under_40": _percent(sum(a < 40 for a in ages), len(ages)),
        "share_under_45": _percent(sum(a < 45 for a in ages), len(ages)),
        "women": sum(m.gender == "F" for m in members),
        "share_women": _percent(sum(m.gender == "F" for m in members), count),
        "non_party": sum(m.political_status not in PARTY for m in known_status),
        "share_non_party": _percent(sum(m.political_status not in PARTY for m in known_status), len(known_status)),
        "education": {
            e: sum(m.education == e for m in known_education)
            for e in ("postgraduate", "undergraduate", "college", "secondary")
        },
        "degree_percent": _percent(sum(m.education in DEGREES for m in known_education), len(known_education)),
        "specialties": specialties,
        "tenure_min": _one(min(tenures)) if tenures else None,
        "tenure_max": _one(max(tenures)) if tenures else None,
        "tenure_mean": _one(sum(tenures) / len(tenures)) if tenures else None,
        "tenure_spread": _one(max(tenures) - min(tenures)) if tenures else None,
        "missing": {
            "birth_date": count - len(ages),
            "political_status": count - len(known_status),
            "education": count - len(known_education),
            "specialty": sum(not m.specialty.strip() for m in members),
            "post_start": count - len(tenures),
        },
    }
    checks = {
        "max_vacancies": (values["vacancies"], lambda v, t: v <= t),
        "min_under_45": (values["under_45"], lambda v, t: v >= t),
        "min_under_40": (values["under_40"], lambda v, t: v >= t),
        "min_women": (values["women"], lambda v, t: v >= t),
        "min_non_party": (values["non_party"], lambda v, t: v >= t),
        "min_degree_percent": (values["degree_percent"], lambda v, t: v is not None and Decimal(v) >= t),
        "min_specialties": (len(specialties), lambda v, t: v >= t),
        "max_mean_age": (values["mean_age"], lambda v, t: v is not None and Decimal(v) <= t),
        "min_tenure_spread_years": (values["tenure_spread"], lambda v, t: v is not None and Decimal(v) >= t),
    }
    results = []
    for key, (value, test) in checks.items():
        target = targets.get(key)
        if target is None:
            continue
        results.append({"key": key, "target": target, "value": value, "met": bool(test(value, target))})
    score = None
    if results:
        score = (Decimal(sum(r["met"] for r in results)) * 100 / len(results)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return Structure(values=values, targets=results, score=score)
