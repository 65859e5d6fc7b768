"""Setting up, publishing, rescheduling and closing an evaluation: what is checked, what is refused (and left as it
was), what is audited, who is told, and the job that closes what is past its time."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ballots.form_rules import CategorySpec, ItemSpec
from ballots.models import BallotCode, Evaluation, RaterCategory, Tally
from ballots.services.codes import code_void
from ballots.services.evaluations import (
    evaluation_close,
    evaluation_create,
    evaluation_publish,
    evaluation_reschedule,
    evaluation_update,
)
from ballots.tasks.evaluations import close_due
from common.errors import ApplicationError
from common.models import AuditLog
from notices.models import Notice
from tests.ballots.conftest import cast, issue, make_evaluation, second_cadre


def _values(world, **change):
    now = timezone.now()
    values = {
        "unit": world.unit_a,
        "title": "中层干部民主测评",
        "year": 2025,
        "subject_kind": "cadre",
        "opens_at": now,
        "closes_at": now + datetime.timedelta(days=2),
        "subjects": [world.cadre],
        "items": [ItemSpec("总体评价", "grade4")],
        "categories": [CategorySpec("中层干部", Decimal("40")), CategorySpec("职工代表", Decimal("60"))],
    }
    values.update(change)
    return values


def test_hr_sets_up_an_evaluation_in_preparation(world):
    evaluation = evaluation_create(actor=world.users["hr"], **_values(world, top_cap_percent=20))
    assert evaluation.state == "draft" and evaluation.organization == world.org
    assert evaluation.points["excellent"] == 100 and evaluation.points["poor"] == 40
    assert len(evaluation.public_key) >= 12
    row = AuditLog.objects.get(action="ballots.evaluation.create")
    assert row.after["subjects"] == ["张三"] and row.after["categories"] == ["中层干部 40%", "职工代表 60%"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": " "}, "title", "请填写测评名称。"),
        ({"categories": [CategorySpec("中层干部", Decimal("40"))]}, "categories", "各类别权重合计应为100%,现为40%。"),
        (
            {"categories": [CategorySpec("甲", Decimal("50")), CategorySpec("甲", Decimal("50"))]},
            "categories-1-name",
            "类别“甲”重复。",
        ),
        ({"items": []}, "items", "请至少填写一个测评项目。"),
        ({"items": [ItemSpec("", "grade4")]}, "items-0-text", "请填写测评项目。"),
        ({"subjects": []}, "subjects", "请至少选择一名测评对象。"),
        ({"min_ballots": 0}, "min_ballots", "每类最少有效票数应在1到1000之间。"),
        ({"top_cap_percent": 101}, "top_cap_percent", "比例上限应在1%到100%之间;不设上限请留空。"),
        (
            {
                "points": {
                    "excellent": 60,
                    "competent": 80,
                    "basic": 60,
                    "incompetent": 40,
                    "good": 100,
                    "fairly_good": 80,
                    "average": 60,
                    "poor": 40,
                }
            },
            "points-excellent",
            "等次越高,折算分应越高(优秀/称职/基本称职/不称职)。",
        ),  # fmt: skip
    ],
)
def test_a_bad_form_is_refused_field_by_field_and_nothing_is_written(world, change, field, message):
    with pytest.raises(ApplicationError) as refused:
        evaluation_create(actor=world.users["hr"], **_values(world, **change))
    assert message in refused.value.field_errors[field]
    assert not Evaluation.objects.exists() and not AuditLog.objects.filter(action__startswith="ballots").exists()


def test_subjects_must_lie_under_the_organizing_unit(world):
    with pytest.raises(ApplicationError) as refused:
        evaluation_create(actor=world.users["hr"], **_values(world, subjects=[world.cadre, world.other_cadre]))
    assert refused.value.field_errors["subjects"] == ["以下对象不在组织单位“综合科”之下:李四。"]


def test_hr_of_another_subtree_cannot_organize_here(world):
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        evaluation_create(actor=world.users["hr_other"], **_values(world))
    assert not Evaluation.objects.exists()


def test_a_draft_is_changed_but_a_category_with_codes_stays(world):
    made = make_evaluation(world, publish=False)
    issue(made, world, category="职工代表", size=2)
    hr = world.users["hr"]
    common = {
        "title": "改名后的测评",
        "year": 2025,
        "opens_at": made.evaluation.opens_at,
        "closes_at": made.evaluation.closes_at,
        "subjects": [world.cadre],
        "items": [ItemSpec("德", "grade4"), ItemSpec("绩", "score100")],
        "min_ballots": 3,
        "top_cap_percent": None,
        "points": made.evaluation.points,
    }
    # dropping 职工代表, which has codes, is refused
    with pytest.raises(ApplicationError, match="职工代表"):
        evaluation_update(
            evaluation=made.evaluation,
            actor=hr,
            categories=[CategorySpec("中层干部", Decimal("100"))],
            **common,
        )
    assert made.refresh().title == "2025年度中层干部民主测评"
    # reweighting it is fine: the row and its codes stay
    category = made.categories["职工代表"]
    evaluation_update(
        evaluation=made.evaluation,
        actor=hr,
        categories=[CategorySpec("职工代表", Decimal("70")), CategorySpec("服务对象", Decimal("30"))],
        **common,
    )
    assert made.refresh().title == "改名后的测评"
    assert RaterCategory.objects.get(pk=category.pk).weight == Decimal("70")
    assert BallotCode.objects.filter(category=category).count() == 2
    assert [i.text for i in made.evaluation.items.all()] == ["德", "绩"]
    assert AuditLog.objects.filter(action="ballots.evaluation.update").count() == 1


def test_publishing_lists_what_is_missing(world):
    # a cap that allows no top grade at all, and a closing time already past
    made = make_evaluation(world, publish=False, top_cap_percent=20)
    Evaluation.objects.filter(pk=made.evaluation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1),
                                                            opens_at=timezone.now() - datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        evaluation_publish(evaluation=made.refresh(), actor=world.users["hr"])
    assert "截止时间已过" in refused.value.message
    assert "每张票一个最高等次也不能评" in refused.value.message
    assert made.refresh().state == "draft"


def test_a_published_form_is_fixed_and_published_once(made, world):
    assert made.evaluation.state == "open" and made.evaluation.opened_at is not None
    with pytest.raises(ApplicationError, match="已发布"):
        evaluation_update(evaluation=made.evaluation, actor=world.users["hr"], title="x", year=2025,
                          opens_at=made.evaluation.opens_at, closes_at=made.evaluation.closes_at, subjects=[world.cadre],
                          items=[ItemSpec("x", "grade4")], categories=[CategorySpec("x", Decimal(100))], min_ballots=5,
                          top_cap_percent=None, points=made.evaluation.points)  # fmt: skip
    with pytest.raises(ApplicationError, match="不能重复发布"):
        evaluation_publish(evaluation=made.evaluation, actor=world.users["hr"])


def test_the_closing_time_moves_with_a_reason(made, world):
    later = made.evaluation.closes_at + datetime.timedelta(days=2)
    with pytest.raises(ApplicationError, match="调整原因"):
        evaluation_reschedule(evaluation=made.evaluation, actor=world.users["hr"], closes_at=later, reason=" ")
    with pytest.raises(ApplicationError, match="晚于现在"):
        evaluation_reschedule(evaluation=made.evaluation, actor=world.users["hr"],
                              closes_at=timezone.now() - datetime.timedelta(hours=1), reason="提前")  # fmt: skip
    evaluation_reschedule(evaluation=made.evaluation, actor=world.users["hr"], closes_at=later, reason="外出人员未归")
    assert made.refresh().closes_at == later
    assert AuditLog.objects.get(action="ballots.evaluation.reschedule").reason == "外出人员未归"


def test_closing_early_waits_for_the_codes_still_out(made, world):
    codes = issue(made, world, size=2)
    cast(made, codes[0], {"张三": "competent", "王五": "competent"})
    # one code still out before the closing time: refused, with the reason and the way on
    with pytest.raises(ApplicationError, match="还有1张测评码未使用"):
        evaluation_close(evaluation=made.evaluation, actor=world.users["hr"])
    assert made.refresh().state == "open" and not Tally.objects.exists()
    # once it is voided, HR may close at once
    code_void(evaluation=made.evaluation, actor=world.users["hr"], reason="未发出", batch_number=1, serial=2)
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"])
    assert made.refresh().state == "closed" and Tally.objects.get().ballot_count == 1


def test_closing_seals_once_tells_the_organizer_and_is_audited(made, world):
    codes = issue(made, world, size=1)
    cast(made, codes[0], {"张三": "competent", "王五": "competent"})
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    with pytest.raises(ApplicationError, match="只有已发布"):
        evaluation_close(evaluation=made.evaluation, actor=world.users["hr"], now=made.evaluation.closes_at)
    assert Tally.objects.count() == 1
    notice = Notice.objects.get(kind="ballots.closed")
    assert notice.recipient == world.users["hr"] and "有效票1张" in notice.body
    row = AuditLog.objects.get(action="ballots.evaluation.close")
    assert row.after["ballots"] == 1 and row.after["head"] == Tally.objects.get().head


def test_the_job_closes_what_is_past_its_time_and_nothing_else(world):
    past = make_evaluation(world, title="已截止")
    current = make_evaluation(world, title="进行中", subjects=[world.cadre, second_cadre(world)])
    Evaluation.objects.filter(pk=past.evaluation.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    # when the job runs twice
    assert close_due() == {"closed": 1}
    assert close_due() == {"closed": 0}
    # then the past one is sealed (by nobody in particular) and the current one still takes ballots
    assert past.refresh().state == "closed" and Tally.objects.get().sealed_by is None
    assert current.refresh().state == "open"
    assert AuditLog.objects.get(action="ballots.evaluation.close").actor is None
