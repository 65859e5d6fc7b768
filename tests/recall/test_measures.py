"""A leader who fails the evaluation: organizational measures recorded through 能上能下's measures, so that their
waiting periods apply; a secondary assignment may follow, or the case is closed."""

import datetime
import importlib

import pytest
from django.apps import apps

from common.errors import ApplicationError
from demotion.selectors.measures import waiting_periods
from org.models import SanctionRecord
from org.services import appointment_start
from recall.services.outcomes import recall_case_close, recall_case_measure, recall_case_reassign
from tests.factories import CadreFactory, PostFactory
from tests.recall.conftest import EVALUATED, LATER, advance, fresh, make_case

D = datetime.date
DECIDED = D(2025, 6, 20)


def test_a_failed_leader_is_removed_and_the_waiting_period_runs(recall_world):
    w = recall_world
    # the national waiting-period rules (demotion's data migration, which tests do not run)
    importlib.import_module("demotion.migrations.0002_waiting_period_defaults").add(apps, None)
    case = advance(w, make_case(w), "evaluated", passed=False)
    assert case.is_leader
    record = recall_case_measure(
        case=case, actor=w.users["hr"], kind="removed", decided_on=DECIDED, effective_from=DECIDED,
        document_no="党组干任〔2025〕7号",
    )  # fmt: skip
    case = fresh(case)
    assert case.state == "measures" and list(case.measures.all()) == [record]
    assert (record.category, record.kind, record.cadre) == ("measure", "removed", w.cadre)
    # 免职: no leading post for a year and no promotion for two (the national defaults of demotion's rules)
    (period,) = waiting_periods(cadre_ids=[w.cadre.pk], on=D(2025, 7, 1))[w.cadre.pk]
    assert period.record_id == record.pk
    assert (period.no_leading_post_until, period.no_promotion_until) == (D(2026, 6, 20), D(2027, 6, 20))
    # a secondary assignment as well, then the case ends with its follow-up conclusion
    recall_case_reassign(case=case, actor=w.users["hr"], reassigned_on=D(2025, 7, 1), reassignment="办公室",
                         today=LATER)  # fmt: skip
    assert fresh(case).state == "reassigned"


def test_measures_alone_then_closing(recall_world):
    w = recall_world
    case = advance(w, make_case(w), "evaluated", passed=False)
    recall_case_measure(case=case, actor=w.users["hr"], kind="transferred", decided_on=DECIDED, effective_from=DECIDED)
    recall_case_close(case=fresh(case), actor=w.users["hr"], note="已调离岗位", closed_on=DECIDED, today=LATER)
    assert fresh(case).state == "closed"


def test_measures_are_for_leaders_and_for_a_failed_evaluation_only(recall_world):
    w = recall_world
    clerk = CadreFactory(organization=w.org, unit=w.unit_a1, name="王科员", employee_no="A009", rank_grade="一级科员")
    clerk_case = advance(w, make_case(w, clerk), "evaluated", passed=False)
    assert not clerk_case.is_leader
    with pytest.raises(ApplicationError) as error:
        recall_case_measure(case=clerk_case, actor=w.users["hr"], kind="removed", decided_on=DECIDED,
                            effective_from=DECIDED)  # fmt: skip
    assert "二次调配" in error.value.message
    passed = advance(w, make_case(w, w.other_cadre), "evaluated", passed=True)
    with pytest.raises(ApplicationError) as error:
        recall_case_measure(case=passed, actor=w.users["hr_other"], kind="removed", decided_on=DECIDED,
                            effective_from=DECIDED)  # fmt: skip
    assert "不合格" in error.value.message
    deputy = CadreFactory(organization=w.org, unit=w.unit_a1, name="赵副组长", employee_no="A010")
    appointment_start(cadre=deputy, post=PostFactory(unit=w.unit_a1, name="副组长"), start_date=D(2023, 1, 1))
    leader = fresh(make_case(w, deputy))
    with pytest.raises(ApplicationError):
        recall_case_measure(case=leader, actor=w.users["hr"], kind="removed", decided_on=DECIDED,
                            effective_from=DECIDED)  # fmt: skip
    failed = advance(w, leader, "evaluated", passed=False)
    with pytest.raises(ApplicationError) as error:
        recall_case_measure(case=failed, actor=w.users["hr"], kind="admonishment", decided_on=DECIDED,
                            effective_from=DECIDED)  # fmt: skip
    assert error.value.field_errors.keys() == {"kind"}
    assert not SanctionRecord.objects.filter(category="measure").exists()
    assert fresh(failed).state == "evaluating" and EVALUATED
