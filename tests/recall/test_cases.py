"""The recall case's transitions, each by its role, with its refusals: a refused step says why in Chinese and leaves
the case, its audit history and the notices as they were."""

import datetime

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from notices.models import Notice
from org.models import Appointment
from recall.models import RecallCase, TrainingRecord
from recall.services.cases import recall_case_decide, recall_case_order, recall_case_withdraw
from recall.services.outcomes import recall_case_close, recall_case_conclude, recall_case_reassign, recall_case_return
from recall.services.stages import (
    recall_case_evaluate,
    recall_case_start_evaluation,
    recall_case_start_probation,
    recall_case_start_retraining,
    training_record_add,
)
from tests.recall.conftest import EVALUATED, LATER, ORDERED, RETRAINING_END, RETRAINING_START, advance, fresh, make_case

D = datetime.date


def state_of(case) -> tuple:
    """Everything a step could change."""
    row = RecallCase.objects.filter(pk=case.pk).values().get()
    row.pop("updated_at")
    return (
        row,
        AuditLog.objects.filter(subject_id=str(case.pk), action__startswith="recall.case").count(),
        TrainingRecord.objects.filter(case=case).count(),
        Notice.objects.count(),
    )


def refused(case, call, *, code=None, field=None, says=""):
    before = state_of(case)
    with pytest.raises(ApplicationError) as error:
        call()
    assert state_of(case) == before, "a refused step changed the case"
    if code:
        assert error.value.code == code, error.value.message
    if field:
        assert field in error.value.field_errors, error.value.field_errors
    assert says in error.value.message
    return error.value


@pytest.fixture
def case(recall_world):
    return make_case(recall_world)


# --- proposal and decision --------------------------------------------------------------------------------------


def test_a_proposal_records_its_basis_and_tells_the_committee(recall_world, case):
    w = recall_world
    assert (case.state, case.home_unit, case.is_leader, case.appointment.post) == (
        "proposed",
        w.unit_a1,
        True,
        w.post_a,
    )
    assert case.evidence_sources == ["supervision", "democratic"] and case.policy == w.policy
    assert Notice.objects.filter(recipient=w.users["committee"], kind="recall.case", occurrence="proposed").exists()


def test_one_live_case_per_cadre(recall_world, case):
    refused(case, lambda: make_case(recall_world), code="duplicate", says="已有进行中的召回事项")


def test_the_committee_orders_the_recall_numbered_and_the_hold_begins(recall_world, case):
    w = recall_world
    for persona in ("hr", "admin", "cadre"):
        refused(
            case,
            lambda p=persona: recall_case_decide(case=case, actor=w.users[p], recall=True),
            code="permission_denied",
        )
    recall_case_decide(case=case, actor=w.users["committee"], recall=True, today=ORDERED)
    case = fresh(case)
    assert (case.state, case.order_no, case.ordered_on, case.holding_office) == (
        "ordered", "召〔2025〕1号", ORDERED, "区人才市场管理办公室",
    )  # fmt: skip
    assert case.holds
    other = make_case(w, w.other_cadre)
    recall_case_decide(case=other, actor=w.users["committee"], recall=True, today=D(2025, 4, 1))
    assert fresh(other).order_no == "召〔2025〕2号"
    assert Notice.objects.filter(recipient=w.users["cadre"], occurrence="ordered").exists()
    refused(case, lambda: recall_case_decide(case=case, actor=w.users["committee"], recall=True), code="invalid_state")


def test_declining_needs_a_reason_and_withdraws_the_proposal(recall_world, case):
    w = recall_world
    refused(case, lambda: recall_case_decide(case=case, actor=w.users["committee"], recall=False), field="reason")
    recall_case_decide(case=case, actor=w.users["committee"], recall=False, reason="情况已核实,不予召回")
    case = fresh(case)
    assert case.state == "withdrawn" and "不予召回" in case.withdrawn_reason


def test_with_an_announcement_hr_orders_only_after_it(recall_world, case):
    w = recall_world
    recall_case_decide(case=case, actor=w.users["committee"], recall=True, announce=True, today=D(2025, 1, 24))
    case = fresh(case)
    # five working days after Friday 24 January 2025, across the Spring Festival: Friday 7 February
    assert (case.state, case.announce_from, case.announce_until) == ("proposed", D(2025, 1, 24), D(2025, 2, 7))
    refused(
        case,
        lambda: recall_case_order(case=case, actor=w.users["hr"], today=D(2025, 2, 7)),
        code="announcement_running",
        says="2025年2月7日",
    )
    refused(case, lambda: recall_case_order(case=case, actor=w.users["hr_other"], today=D(2025, 2, 10)),
            code="permission_denied")  # fmt: skip
    refused(case, lambda: recall_case_decide(case=case, actor=w.users["committee"], recall=True), says="公示")
    recall_case_order(case=case, actor=w.users["hr"], today=D(2025, 2, 10))
    assert fresh(case).state == "ordered" and fresh(case).ordered_on == D(2025, 2, 10)


