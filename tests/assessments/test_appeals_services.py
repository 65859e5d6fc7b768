"""Appeals (申诉复核): filing within the deadlines, the committee's decision, and what a revoked item does to the
year's results. A refused action changes nothing."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from assessments.models import (
    Appeal,
    ApprovalStatus,
    Grade,
    Period,
    PointEntry,
    PointItem,
    Publication,
    Result,
    ResultRun,
    Scheme,
    VetoEntry,
    VetoItem,
)
from assessments.selectors import appeals
from assessments.services import (
    period_open,
    point_entry_decide,
    point_entry_record,
    score_save,
    veto_entry_decide,
    veto_entry_record,
)
from assessments.services.appeals import appeal_decide, appeal_file
from assessments.services.publication import publication_adopt_run
from assessments.services.results import results_run_create, results_run_execute
from common.errors import ApplicationError
from common.models import AuditLog
from org.models import RoleAssignment
from org.services import role_assign

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10):
    """Travel to a working hour of `day` in Beijing time."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def deduction(world, cadre=None, *, code="circulated_criticism", occurred_on=datetime.date(2025, 1, 10), approve=True):
    cadre = cadre or world.cadre
    recorder = "hr" if cadre == world.cadre else "hr_other"
    entry = point_entry_record(
        cadre=cadre,
        item=PointItem.objects.get(organization=world.org, code=code),
        year=occurred_on.year,
        occurred_on=occurred_on,
        evidence="局通报〔2025〕1号",
        actor=world.users[recorder],
    )
    if approve:
        point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
    entry.refresh_from_db()
    return entry


def veto(world, cadre=None, *, occurred_on=datetime.date(2025, 1, 10)):
    cadre = cadre or world.cadre
    entry = veto_entry_record(
        cadre=cadre,
        item=VetoItem.objects.filter(organization=world.org).order_by("sort_order").first(),
        year=occurred_on.year,
        occurred_on=occurred_on,
        evidence="事故调查报告",
        actor=world.users["hr" if cadre == world.cadre else "hr_other"],
    )
    veto_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
    entry.refresh_from_db()
    return entry


def file(world, entry, *, persona="cadre", target="deduction", reason="通报所述情况与事实不符"):
    return appeal_file(cadre=entry.cadre, target=target, entry=entry, reason=reason, actor=world.users[persona])


def score_everything(scoring, world, values: dict):
    """Every component of every period scored by 王五, `values` = {cadre: "80"}."""
    for period in scoring.scheme.periods.all():
        if period.status != Period.Status.OPEN:
            period = period_open(period=period)
        for component in scoring.components.values():
            if period.kind not in component.period_kinds:
                continue
            for ratee, value in values.items():
                score_save(
                    period=period,
                    component=component,
                    rater=scoring.rater,
                    ratee=ratee,
                    value=value,
                    expected_revision=0,
                )


def compute(world, **kwargs) -> ResultRun:
    run = results_run_create(
        organization=world.org, year=2025, actor=world.users["hr"], reason="年终考核", enqueue=False, **kwargs
    )
    return results_run_execute(run_id=run.pk)


def publish(world, run, *, on=datetime.date(2025, 3, 3), state=Publication.State.PUBLISHED) -> Publication:
    # The publication workflow is another page's; the appeals only read its outcome.
    return Publication.objects.create(
        organization=world.org,
        year=run.year,
        run=run,
        state=state,
        published_on=on if state == Publication.State.PUBLISHED else None,
    )


def result_of(run, cadre) -> Result:
    return Result.objects.get(run=run, cadre=cadre)


def state(*entries):
    """Everything a refused action must leave as it was."""
    rows = [(type(e).__name__, e.pk, type(e).objects.get(pk=e.pk).status) for e in entries]
    return (
        rows,
        list(Appeal.objects.order_by("pk").values_list("pk", "status", "decided_by_id", "decision_reason")),
        AuditLog.objects.count(),
        ResultRun.objects.count(),
        list(Publication.objects.values_list("pk", "run_id")),
    )


# --- filing: the local deadline -----------------------------------------------------------------------------------


