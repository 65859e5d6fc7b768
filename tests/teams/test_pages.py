"""The team pages: a team's page with its members, 结构, radar data and grade history; the committee's grade page;
HR's post-evaluation and member-data pages with their errors next to the fields."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from teams.models import MemberProfile, PostEvaluation, TeamGrade
from teams.services.post_evaluations import post_evaluation_record

TODAY = timezone.localdate()
EVIDENCE = dict.fromkeys(("political", "operation", "professional", "performance", "problems"), "材料")


def test_the_team_page_shows_members_structure_radar_and_grades(team_a, world, as_persona):
    post_evaluation_record(team=team_a, actor=world.users["hr"], evaluated_on=TODAY, scores=dict.fromkeys(EVIDENCE, 88),
                           evidence=EVIDENCE, outstanding=[world.cadre])  # fmt: skip
    response = as_persona("committee").get(reverse("teams:team_detail", args=[team_a.pk]))
    body = response.content.decode()
    assert "张三" in body and "组长" in body and "结构得分" in body
    radar = json.loads(body.split('id="team-radar-data" type="application/json">')[1].split("</script>")[0])
    assert radar["labels"] == ["政治", "运行", "专业", "结构", "实绩", "问题"] and radar["team"][0] == 88.0
    assert "评定班子类别" in body  # the committee may grade it
    assert "录入后评估" not in body  # HR records post-evaluations


def test_the_committee_grades_on_the_page(team_a, world, as_persona):
    url = reverse("teams:grade_decide", args=[team_a.pk])
    data = {"year": TODAY.year - 1, "grade": "3", "basis": "年度考核", "decided_on": TODAY.isoformat()}
    response = as_persona("committee").post(url, data)
    assert response.status_code == 200 and "improvement_due" in response.context["form"].errors
    assert not TeamGrade.objects.exists()
    data["improvement_due"] = (TODAY + datetime.timedelta(days=60)).isoformat()
    response = as_persona("committee").post(url, data, follow=True)
    assert "已评定综合科一组领导班子" in response.content.decode()
    assert TeamGrade.objects.get().consequences.count() == 2


def test_hr_records_a_post_evaluation_on_the_page(team_a, world, as_persona):
    url = reverse("teams:post_evaluation_create", args=[team_a.pk])
    data = {"evaluated_on": TODAY.isoformat(), "outstanding": [world.cadre.pk], "target_max_vacancies": "0"}
    for dimension in EVIDENCE:
        data[f"score_{dimension}"], data[f"evidence_{dimension}"] = "90", "材料"
    data["score_problems"] = "120"
    response = as_persona("hr").post(url, data)
    assert "score_problems" in response.context["form"].errors and not PostEvaluation.objects.exists()
    data["score_problems"] = "95"
    response = as_persona("hr").post(url, data)
    assert response.status_code == 302
    record = PostEvaluation.objects.get()
    # only the one target given is counted: the others were left empty, i.e. switched off
    assert [t["key"] for t in record.structure["targets"]] == ["max_vacancies"]
    assert record.scores["structure"] == "100.00"


def test_hr_records_a_members_data(team_a, world, as_persona):
    url = reverse("teams:profile_edit", args=[team_a.pk, world.cadre.pk])
    response = as_persona("hr").post(url, {"political_status": "party", "education": "bogus", "specialty": "法学"})
    assert "education" in response.context["form"].errors
    as_persona("hr").post(url, {"political_status": "party", "education": "postgraduate", "specialty": "法学"})
    assert MemberProfile.objects.get(cadre=world.cadre).education == "postgraduate"
    # a cadre of another subtree is not found
    other = reverse("teams:profile_edit", args=[team_a.pk, world.other_cadre.pk])
    assert as_persona("hr").get(other).status_code == 404