def test_hr_cannot_order_before_the_committee_decides(recall_world, case):
    refused(case, lambda: recall_case_order(case=case, actor=recall_world.users["hr"]), says="党组尚未作出召回决定")


# --- training and retraining ------------------------------------------------------------------------------------


def test_training_moves_the_case_on_and_retraining_needs_both_kinds(recall_world, case):
    w = recall_world
    case = advance(w, case, "ordered")
    refused(
        case,
        lambda: training_record_add(
            case=case, actor=w.users["hr"], kind="talk", held_on=D(2025, 2, 1), content="谈话", today=LATER
        ),
        field="held_on",
        says="早于召回日期",
    )
    training_record_add(case=case, actor=w.users["hr"], kind="talk", held_on=D(2025, 3, 5), content="谈话", today=LATER)
    case = fresh(case)
    assert case.state == "training"
    refused(
        case,
        lambda: recall_case_start_retraining(
            case=case, actor=w.users["hr"], start=RETRAINING_START, placement="一线", today=LATER
        ),
        code="unresolved",
        says="专题党性教育",
    )


def test_retraining_runs_the_policys_months_and_ends_the_post_with_recall(recall_world, case):
    w = recall_world
    case = advance(w, case, "retraining")
    assert (case.state, case.retraining_start, case.retraining_end) == ("retraining", RETRAINING_START, RETRAINING_END)
    # evaluation due 10 working days after the end (Sunday 15 June 2025): Friday 27 June
    assert case.evaluation_due == D(2025, 6, 27)
    appointment = Appointment.objects.get(pk=case.appointment_id)
    assert (appointment.end_date, appointment.end_reason) == (RETRAINING_START, "recall")
    w.cadre.refresh_from_db()
    assert w.cadre.rank_grade == "一级主任科员"


def test_month_ends_follow_the_civil_code(recall_world):
    w = recall_world
    case = advance(w, make_case(w), "training")
    training_record_add(case=case, actor=w.users["hr"], kind="party_education", held_on=D(2025, 3, 8), content="教育",
                        today=LATER)  # fmt: skip
    w.policy.retraining_months = 3
    recall_case_start_retraining(case=fresh(case), actor=w.users["hr"], start=D(2025, 5, 31), placement="一线",
                                 today=LATER)  # fmt: skip
    assert fresh(case).retraining_end == D(2025, 8, 31)


def test_evaluation_starts_only_when_the_retraining_has_run(recall_world, case):
    w = recall_world
    case = advance(w, case, "retraining")
    refused(
        case,
        lambda: recall_case_start_evaluation(case=case, actor=w.users["hr"], today=D(2025, 6, 14)),
        code="stage_running",
        says="2025年6月15日",
    )
    refused(case, lambda: recall_case_start_probation(case=case, actor=w.users["hr"], start=D(2025, 6, 16),
                                                      today=LATER), says="未设适岗考核")  # fmt: skip
    recall_case_start_evaluation(case=case, actor=w.users["hr"], today=D(2025, 6, 15))
    assert fresh(case).state == "evaluating"


def test_with_probation_the_evaluation_follows_it(recall_world):
    w = recall_world
    w.policy.probation_enabled, w.policy.probation_months = True, 4
    w.policy.save(update_fields=["probation_enabled", "probation_months"])
    case = advance(w, make_case(w), "retraining")
    assert case.evaluation_due is None
    refused(case, lambda: recall_case_start_evaluation(case=case, actor=w.users["hr"], today=LATER), says="适岗考核")
    refused(
        case,
        lambda: recall_case_start_probation(case=case, actor=w.users["hr"], start=RETRAINING_END, today=LATER),
        field="start",
    )
    recall_case_start_probation(case=case, actor=w.users["hr"], start=D(2025, 6, 16), today=LATER)
    case = fresh(case)
    assert (case.state, case.probation_end, case.evaluation_due) == ("probation", D(2025, 10, 16), D(2025, 10, 30))
    recall_case_start_evaluation(case=case, actor=w.users["hr"], today=D(2025, 10, 16))
    assert fresh(case).state == "evaluating"


# --- evaluation and what follows --------------------------------------------------------------------------------