class TestLocalDeadline:
    def test_five_working_days_after_approval_across_the_spring_festival(self, scoring, world):
        # Approved on Friday 2025-01-24: Sunday 26 January was worked, 28 January – 4 February was the holiday.
        with at(datetime.date(2025, 1, 24)):
            entry = deduction(world)
            appeal = file(world, entry)
        assert appeal.deadline == datetime.date(2025, 2, 7)
        assert appeal.status == Appeal.Status.PENDING and appeal.target == Appeal.Target.DEDUCTION
        assert appeal.point_entry == entry and appeal.year == 2025 and appeal.filed_by == world.users["cadre"]
        row = AuditLog.objects.get(action="assessments.appeal.file")
        assert row.subject_id == str(appeal.pk) and row.after["deadline"] == "2025-02-07" and row.reason == ""

    def test_the_schemes_working_days_set_the_period(self, scoring, world):
        Scheme.objects.filter(pk=scoring.scheme.pk).update(appeal_working_days=3)
        with at(datetime.date(2025, 1, 24)):
            appeal = file(world, deduction(world))
        # 国务院办公厅节假日安排 and 民法典 on counting days: 2025-01-24 plus 3 working days is Wednesday 2025-02-05.
        assert appeal.deadline == datetime.date(2025, 2, 5)

    def test_the_last_day_is_in_time_and_the_next_is_not(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            entry = deduction(world)
        with at(datetime.date(2025, 2, 7), hour=23):
            assert file(world, entry).deadline == datetime.date(2025, 2, 7)

        late = deduction(world, code="task_missed")
        PointEntry.objects.filter(pk=late.pk).update(decided_at=datetime.datetime(2025, 1, 24, 10, tzinfo=SHANGHAI))
        before = state(late)
        with (
            at(datetime.date(2025, 2, 8)),
            pytest.raises(ApplicationError, match=r"申诉期限已于2025年2月7日\(星期五\)届满"),
        ):
            file(world, late)
        assert state(late) == before

    def test_a_later_publication_starts_the_period(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            entry = deduction(world)
        publish(world, compute(world), on=datetime.date(2025, 3, 3))
        with at(datetime.date(2025, 3, 10)):
            appeal = file(world, entry)
        assert appeal.deadline == datetime.date(2025, 3, 10)  # Monday 3 March + 5 working days

    def test_an_earlier_publication_does_not_shorten_the_period(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            entry = deduction(world)
        publish(world, compute(world), on=datetime.date(2025, 1, 2))
        with at(datetime.date(2025, 1, 24)):
            assert file(world, entry).deadline == datetime.date(2025, 2, 7)

    def test_a_veto_is_appealed_the_same_way(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            entry = veto(world)
            appeal = file(world, entry, target="veto")
        assert appeal.veto_entry == entry and appeal.point_entry is None
        assert appeal.deadline == datetime.date(2025, 2, 7)


class TestFilingRefusals:
    @pytest.fixture
    def entry(self, scoring, world):
        return deduction(world, occurred_on=datetime.date(2025, 6, 1))

    def _refused(self, match, call, *entries):
        before = state(*entries)
        with pytest.raises(ApplicationError, match=match):
            call()
        assert state(*entries) == before

    def test_someone_elses_item(self, world, entry):
        theirs = deduction(world, world.other_cadre, occurred_on=datetime.date(2025, 6, 1))
        self._refused(
            "只能对本人的扣分",
            lambda: appeal_file(
                cadre=world.cadre, target="deduction", entry=theirs, reason="x", actor=world.users["cadre"]
            ),
            theirs,
        )
        # Nor for someone else as the actor: 李四 cannot appeal 张三's deduction in 张三's name.
        self._refused("只能对本人的记录申诉", lambda: file(world, entry, persona="other_cadre"), entry)

    def test_a_bonus(self, world, entry):
        bonus = deduction(world, code="award_city", occurred_on=datetime.date(2025, 6, 1))
        self._refused("加分不能申诉", lambda: file(world, bonus), bonus)

    @pytest.mark.parametrize("approve", [None, False])
    def test_an_item_not_approved(self, world, entry, approve):
        other = deduction(world, code="task_missed", occurred_on=datetime.date(2025, 6, 1), approve=False)
        if approve is False:
            point_entry_decide(entry=other, approve=False, reason="证据不足", actor=world.users["committee"])
        status = "待审批" if approve is None else "未批准"
        self._refused(f"只能对已批准的记录申诉,该记录目前为“{status}”", lambda: file(world, other), other)

    def test_twice_while_one_is_pending(self, world, entry):
        file(world, entry)
        self._refused("已有一项待处理的申诉", lambda: file(world, entry), entry)
        self._refused("已有一项待处理的申诉", lambda: file(world, entry, persona="hr"), entry)

    def test_again_after_it_was_upheld(self, world, entry):
        appeal_decide(appeal=file(world, entry), revoke=False, reason="事实清楚", actor=world.users["committee"])
        self._refused(r"该记录的申诉已作出决定\(维持原决定\)", lambda: file(world, entry), entry)

    def test_without_a_reason(self, world, entry):
        self._refused("请填写申诉理由", lambda: file(world, entry, reason="  "), entry)

    def test_a_target_that_does_not_match_the_item(self, world, entry):
        self._refused("请选择要申诉的扣分或一票否决记录", lambda: file(world, entry, target="veto"), entry)
        self._refused("申诉对象无效", lambda: file(world, entry, target="bonus"), entry)

    @pytest.mark.parametrize("persona", ["hr_other", "committee", "rater"])
    def test_by_someone_who_is_neither_the_cadre_nor_their_hr(self, world, entry, persona):
        self._refused("只能对本人的记录申诉", lambda: file(world, entry, persona=persona), entry)


class TestPaperAppeal:
    def test_hr_files_on_a_cadres_behalf(self, scoring, world):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        appeal = file(world, entry, persona="hr", reason="干部本人提交的书面申诉材料")
        assert appeal.cadre == world.cadre and appeal.filed_by == world.users["hr"]
        assert AuditLog.objects.get(action="assessments.appeal.file").reason == "人事部门代交书面申诉"


# --- filing: the statutory 复核 of a 不称职 grade -----------------------------------------------------------------


@pytest.fixture
def incompetent(scoring, world):
    """张三 scored 50 (不称职), 李四 90; the year computed and published on Monday 2025-09-01."""
    score_everything(scoring, world, {world.cadre: "50", world.other_cadre: "90"})
    run = compute(world)
    assert result_of(run, world.cadre).grade == Grade.INCOMPETENT
    assert result_of(run, world.other_cadre).grade != Grade.INCOMPETENT
    publish(world, run, on=datetime.date(2025, 9, 1))
    return run


def file_grade(world, *, persona="cadre", cadre=None, year=2025):
    return appeal_file(
        cadre=cadre or world.cadre, target="grade", year=year, reason="请求复核等次", actor=world.users[persona]
    )


class TestGradeReview:
    def test_thirty_calendar_days_ending_on_a_holiday_roll_over(self, incompetent, world):
        # 2025-09-01 + 30 days is 1 October, National Day; the holiday runs to 8 October, so the period ends on 9 October.
        with at(datetime.date(2025, 10, 9)):
            appeal = file_grade(world)
        assert appeal.deadline == datetime.date(2025, 10, 9)
        assert appeal.target == Appeal.Target.GRADE and appeal.result == result_of(incompetent, world.cadre)
        assert appeal.point_entry is None and appeal.veto_entry is None

    def test_the_day_after_is_too_late(self, incompetent, world):
        before = state()
        with at(datetime.date(2025, 10, 10)), pytest.raises(ApplicationError, match="申诉期限已于2025年10月9日"):
            file_grade(world)
        assert state() == before

    def test_the_local_deadline_never_shortens_it(self, incompetent, world, scoring):
        Scheme.objects.filter(pk=scoring.scheme.pk).update(appeal_working_days=1)
        with at(datetime.date(2025, 9, 25)):
            assert file_grade(world).deadline == datetime.date(2025, 10, 9)

    def test_only_a_published_incompetent_grade(self, incompetent, world):
        before = state()
        with at(datetime.date(2025, 9, 2)):
            with pytest.raises(ApplicationError, match="只有被确定为不称职等次的"):
                file_grade(world, persona="other_cadre", cadre=world.other_cadre)
            with pytest.raises(ApplicationError, match="2024年考核结果尚未公布"):
                file_grade(world, year=2024)
        Publication.objects.update(state=Publication.State.POSTED)
        with at(datetime.date(2025, 9, 2)), pytest.raises(ApplicationError, match="2025年考核结果尚未公布"):
            file_grade(world)
        assert state() == before

    def test_once(self, incompetent, world):
        with at(datetime.date(2025, 9, 2)):
            appeal = file_grade(world)
            with pytest.raises(ApplicationError, match="已有一项待处理的申诉"):
                file_grade(world, persona="hr")
            appeal_decide(appeal=appeal, revoke=False, reason="等次确定无误", actor=world.users["committee"])
            with pytest.raises(ApplicationError, match="15日内向上一级机关提出申诉"):
                file_grade(world)
        assert Appeal.objects.count() == 1


# --- the committee's decision -------------------------------------------------------------------------------------


@pytest.fixture
def scored(scoring, world):
    """张三 80, 李四 90 on every component."""
    score_everything(scoring, world, {world.cadre: "80", world.other_cadre: "90"})
    return scoring


class TestDecision:
    def test_upheld_changes_nothing_else(self, scored, world):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        compute(world)
        appeal = file(world, entry)
        runs = ResultRun.objects.count()

        decided = appeal_decide(appeal=appeal, revoke=False, reason="通报事实清楚", actor=world.users["committee"])

        assert decided.status == Appeal.Status.UPHELD and decided.decided_by == world.users["committee"]
        assert decided.decision_reason == "通报事实清楚" and decided.decided_at is not None
        assert decided.recompute_run is None
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.APPROVED and ResultRun.objects.count() == runs
        row = AuditLog.objects.get(action="assessments.appeal.uphold")
        assert row.before["status"] == "pending" and row.after["status"] == "upheld"

    @pytest.mark.parametrize(
        ("persona", "reason", "match"),
        [
            ("committee", " ", "请填写决定理由"),
            ("hr", "理由", r"只有党组\(党委\)可以决定申诉"),
            ("admin", "理由", r"只有党组\(党委\)可以决定申诉"),
            ("cadre", "理由", r"只有党组\(党委\)可以决定申诉"),
        ],
    )
    def test_refused_decisions_change_nothing(self, scored, world, persona, reason, match):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        appeal = file(world, entry)
        before = state(entry)
        with pytest.raises(ApplicationError, match=match):
            appeal_decide(appeal=appeal, revoke=True, reason=reason, actor=world.users[persona])
        assert state(entry) == before

    def test_a_committee_member_does_not_decide_their_own_appeal(self, scored, world):
        role_assign(user=world.users["cadre"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        appeal = file(world, entry)
        before = state(entry)
        with pytest.raises(ApplicationError, match="不能决定本人的申诉"):
            appeal_decide(appeal=appeal, revoke=True, reason="理由", actor=world.users["cadre"])
        assert state(entry) == before

    def test_a_committee_outside_the_cadres_units_cannot_decide(self, scored, world):
        from tests.factories import UserFactory

        member = UserFactory(username="committee_b")
        role_assign(user=member, role=RoleAssignment.Role.COMMITTEE, organization=world.org, unit=world.unit_b)
        appeal = file(world, deduction(world, occurred_on=datetime.date(2025, 6, 1)))
        with pytest.raises(ApplicationError, match=r"只有党组\(党委\)可以决定申诉"):
            appeal_decide(appeal=appeal, revoke=True, reason="理由", actor=member)

    def test_decided_once(self, scored, world):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        appeal = file(world, entry)
        appeal_decide(appeal=appeal, revoke=False, reason="维持", actor=world.users["committee"])
        before = state(entry)
        with pytest.raises(ApplicationError, match="该申诉已维持原决定,不能重复决定"):
            appeal_decide(appeal=appeal, revoke=True, reason="撤销", actor=world.users["committee"])
        assert state(entry) == before


class TestRevocation:
    def test_a_revoked_deduction_re_computes_a_published_year_and_the_publication_adopts_it(
        self, scored, world, django_capture_on_commit_callbacks
    ):
        entry = deduction(world, code="admonishment", occurred_on=datetime.date(2025, 6, 1))  # −1
        first = compute(world)
        assert result_of(first, world.cadre).composite == Decimal("79.00")
        publication = publish(world, first, on=datetime.date.today())
        appeal = file(world, entry)

        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(
                appeal=appeal, revoke=True, reason="诫勉系针对他人,记录有误", actor=world.users["committee"]
            )

        entry.refresh_from_db()
        assert decided.status == Appeal.Status.REVOKED and entry.status == ApprovalStatus.REVOKED
        second = ResultRun.objects.get(pk=decided.recompute_run.pk)
        assert second.version == 2 and second.status == ResultRun.Status.SUCCEEDED
        assert second.reason.startswith("申诉撤销:张三") and second.reason.endswith(f"(申诉 #{appeal.pk})")
        assert second.requested_by == world.users["committee"]
        assert result_of(second, world.cadre).composite == Decimal("80.00")
        assert result_of(second, world.cadre).deduction == 0
        assert result_of(first, world.cadre).composite == Decimal("79.00")  # the old version stays as it was
        publication.refresh_from_db()
        assert publication.run == second and publication.state == Publication.State.PUBLISHED

        revoke = AuditLog.objects.get(action="assessments.points.revoke")
        assert revoke.subject_id == str(entry.pk) and revoke.before == {"status": "approved"}
        assert revoke.after == {"status": "revoked"} and "诫勉系针对他人" in revoke.reason
        assert AuditLog.objects.get(action="assessments.appeal.revoke").after["status"] == "revoked"
        assert AuditLog.objects.filter(action="assessments.results.compute", reason=second.reason).count() == 1
        adopt = AuditLog.objects.get(action="assessments.results.publication_adopt")
        assert adopt.subject_id == str(publication.pk) and adopt.actor == world.users["committee"]
        assert adopt.before == {"run_id": first.pk, "version": 1} and adopt.after == {"run_id": second.pk, "version": 2}
        assert appeals.appeal_recompute_run(decided) == second

    def test_a_revoked_veto_leaves_the_computation(self, scored, world, django_capture_on_commit_callbacks):
        entry = veto(world, occurred_on=datetime.date(2025, 6, 1))
        first = compute(world)
        assert result_of(first, world.cadre).vetoed
        appeal = file(world, entry, target="veto")
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(
                appeal=appeal, revoke=True, reason="事故责任不在本人", actor=world.users["committee"]
            )
        assert VetoEntry.objects.get(pk=entry.pk).status == ApprovalStatus.REVOKED
        second = decided.recompute_run
        second.refresh_from_db()
        assert second.status == ResultRun.Status.SUCCEEDED and not result_of(second, world.cadre).vetoed
        assert result_of(second, world.cadre).grade not in {Grade.BASIC, Grade.INCOMPETENT}
        assert AuditLog.objects.filter(action="assessments.veto.revoke", subject_id=str(entry.pk)).count() == 1
        assert not AuditLog.objects.filter(action="assessments.results.publication_adopt").exists()

    def test_a_year_never_computed_is_not_computed(self, scored, world, django_capture_on_commit_callbacks):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        appeal = file(world, entry)
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(appeal=appeal, revoke=True, reason="撤销", actor=world.users["committee"])
        assert decided.recompute_run is None and not ResultRun.objects.exists()
        assert PointEntry.objects.get(pk=entry.pk).status == ApprovalStatus.REVOKED

    def test_a_year_under_posting_keeps_its_confirmed_run(self, scored, world, django_capture_on_commit_callbacks):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        first = compute(world)
        publication = publish(world, first, state=Publication.State.POSTED)
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(
                appeal=file(world, entry), revoke=True, reason="撤销", actor=world.users["committee"]
            )
        decided.recompute_run.refresh_from_db()
        assert decided.recompute_run.status == ResultRun.Status.SUCCEEDED
        publication.refresh_from_db()
        assert publication.run == first  # the committee confirms the new version through the results workflow

    def test_an_item_already_taken_out_is_not_re_computed_again(
        self, scored, world, django_capture_on_commit_callbacks
    ):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        compute(world)
        appeal = file(world, entry)
        PointEntry.objects.filter(pk=entry.pk).update(status=ApprovalStatus.REVOKED)  # e.g. an error-tolerance case
        runs = ResultRun.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(appeal=appeal, revoke=True, reason="撤销", actor=world.users["committee"])
        assert decided.status == Appeal.Status.REVOKED and decided.recompute_run is None
        assert ResultRun.objects.count() == runs
        assert not AuditLog.objects.filter(action="assessments.points.revoke").exists()

    def test_a_failed_re_computation_does_not_undo_the_decision(
        self, scored, world, django_capture_on_commit_callbacks, monkeypatch
    ):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        first = compute(world)
        publication = publish(world, first, on=datetime.date.today())
        appeal = file(world, entry)

        def broken(run):
            raise RuntimeError("数据库连接中断")

        monkeypatch.setattr("assessments.services.results.compute_run", broken)
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(appeal=appeal, revoke=True, reason="撤销", actor=world.users["committee"])
        run = ResultRun.objects.get(pk=decided.recompute_run.pk)
        assert run.status == ResultRun.Status.FAILED and "数据库连接中断" in run.message
        assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.REVOKED
        publication.refresh_from_db()
        assert publication.run == first

    def test_a_revoked_grade_records_the_decision_only(self, incompetent, world, django_capture_on_commit_callbacks):
        with at(datetime.date(2025, 9, 2)):
            appeal = file_grade(world)
        runs = ResultRun.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            decided = appeal_decide(appeal=appeal, revoke=True, reason="应为基本称职", actor=world.users["committee"])
        assert decided.status == Appeal.Status.REVOKED and decided.recompute_run is None
        assert result_of(incompetent, world.cadre).grade == Grade.INCOMPETENT
        assert ResultRun.objects.count() == runs
        assert "系统不自动改变等次" in AuditLog.objects.get(action="assessments.appeal.revoke").reason


class TestPublicationAdoptRun:
    def test_only_a_newer_successful_whole_year_run_is_adopted(self, scored, world):
        first, second = compute(world), compute(world)
        publication = publish(world, second, on=datetime.date.today())
        assert publication_adopt_run(run=first) is None  # older
        group_run = compute(world, group=world.group, after_publication=True)
        assert publication_adopt_run(run=group_run) is None  # one group only
        queued = results_run_create(organization=world.org, year=2025, enqueue=False, after_publication=True)
        assert publication_adopt_run(run=queued) is None  # not carried out
        publication.refresh_from_db()
        assert publication.run == second
        assert not AuditLog.objects.filter(action="assessments.results.publication_adopt").exists()

    def test_an_unpublished_year_is_left_alone(self, scored, world):
        first = compute(world)
        publish(world, first, state=Publication.State.CONFIRMED)
        assert publication_adopt_run(run=compute(world)) is None
        assert Publication.objects.get().run == first


# --- what people see ----------------------------------------------------------------------------------------------


class TestSelectors:
    def test_each_sees_their_scope(self, scoring, world):
        mine = file(world, deduction(world, occurred_on=datetime.date(2025, 6, 1)))
        theirs = file(
            world, deduction(world, world.other_cadre, occurred_on=datetime.date(2025, 6, 1)), persona="other_cadre"
        )
        seen = {p: set(appeals.appeal_list(user=world.users[p])) for p in world.users}
        assert seen["cadre"] == {mine} and seen["other_cadre"] == {theirs}
        assert seen["hr"] == {mine} and seen["hr_other"] == {theirs}
        assert seen["committee"] == seen["admin"] == {mine, theirs}
        assert seen["rater"] == seen["norole"] == set()
        assert set(appeals.decidable_appeals(user=world.users["committee"])) == {mine, theirs}
        assert not appeals.decidable_appeals(user=world.users["admin"]).exists()
        assert not appeals.decidable_appeals(user=world.users["hr"]).exists()

    def test_pending_first(self, scoring, world):
        older = file(world, deduction(world, occurred_on=datetime.date(2025, 6, 1)))
        decided = file(world, deduction(world, code="task_missed", occurred_on=datetime.date(2025, 6, 1)))
        appeal_decide(appeal=decided, revoke=False, reason="维持", actor=world.users["committee"])
        newer = file(world, deduction(world, code="complaint_upheld", occurred_on=datetime.date(2025, 6, 1)))
        assert list(appeals.appeal_list(user=world.users["committee"])) == [newer, older, decided]

    def test_options_say_what_can_be_appealed_and_until_when(self, scoring, world):
        with at(datetime.date(2025, 1, 24)):
            open_one = deduction(world)
            appealed = deduction(world, code="task_missed")
            deduction(world, code="award_city")  # a bonus is never an option
            deduction(world, code="complaint_upheld", approve=False)  # nor a pending deduction
            file(world, appealed)
        with at(datetime.date(2025, 1, 20)):
            expired = deduction(world, code="admonishment", occurred_on=datetime.date(2025, 1, 6))
        with at(datetime.date(2025, 2, 5)):
            options = {o.entry.pk: o for o in appeals.appeal_options(cadre=world.cadre)}
        assert set(options) == {open_one.pk, appealed.pk, expired.pk}
        assert options[open_one.pk].is_open and options[open_one.pk].deadline == datetime.date(2025, 2, 7)
        assert options[open_one.pk].key == f"deduction:{open_one.pk}"
        assert options[appealed.pk].blocked == "已提出申诉,正在处理"
        assert options[expired.pk].blocked == "申诉期限已届满"
        assert options[expired.pk].label == "2025年 扣分 · 受到诫勉或组织处理 −1"

    def test_a_published_incompetent_grade_is_an_option(self, incompetent, world):
        with at(datetime.date(2025, 10, 9)):
            [option] = appeals.appeal_options(cadre=world.cadre)
        assert option.target == "grade" and option.key == "grade:2025" and option.is_open
        assert option.deadline == datetime.date(2025, 10, 9) and option.label == "2025年度考核等次:不称职(复核)"
        with at(datetime.date(2025, 10, 10)):
            [option] = appeals.appeal_options(cadre=world.cadre)
        assert option.blocked == "申诉期限已届满"
