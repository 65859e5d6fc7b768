"""The answer scales of an evaluation form, and how an answer becomes points on the 0–100 scale the results use.

The grade scales are the national ones: 优秀 / 称职 / 基本称职 / 不称职 for cadres (《公务员考核规定》) and 好 / 较好 / 一般 /
较差 for leadership teams (one to one with the teams' 一 / 二 / 三 / 四类, 正职任期制、副职聘任制的地方办法). An option's code is unique across
scales, so one mapping {option: points} on the evaluation serves every item.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    GRADE4 = "grade4", _("优秀/称职/基本称职/不称职")
    TEAM4 = "team4", _("好/较好/一般/较差")
    SCORE100 = "score100", _("百分制(0–100分)")


OPTIONS: dict[str, tuple[tuple[str, object], ...]] = {
    Scale.GRADE4: (
        ("excellent", _("优秀")),
        ("competent", _("称职")),
        ("basic", _("基本称职")),
        ("incompetent", _("不称职")),
    ),
    Scale.TEAM4: (
        ("good", _("好")),
        ("fairly_good", _("较好")),
        ("average", _("一般")),
        ("poor", _("较差")),
    ),
}

# The default points of each grade (configurable per evaluation): 100 / 80 / 60 / 40, the usual conversion of a
# four-grade 民主测评 into the 100-point 民意测评 scale of the tenure evaluation (正职任期制、副职聘任制的地方办法).
DEFAULT_POINTS: dict[str, int] = {
    "excellent": 100,
    "competent": 80,
    "basic": 60,
    "incompetent": 40,
    "good": 100,
    "fairly_good": 80,
    "average": 60,
    "poor": 40,
}

SCORE_MIN, SCORE_MAX = 0, 100


def options_of(scale: str) -> tuple[tuple[str, object], ...]:
    return OPTIONS.get(scale, ())


def is_graded(scale: str) -> bool:
    return scale in OPTIONS


def top_option(scale: str) -> str | None:
    """The highest grade of a grade scale (what a per-ballot cap limits); None for the 0–100 scale."""
    options = OPTIONS.get(scale)
    return options[0][0] if options else None


def option_label(option: str) -> str:
    for options in OPTIONS.values():
        for code, label in options:
            if code == option:
                return str(label)
    return option


def all_options() -> list[tuple[str, object]]:
    return [pair for options in OPTIONS.values() for pair in options]


def points_of(scale: str, answer, points: dict) -> int:
    """An answer on the 0–100 scale: a grade through the evaluation's points, a score as it is."""
    if is_graded(scale):
        return int(points[answer])
    return int(answer)


def valid_answer(scale: str, answer) -> bool:
    if is_graded(scale):
        return isinstance(answer, str) and answer in {code for code, _label in OPTIONS[scale]}
    return isinstance(answer, int) and not isinstance(answer, bool) and SCORE_MIN <= answer <= SCORE_MAX