def test_the_evaluation_needs_both_opinions_and_passes_only_when_both_do(recall_world, case):
    w = recall_world
    case = advance(w, case, "evaluating")

    def evaluate(**overrides):
        values = {"home_opinion": "表现良好", "home_passed": True, "org_opinion": "合格", "org_passed": True,
                  "evaluated_on": EVALUATED, "today": LATER, **overrides}  # fmt: skip
        return lambda: recall_case_evaluate(case=case, actor=w.users["hr"], **values)

    refused(case, evaluate(org_opinion=" "), field="org_opinion")
    refused(case, evaluate(home_passed=None), field="home_passed")
    refused(case, evaluate(evaluated_on=D(2025, 6, 1)), field="evaluated_on")
    refused(
        case,
        lambda: recall_case_evaluate(
            case=case, actor=w.users["hr_other"], home_opinion="x", home_passed=True, org_opinion="x",
            org_passed=True, evaluated_on=EVALUATED, today=LATER,
        ),
        code="permission_denied",
    )  # fmt: skip
    evaluate(org_passed=False)()
    case = fresh(case)
    assert (case.passed, case.home_passed, case.org_passed) == (False, True, False)
    refused(case, evaluate(), code="invalid_state", says="已于")
    refused(case, lambda: recall_case_return(case=case, actor=w.users["hr"], returned_on=EVALUATED, today=LATER),
            says="合格的方可返岗")  # fmt: skip


def test_a_pass_returns_to_the_original_post(recall_world, case):
    w = recall_world
    case = advance(w, case, "evaluated", passed=True)
    refused(case, lambda: recall_case_reassign(case=case, actor=w.users["hr"], reassigned_on=EVALUATED,
                                                reassignment="x", today=LATER), says="不合格的方可")  # fmt: skip
    recall_case_return(case=case, actor=w.users["hr"], returned_on=D(2025, 6, 20), post=w.post_a, today=LATER)
    case = fresh(case)
    assert case.state == "returned" and not case.holds
    assert Appointment.objects.filter(cadre=w.cadre, post=w.post_a, start_date=D(2025, 6, 20), end_date=None).exists()
    refused(case, lambda: recall_case_conclude(case=case, actor=w.users["hr"], conclusion="x", concluded_on=LATER,
                                               today=LATER))  # fmt: skip
    recall_case_close(case=case, actor=w.users["hr"], note="返岗履职", closed_on=D(2025, 7, 1), today=LATER)
    assert fresh(case).state == "closed"


def test_a_fail_goes_to_a_secondary_assignment_with_a_years_follow_up(recall_world, case):
    w = recall_world
    case = advance(w, case, "reassigned")
    assert (case.state, case.reassigned_on, case.follow_up_end) == ("reassigned", EVALUATED, D(2026, 6, 16))
    refused(case, lambda: recall_case_close(case=case, actor=w.users["hr"], today=LATER), says="跟踪考察期满后")
    refused(
        case,
        lambda: recall_case_conclude(
            case=case, actor=w.users["hr"], conclusion="表现一般", concluded_on=D(2026, 6, 15), today=LATER
        ),
        field="concluded_on",
        says="2026年6月16日",
    )
    recall_case_conclude(case=case, actor=w.users["hr"], conclusion="表现合格,正式任用", concluded_on=D(2026, 6, 16),
                         today=LATER)  # fmt: skip
    case = fresh(case)
    assert (case.state, case.closed_on) == ("closed", D(2026, 6, 16))


def test_withdrawal_by_hr_or_the_committee_until_the_evaluation_is_decided(recall_world, case):
    w = recall_world
    case = advance(w, case, "retraining")
    refused(case, lambda: recall_case_withdraw(case=case, actor=w.users["hr_other"], reason="x"),
            code="permission_denied")  # fmt: skip
    refused(case, lambda: recall_case_withdraw(case=case, actor=w.users["hr"], reason=""), field="reason")
    recall_case_withdraw(case=case, actor=w.users["hr"], reason="申诉成立", today=D(2025, 5, 1))
    case = fresh(case)
    assert (case.state, case.withdrawn_on) == ("withdrawn", D(2025, 5, 1))
    other = advance(w, make_case(w, w.other_cadre), "reassigned")
    refused(other, lambda: recall_case_withdraw(case=other, actor=w.users["committee"], reason="x"),
            code="invalid_state", says="二次调配")  # fmt: skip


def test_every_step_is_audited(recall_world, case):
    w = recall_world
    advance(w, case, "reassigned")
    actions = list(
        AuditLog.objects.filter(subject_id=str(case.pk), action__startswith="recall.case")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "recall.case.propose", "recall.case.order", "recall.case.start_training", "recall.case.start_retraining",
        "recall.case.start_evaluation", "recall.case.evaluate", "recall.case.reassign",
    ]  # fmt: skip


def test_kept_texts_and_notices_are_chinese_and_refusals_in_the_readers_language(recall_world, case):
    from django.utils import translation

    w = recall_world
    with translation.override("en"):
        recall_case_decide(case=case, actor=w.users["committee"], recall=True, today=ORDERED)
        case = fresh(case)
        with pytest.raises(ApplicationError) as error:
            recall_case_decide(case=case, actor=w.users["committee"], recall=True)
    assert case.decision_reason == "经党组研究,决定予以召回。"
    title = Notice.objects.get(recipient=w.users["cadre"], occurrence="ordered").title
    assert title.startswith("召回令 召〔2025〕1号")
    assert error.value.message == (
        'This case is currently "Order issued", so this action is not possible: decide on it.'
    )
