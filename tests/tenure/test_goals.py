"""Term goals: proposed by the unit (HR of it, or the cadre who leads it), reviewed by HR, approved by the
committee; returned with a reason and resubmitted; each step by its own people only, a refused one changing nothing;
the XLSX template and the all-or-nothing import with its problems by row and column; the public listing."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from common.errors import ApplicationError
from common.imports.issues import ImportInvalid
from common.models import AuditLog
from tenure.models import TermGoal
from tenure.selectors.goals import public_goals
from tenure.services import goals as services
from tenure.services.goal_imports import COLUMNS, goal_template_bytes, goals_import
from tests.tenure.conftest import make_policy

D = datetime.date


def values(**overrides):
    base = {"responsibility": "shared", "scope": "annual", "year": 2026, "area": "duties", "kind": "quantified"}
    return base | {"title": "食品抽检", "target": 1200, "measure_unit": "批次", "weight": 20} | overrides


@pytest.fixture
def goal(world, policy):
    return services.goal_propose(unit=world.unit_a1, actor=world.users["hr"], values=values())


def _state(goal):
    return TermGoal.objects.get(pk=goal.pk).state


def test_proposed_reviewed_approved_and_only_then_counted(goal, world):
    assert (goal.state, goal.counts) == ("proposed", False)
    # the committee may not approve what HR has not reviewed
    with pytest.raises(ApplicationError):
        services.goal_approve(goal=goal, actor=world.users["committee"])
    services.goal_review(goal=goal, actor=world.users["hr"], note="同意")
    services.goal_approve(goal=goal, actor=world.users["committee"], note="党组会议通过")
    goal.refresh_from_db()
    assert (goal.state, goal.counts, goal.approved_by) == ("approved", True, world.users["committee"])
    assert list(
        AuditLog.objects.filter(subject_id=str(goal.pk), action__startswith="tenure.goal")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["tenure.goal.propose", "tenure.goal.review", "tenure.goal.approve"]


def test_each_step_by_its_own_people(goal, world):
    before = AuditLog.objects.count()
    # HR of another subtree may not review, a cadre may not, the admin may not approve in the committee's place
    for persona in ("hr_other", "cadre", "committee"):
        with pytest.raises(ApplicationError):
            services.goal_review(goal=goal, actor=world.users[persona])
    services.goal_review(goal=goal, actor=world.users["hr"])
    for persona in ("hr", "admin"):
        with pytest.raises(ApplicationError):
            services.goal_approve(goal=goal, actor=world.users[persona])
    assert _state(goal) == "reviewed" and AuditLog.objects.count() == before + 1


def test_returned_with_a_reason_then_resubmitted(goal, world):
    with pytest.raises(ApplicationError) as refused:
        services.goal_return(goal=goal, actor=world.users["hr"], note=" ")
    assert "note" in refused.value.field_errors and _state(goal) == "proposed"
    services.goal_return(goal=goal, actor=world.users["hr"], note="目标值偏低")
    services.goal_resubmit(goal=goal, actor=world.users["hr"], values=values(target=1500))
    goal.refresh_from_db()
    assert (goal.state, goal.target, goal.decision_note) == ("proposed", 1500, "")


def test_the_unit_leader_proposes_for_their_unit_only(world, policy):
    # 李四 holds 城关所所长 (a principal post): he may propose for 城关所, not for 综合科一组
    leader = world.users["other_cadre"]
    services.goal_propose(unit=world.unit_b, actor=leader, values=values())
    with pytest.raises(ApplicationError):
        services.goal_propose(unit=world.unit_a1, actor=leader, values=values())
    # 张三 leads as a middle manager (组长), not a principal: he proposes nothing
    with pytest.raises(ApplicationError):
        services.goal_propose(unit=world.unit_a1, actor=world.users["cadre"], values=values())


def test_bad_goals_are_refused_field_by_field(world, policy):
    with pytest.raises(ApplicationError) as refused:
        services.goal_propose(
            unit=world.unit_a1,
            actor=world.users["hr"],
            values=values(kind="quantified", target=None, area="nowhere", responsibility="personal", title=""),
        )
    assert set(refused.value.field_errors) == {"target", "area", "cadre", "title"}
    assert not TermGoal.objects.exists()


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "任期目标"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {"单位": "综合科一组", "责任类型": "共同责任", "目标类型": "年度目标", "年度": 2026, "目标领域": "工作职能和职责",
        "目标名称": "食品抽检", "指标类型": "量化指标", "目标值": 1200, "计量单位": "批次", "权重": 20}  # fmt: skip


def test_the_import_is_all_or_nothing_with_every_problem(world, policy):
    bad = [
        GOOD,
        GOOD | {"单位": "不存在的科", "目标名称": ""},
        GOOD | {"指标类型": "定性描述", "目标值": ""},
        GOOD | {"单位": "城关所"},  # outside HR 甲's units
    ]
    with pytest.raises(ImportInvalid) as refused:
        goals_import(organization=world.org, actor=world.users["hr"], content=_xlsx(bad), file_name="目标.xlsx")
    found = {(i.row, i.column) for i in refused.value.issues}
    assert found == {(3, "单位"), (3, "目标名称"), (4, "目标描述"), (5, "单位")}
    assert not TermGoal.objects.exists()
    created = goals_import(
        organization=world.org,
        actor=world.users["hr"],
        content=_xlsx([GOOD, GOOD | {"目标名称": "快检"}]),
        file_name="a.xlsx",
    )
    assert [g.state for g in created] == ["proposed", "proposed"]


def test_the_api_import_naming_another_organization_is_not_found_and_imports_nothing(world, policy, as_persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import OrganizationFactory

    # given HR 甲 and an organization that is not theirs
    elsewhere = OrganizationFactory(code="elsewhere", name="另一局")
    url = "/api/tenure/goals/import/"

    def send(organization):
        upload = SimpleUploadedFile("目标.xlsx", _xlsx([GOOD]))
        return as_persona("hr").post(url, {"file": upload, "organization": organization.pk})

    # when the file names the other organization, then it is not there, and nothing is taken into 甲's own instead
    assert send(elsewhere).status_code == 404
    assert not TermGoal.objects.exists()
    # and naming 甲's own imports as before
    assert send(world.org).json() == {"created": 1}


def test_the_template_reads_back_as_an_empty_file_of_the_right_columns():
    book = load_workbook(io.BytesIO(goal_template_bytes()))
    assert [c.value for c in book["任期目标"][1]] == list(COLUMNS)
    assert "填写说明" in book.sheetnames


def test_approved_goals_are_listed_to_the_people_of_the_unit(goal, world):
    services.goal_review(goal=goal, actor=world.users["hr"])
    services.goal_approve(goal=goal, actor=world.users["committee"])
    other = services.goal_propose(unit=world.unit_b, actor=world.users["hr_other"], values=values())
    services.goal_review(goal=other, actor=world.users["hr_other"])
    services.goal_approve(goal=other, actor=world.users["committee"])
    # 张三 sees his unit's, 李四 his own unit's; neither the other's
    assert list(public_goals(user=world.users["cadre"])) == [goal]
    assert list(public_goals(user=world.users["other_cadre"])) == [other]
    # a policy that does not publish goals lists none
    make_policy(world, effective_from=D(2026, 1, 1), goals_public=False)
    assert not public_goals(user=world.users["cadre"]).exists()


def test_a_personal_goal_names_a_member_of_the_unit(world, policy):
    with pytest.raises(ApplicationError) as refused:
        services.goal_propose(
            unit=world.unit_a1,
            actor=world.users["hr"],
            values=values(responsibility="personal", cadre=world.other_cadre),
        )
    assert "cadre" in refused.value.field_errors
    goal = services.goal_propose(
        unit=world.unit_a1, actor=world.users["hr"], values=values(responsibility="personal", cadre=world.cadre)
    )
    assert goal.cadre == world.cadre
