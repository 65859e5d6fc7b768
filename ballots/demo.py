"""The demo's democratic evaluations (registered with org.demo), made through the services as HR makes them:

- closed: last year's evaluation of the 机关科室 heads by four rater categories — 服务对象 cast too few ballots and
  is withheld — sealed, with results, a chain head and a result sheet;
- open: this year's evaluation of the 市场监管所 heads (run by 基层所 HR too), codes issued to 城关所 and a few
  ballots cast, so the turnout table has something to show. The demo's codes are not kept (no code ever is): to
  vote, sign in as `hr` or `hr_suo` and issue a batch (发放测评码).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ballots.form_rules import CategorySpec, ItemSpec
from ballots.models import BallotCode, Evaluation, RaterCategory
from ballots.services.codes import code_batch_issue, code_batch_void
from ballots.services.evaluations import evaluation_close, evaluation_create, evaluation_publish
from ballots.services.voting import ballot_cast
from org.models import AssessmentGroup, Organization, Unit

ITEMS = [ItemSpec("德", "grade4"), ItemSpec("能", "grade4"), ItemSpec("勤", "grade4"), ItemSpec("绩", "grade4"),
         ItemSpec("廉", "grade4")]  # fmt: skip
CATEGORIES = [
    CategorySpec("班子成员", Decimal("25")),
    CategorySpec("中层干部", Decimal("25")),
    CategorySpec("职工代表", Decimal("35")),
    CategorySpec("服务对象", Decimal("15")),
]
GRADES = ["excellent", "competent", "basic", "incompetent"]


def _members(organization: Organization, year: int, marker: str) -> list:
    group = AssessmentGroup.objects.filter(organization=organization, year=year, name__contains=marker).first()
    if group is None:
        return []
    return [m.cadre for m in group.memberships.select_related("cadre__unit").order_by("cadre__employee_no")]


def _ballot(made: Evaluation, subjects, items, rng: random.Random, leaning: dict, cap: int) -> dict:
    """A plausible ballot: each cadre's grade drawn around their standing; at most `cap` 优秀 per item."""
    answers = {}
    for item in items:
        tops = 0
        for subject in subjects:
            weights = leaning[subject.pk]
            grade = rng.choices(GRADES, weights=weights)[0]
            if grade == "excellent":
                if tops >= cap:
                    grade = "competent"
                else:
                    tops += 1
            answers.setdefault(subject.pk, {})[item.pk] = grade
    return answers


def _vote(evaluation, codes: list[str], rng, leaning, count: int) -> None:
    subjects = list(evaluation.subjects.all())
    items = list(evaluation.items.all())
    cap = (evaluation.top_cap_percent or 100) * len(subjects) // 100
    for code in codes[:count]:
        ballot_cast(evaluation=evaluation, code=code, answers=_ballot(evaluation, subjects, items, rng, leaning, cap))


def _leaning(subjects, rng: random.Random) -> dict:
    """Per subject, how likely each grade is: most cadres 称职, a few strong, one or two weak."""
    leaning = {}
    for subject in subjects:
        roll = rng.random()
        if roll < 0.2:
            leaning[subject.pk] = [6, 3, 1, 0]
        elif roll < 0.85:
            leaning[subject.pk] = [2, 6, 1, 0]
        else:
            leaning[subject.pk] = [0, 3, 5, 1]
    return leaning


def _issue(evaluation, hr, unit, category_name: str, size: int) -> list[str]:
    category = RaterCategory.objects.get(evaluation=evaluation, name=category_name)
    return code_batch_issue(
        evaluation=evaluation, actor=hr, unit=unit, category=category, size=size, file_format="pdf"
    ).codes


def demo_ballots_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    hr = get_user_model().objects.filter(username="hr").first()
    root = Unit.objects.filter(organization=organization, parent__isnull=True).first()
    if hr is None or root is None:
        return
    now = timezone.now()
    units = {u.name: u for u in Unit.objects.filter(organization=organization)}
    offices, stations = _members(organization, year, "科长组"), _members(organization, year, "所长组")

    if offices:
        closed = evaluation_create(
            actor=hr, unit=root, title=f"{year - 1}年度机关科室负责人民主测评", year=year - 1, subject_kind="cadre",
            opens_at=now - datetime.timedelta(days=7), closes_at=now + datetime.timedelta(hours=2), subjects=offices,
            items=ITEMS, categories=CATEGORIES, min_ballots=5, top_cap_percent=20,
        )  # fmt: skip
        evaluation_publish(evaluation=closed, actor=hr)
        leaning = _leaning(closed.subjects.all(), rng)
        plan = [("局领导班子", "班子成员", 6, 5), ("机关科室", "中层干部", 22, 19), ("机关科室", "职工代表", 30, 26),
                ("机关科室", "服务对象", 10, 3)]  # fmt: skip
        for unit_name, category, size, voters in plan:
            codes = _issue(closed, hr, units[unit_name], category, size)
            _vote(closed, codes, rng, leaning, voters)
        for batch in closed.batches.all():
            if BallotCode.objects.filter(batch=batch, state=BallotCode.State.ISSUED).exists():
                code_batch_void(batch=batch, actor=hr, reason="测评结束,未发出的测评码作废")
        evaluation_close(evaluation=closed, actor=hr)

    if stations:
        current = evaluation_create(
            actor=hr,
            unit=units.get("基层市场监管所", root),
            title=f"{year}年度市场监管所负责人民主测评",
            year=year,
            subject_kind="cadre",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=7),
            subjects=stations,
            items=[ItemSpec("总体评价", "grade4")],
            categories=[CategorySpec("中层干部", Decimal("40")), CategorySpec("职工代表", Decimal("60"))],
            min_ballots=5,
            top_cap_percent=20,
        )
        evaluation_publish(evaluation=current, actor=hr)
        chengguan = units.get("城关所")
        if chengguan is not None:
            leaning = _leaning(current.subjects.all(), rng)
            _vote(current, _issue(current, hr, chengguan, "中层干部", 10), rng, leaning, 4)
            _vote(current, _issue(current, hr, chengguan, "职工代表", 15), rng, leaning, 6)
