"""The committee's annual team grade and its consequences (正职任期制、副职聘任制的地方办法): what each category calls for, the 三类
deadline and its reminders, what a refused decision leaves, HR recording each consequence as done."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ballots.services.evaluations import evaluation_close
from common.errors import ApplicationError
from common.models import AuditLog
from common.workdays import add_working_days
from notices.models import Notice
from notices.services import notices_generate
from teams.models import Consequence, TeamGrade
from teams.services.grades import consequence_complete, team_grade_decide
from tests.ballots.conftest import cast, issue, make_evaluation

TODAY = timezone.localdate()


def _decide(team, world, grade, **extra):
    values = {"year": TODAY.year - 1, "grade": grade, "basis": "年度考核和民主测评情况", "decided_on": TODAY}
    values.update(extra)
    return team_grade_decide(team=team, actor=world.users["committee"], **values)


@pytest.mark.parametrize(
    ("grade", "kinds"),
    [
        ("1", ["praise", "reward"]),
        ("2", []),
        ("3", ["talk", "improvement"]),
        ("4", ["adjustment"]),
    ],
)
def test_each_category_records_what_it_calls_for(team_a, world, grade, kinds):
    due = TODAY + datetime.timedelta(days=90)
    record = _decide(team_a, world, grade, improvement_due=due if grade == "3" else None)
    consequences = list(record.consequences.order_by("id"))
    assert [c.kind for c in consequences] == kinds
    if grade == "3":
        talk, improvement = consequences
        assert talk.cadre == world.cadre  # the team's principal (its only member here)
        assert improvement.due_date == due
    row = AuditLog.objects.get(action="teams.grade.decide")
    assert row.after["grade"] == grade and row.reason == "年度考核和民主测评情况"


def test_a_third_category_needs_a_deadline_and_a_refusal_writes_nothing(team_a, world):
    with pytest.raises(ApplicationError) as refused:
        _decide(team_a, world, "3")
    assert "improvement_due" in refused.value.field_errors
    with pytest.raises(ApplicationError, match="评定依据"):
        _decide(team_a, world, "2", basis=" ")
    assert not TeamGrade.objects.exists() and not Consequence.objects.exists()


def test_a_team_is_graded_once_a_year_and_by_the_committee_only(team_a, world):
    _decide(team_a, world, "2")
    with pytest.raises(ApplicationError, match="已评定"):
        _decide(team_a, world, "1")
    for persona in ("hr", "admin"):
        with pytest.raises(ApplicationError, match="党组成员"):
            team_grade_decide(team=team_a, actor=world.users[persona], year=TODAY.year - 2, grade="1", basis="x",
                              decided_on=TODAY)  # fmt: skip
    assert TeamGrade.objects.count() == 1


def test_the_teams_democratic_evaluation_score_is_kept_with_the_grade(team_a, world):
    made = make_evaluation(world, subjects=[world.unit_a1], items=(("班子总体评价", "team4"),), min_ballots=1)
    Evaluation = type(made.evaluation)
    Evaluation.objects.filter(pk=made.evaluation.pk).update(year=TODAY.year - 1)
    code = issue(made, world, size=1)[0]
    cast(made, code, {"综合科一组领导班子": "fairly_good"})
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    record = _decide(team_a, world, "2")
    assert record.evaluation_score == Decimal("80.00")
    assert record.evaluation_title == made.evaluation.title


def test_hr_records_a_consequence_as_done_once(team_a, world):
    record = _decide(team_a, world, "1")
    praise = record.consequences.get(kind="praise")
    with pytest.raises(ApplicationError, match="办理情况"):
        consequence_complete(consequence=praise, actor=world.users["hr"], done_on=TODAY, note="")
    with pytest.raises(ApplicationError, match="不在您的管理范围"):
        consequence_complete(consequence=praise, actor=world.users["hr_other"], done_on=TODAY, note="通报")
    consequence_complete(consequence=praise, actor=world.users["hr"], done_on=TODAY, note="党组通报〔2025〕2号")
    praise.refresh_from_db()
    assert praise.is_done and praise.done_by == world.users["hr"]
    with pytest.raises(ApplicationError, match="已办结"):
        consequence_complete(consequence=praise, actor=world.users["hr"], done_on=TODAY, note="再次")


def test_the_improvement_deadline_reminds_hr_until_done(team_a, world):
    due = add_working_days(TODAY, 20)  # a working day, so the on-the-day reminder fires on it
    record = _decide(team_a, world, "3", improvement_due=due)
    notices_generate(today=due)
    notice = Notice.objects.get(kind="teams.improvement", occurrence="due")
    assert notice.recipient == world.users["hr"] and "综合科一组领导班子" in notice.title
    consequence_complete(
        consequence=record.consequences.get(kind="improvement"), actor=world.users["hr"], done_on=TODAY, note="已整改"
    )
    notices_generate(today=add_working_days(due, 3))
    assert not Notice.objects.filter(kind="teams.improvement").exclude(occurrence="due").exists()
