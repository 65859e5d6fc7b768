"""Post-evaluations (后评估): five dimensions scored with evidence, 结构 computed from the org roster on the day, the
"出彩型" cadres among the members; the radar's median over the organization's teams; the feed of 出彩型 cadres."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from org.models import Post
from org.services import appointment_start
from teams.models import PostEvaluation
from teams.selectors.feed import outstanding_cadres
from teams.selectors.teams import radar
from teams.services.post_evaluations import post_evaluation_record
from teams.services.teams import member_profile_set, team_create
from tests.factories import CadreFactory, PostFactory

EVIDENCE = dict.fromkeys(("political", "operation", "professional", "performance", "problems"), "材料")
TODAY = timezone.localdate()


def _scores(value=80):
    return {d: Decimal(value) for d in EVIDENCE}


def test_the_structure_is_computed_from_the_roster_of_the_day(team_a, world):
    # given 综合科一组 with a deputy post (headcount 2) and one deputy appointed, a woman born in 1992
    deputy_post = PostFactory(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY, headcount=2)
    deputy = CadreFactory(organization=world.org, unit=world.unit_a1, name="赵敏", gender="F",
                          birth_date=datetime.date(1992, 5, 1))  # fmt: skip
    appointment_start(cadre=deputy, post=deputy_post, start_date=datetime.date(2024, 5, 1))
    member_profile_set(actor=world.users["hr"], cadre=deputy, political_status="none", education="undergraduate",
                       specialty="法学")  # fmt: skip
    # when HR records a post-evaluation naming her 出彩型
    record = post_evaluation_record(
        team=team_a, actor=world.users["hr"], evaluated_on=TODAY, scores=_scores(), evidence=EVIDENCE,
        outstanding=[deputy],
    )  # fmt: skip
    # then 结构 is the roster's: two members of three posts, one woman, one outside the Party (of one known)
    s = record.structure
    assert (s["members"], s["approved"], s["vacancies"], s["women"], s["non_party"]) == (2, 3, 1, 1, 1)
    assert s["missing"]["political_status"] == 1  # 张三's is not recorded
    assert record.scores["structure"] == s["score"] and record.scores["political"] == "80.00"
    assert list(record.outstanding.all()) == [deputy]
    assert outstanding_cadres(organization_id=world.org.pk) == {deputy.pk: TODAY}


def test_scores_evidence_and_the_outstanding_are_checked(team_a, world):
    scores = {**_scores(), "operation": Decimal("101")}
    evidence = {**EVIDENCE, "problems": " "}
    with pytest.raises(ApplicationError) as refused:
        post_evaluation_record(team=team_a, actor=world.users["hr"], evaluated_on=TODAY, scores=scores,
                               evidence=evidence, outstanding=[world.other_cadre])  # fmt: skip
    assert set(refused.value.field_errors) == {"score_operation", "evidence_problems", "outstanding"}
    with pytest.raises(ApplicationError, match="组建或换届"):
        post_evaluation_record(team=team_a, actor=world.users["hr"], evaluated_on=datetime.date(2022, 1, 1),
                               scores=_scores(), evidence=EVIDENCE, outstanding=[])  # fmt: skip
    with pytest.raises(ApplicationError, match="不在您的管理范围"):
        post_evaluation_record(team=team_a, actor=world.users["hr_other"], evaluated_on=TODAY, scores=_scores(),
                               evidence=EVIDENCE, outstanding=[])  # fmt: skip
    assert not PostEvaluation.objects.exists()


def test_the_radar_compares_with_the_median_of_each_teams_latest(team_a, team_b, world):
    team_c = team_create(actor=world.users["admin"], unit=world.unit_a, formed_on=datetime.date(2023, 1, 1))
    hr, admin = world.users["hr"], world.users["admin"]
    post_evaluation_record(
        team=team_a,
        actor=hr,
        evaluated_on=TODAY - datetime.timedelta(days=30),
        scores=_scores(50),
        evidence=EVIDENCE,
        outstanding=[],
    )  # fmt: skip  (superseded below)
    post_evaluation_record(
        team=team_a, actor=hr, evaluated_on=TODAY, scores=_scores(90), evidence=EVIDENCE, outstanding=[]
    )
    post_evaluation_record(team=team_b, actor=world.users["hr_other"], evaluated_on=TODAY, scores=_scores(70),
                           evidence=EVIDENCE, outstanding=[])  # fmt: skip
    post_evaluation_record(
        team=team_c, actor=admin, evaluated_on=TODAY, scores=_scores(60), evidence=EVIDENCE, outstanding=[]
    )
    found = radar(team_a)
    assert found.labels == ["政治", "运行", "专业", "结构", "实绩", "问题"]
    assert found.team[0] == 90.0 and found.median[0] == 70.0  # of 90, 70 and 60 (the older 50 left out)
    assert found.teams_counted == 3
