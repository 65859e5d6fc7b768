"""Recall policies: versions with an effective date, made by HR of the whole organization; and non-retroactivity
(不溯及既往): a basis dated before the first version is refused with the reason, and a case runs under the version in
force on its basis' date."""

import datetime
from decimal import Decimal

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from recall.models import RecallCase, RecallPolicy
from recall.services.policies import recall_policy_create
from recall.services.proposals import recall_case_propose
from tests.demotion.conftest import make_published_year
from tests.recall.conftest import POLICY_FROM, category, make_case

D = datetime.date


def test_a_first_version_has_the_seeds_numbers(recall_world):
    p = recall_world.policy
    assert (p.version, p.effective_from, p.card_window_months, p.retraining_months) == (1, POLICY_FROM, 12, 3)
    assert (p.probation_enabled, p.probation_months, p.follow_up_months) == (False, 3, 12)
    assert (p.retraining_withheld_percent, p.reassignment_withheld_percent) == (Decimal("30"), Decimal("100"))
    assert p.red_card_deduction == Decimal("20000") and p.holding_office == "区人才市场管理办公室"
    assert AuditLog.objects.filter(action="recall.policy.create", subject_id=str(p.pk)).count() == 1


def test_a_new_version_keeps_what_it_does_not_change(recall_world):
    w = recall_world
    second = recall_policy_create(
        organization=w.org, actor=w.users["hr_all"], effective_from=D(2024, 1, 1), retraining_months=2
    )
    assert (second.version, second.retraining_months, second.follow_up_months) == (2, 2, 12)
    assert second.holding_office == w.policy.holding_office


def test_only_hr_of_the_whole_organization_makes_a_version_and_bad_numbers_are_refused_field_by_field(recall_world):
    w = recall_world
    for persona in ("hr", "committee", "cadre"):
        with pytest.raises(ApplicationError) as error:
            recall_policy_create(organization=w.org, actor=w.users[persona], effective_from=D(2024, 1, 1))
        assert error.value.code == "permission_denied"
    with pytest.raises(ApplicationError) as error:
        recall_policy_create(organization=w.org, actor=w.users["hr_all"], effective_from=POLICY_FROM)
    assert list(error.value.field_errors) == ["effective_from"]
    with pytest.raises(ApplicationError) as error:
        recall_policy_create(
            organization=w.org,
            actor=w.users["hr_all"],
            effective_from=D(2024, 1, 1),
            probation_months=8,
            retraining_withheld_percent=Decimal("130"),
        )
    assert set(error.value.field_errors) == {"probation_months", "retraining_withheld_percent"}
    assert RecallPolicy.objects.count() == 1


def test_a_2017_result_under_a_policy_effective_1_may_2018_is_refused_with_the_reason(recall_world):
    w = recall_world
    # Given 2017 published, 张三 graded 不称职, and the policy in force from 1 May 2018
    make_published_year(w, year=2017)
    before = RecallCase.objects.count()
    # When HR proposes him on that result
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(
            batch=w.batch, cadre=w.cadre, category=category("grade"), actor=w.users["hr"], grade_year=2017
        )
    # Then it is refused, saying why, and nothing was written
    message = error.value.message
    assert error.value.code == "not_retroactive"
    assert "2017年度考核结果" in message and "2018年5月1日" in message and "不溯及既往" in message
    assert RecallCase.objects.count() == before


def test_a_2018_result_is_under_the_policy(recall_world):
    w = recall_world
    make_published_year(w, year=2018)
    case = recall_case_propose(
        batch=w.batch, cadre=w.cadre, category=category("grade"), actor=w.users["hr"], grade_year=2018
    )
    assert (case.basis_date, case.grade, case.grade_label, case.policy) == (D(2018, 12, 31), "4", "不称职", w.policy)


def test_a_case_runs_under_the_version_in_force_on_its_basis_date(recall_world):
    w = recall_world
    second = recall_policy_create(organization=w.org, actor=w.users["hr_all"], effective_from=D(2025, 1, 1))
    assert make_case(w, basis_date=D(2024, 12, 31)).policy == w.policy
    assert make_case(w, w.other_cadre, basis_date=D(2025, 1, 1)).policy == second


def test_without_any_policy_nothing_is_proposed(world):
    from tests.recall.conftest import seed_categories

    seed_categories()
    from recall.services.batches import recall_batch_create
    from tests.assessments.test_api_support import make_hr_all

    batch = recall_batch_create(organization=world.org, name="第一批", year=2024, actor=make_hr_all(world))
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(
            batch=batch, cadre=world.cadre, category=category("unfit"), actor=world.users["hr"],
            basis_date=D(2025, 1, 1), basis="不胜任",
        )  # fmt: skip
    assert error.value.code == "no_policy" and "尚未制定召回管理办法" in error.value.message
