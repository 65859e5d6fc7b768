"""The demo's leadership teams (registered with org.demo; runs after the ballots demo): the bureau's team and four
市场监管所 teams, their members' data, last year's democratic evaluation of the 所 teams, post-evaluations (so the
radar chart has a median to compare with), and last year's grades — 一类 with its praise recorded as done, 三类 with
an improvement deadline still running."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ballots.form_rules import CategorySpec, ItemSpec
from ballots.services.codes import code_batch_issue
from ballots.services.evaluations import evaluation_close, evaluation_create, evaluation_publish
from ballots.services.voting import ballot_cast
from org.models import Organization, Unit
from teams.models import Consequence, MemberProfile
from teams.selectors.teams import members
from teams.services.grades import consequence_complete, team_grade_decide
from teams.services.post_evaluations import post_evaluation_record
from teams.services.teams import member_profile_set, team_create

STATIONS = ("城关所", "东岭所", "西河所", "南泉所")
SPECIALTIES = ("法学", "食品科学", "药学", "经济管理", "计算机", "机械工程", "行政管理")
EVIDENCE = {
    "political": "理论学习中心组学习记录齐全,民主生活会材料",
    "operation": "议事规则执行情况,“三重一大”决策记录",
    "professional": "班子成员专业背景与岗位匹配情况",
    "performance": "年度主要目标任务完成情况",
    "problems": "巡察、审计反馈问题整改情况",
}


def _team_evaluation(hr, root, teams, year, rng) -> None:
    """Last year's democratic evaluation of the 所 teams, closed (so the grades have a score to rest on)."""
    now = timezone.now()
    evaluation = evaluation_create(
        actor=hr,
        unit=root,
        title=f"{year - 1}年度市场监管所领导班子民主测评",
        year=year - 1,
        subject_kind="team",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(hours=1),
        subjects=[t.unit for t in teams],
        items=[ItemSpec("班子总体评价", "team4")],
        categories=[CategorySpec("职工代表", Decimal("100"))],
        min_ballots=5,
    )
    evaluation_publish(evaluation=evaluation, actor=hr)
    category = evaluation.categories.get()
    codes = code_batch_issue(
        evaluation=evaluation, actor=hr, unit=root, category=category, size=8, file_format="xlsx"
    ).codes
    leaning = {s.pk: rng.choice(([5, 3, 1, 0], [2, 5, 2, 0], [0, 3, 4, 2])) for s in evaluation.subjects.all()}
    item = evaluation.items.get()
    for code in codes:
        answers = {
            s.pk: {item.pk: rng.choices(["good", "fairly_good", "average", "poor"], weights=leaning[s.pk])[0]}
            for s in evaluation.subjects.all()
        }
        ballot_cast(evaluation=evaluation, code=code, answers=answers)
    evaluation_close(evaluation=evaluation, actor=hr)


def demo_teams_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    users = get_user_model().objects
    hr, committee = users.filter(username="hr").first(), users.filter(username="dangzu").first()
    root = Unit.objects.filter(organization=organization, parent__isnull=True).first()
    if hr is None or committee is None or root is None:
        return
    today = timezone.localdate()
    units = {u.name: u for u in Unit.objects.filter(organization=organization)}
    chosen = [units[name] for name in ("局领导班子", *STATIONS) if name in units]
    teams = [team_create(actor=hr, unit=unit, formed_on=datetime.date(year - 2, 3, 1)) for unit in chosen]
    for team in teams:
        for appointment in members(team, today):
            member_profile_set(
                actor=hr,
                cadre=appointment.cadre,
                political_status=rng.choices([s.value for s in MemberProfile.PoliticalStatus], weights=[8, 1, 1, 1])[0],
                education=rng.choices([e.value for e in MemberProfile.Education], weights=[2, 6, 2, 1])[0],
                specialty=rng.choice(SPECIALTIES),
            )
        current = [a.cadre for a in members(team, today)]
        post_evaluation_record(
            team=team,
            actor=hr,
            evaluated_on=today - datetime.timedelta(days=rng.randint(20, 90)),
            scores={d: Decimal(rng.randint(70, 96)) for d in EVIDENCE},
            evidence=EVIDENCE,
            outstanding=current[:1] if rng.random() < 0.5 else [],
        )
    station_teams = teams[1:]
    if station_teams:
        _team_evaluation(hr, root, station_teams, year, rng)
    plan = ["1", "2", "3", "2", "2"]
    for team, grade in zip(teams, plan, strict=False):
        decided = team_grade_decide(
            team=team,
            actor=committee,
            year=year - 1,
            grade=grade,
            basis=f"{year - 1}年度班子考核、民主测评和后评估情况,经党组会议研究",
            decided_on=today - datetime.timedelta(days=10),
            improvement_due=today + datetime.timedelta(days=80) if grade == "3" else None,
        )
        if grade == "1":
            praise = decided.consequences.get(kind=Consequence.Kind.PRAISE)
            consequence_complete(
                consequence=praise, actor=hr, done_on=today - datetime.timedelta(days=3), note=f"党组通报〔{year}〕2号"
            )
