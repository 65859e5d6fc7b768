"""Candidates, no quota: proposed from the data (red cards of section-level cadres, the published grades 基本称职 /
不称职, competition losses) once each, with the reason for whoever was left out; by hand in any category; and a batch
closes its nominations only when every proposal has been decided."""

import datetime

import pytest

from common.errors import ApplicationError
from recall.models import RecallBatch, RecallCase
from recall.services.batches import recall_batch_close, recall_batch_create, recall_batch_propose
from recall.services.cards import card_approve, card_record
from recall.services.cases import recall_case_decide
from recall.services.competitions import competition_loss_record
from recall.services.proposals import recall_case_propose
from tests.demotion.conftest import make_published_year
from tests.recall.conftest import LATER, category

D = datetime.date


def cases_by_name(batch) -> dict:
    return {c.cadre.name: c for c in RecallCase.objects.filter(batch=batch).select_related("cadre", "category")}


def test_the_data_proposes_every_candidate_once_and_says_who_was_left_out(recall_world):
    w = recall_world
    # Given 2024 published: 张三 55 and 李四 56 不称职, 王甲 65 基本称职, 赵乙 90 称职
    make_published_year(w, composites={"张三": 55, "李四": 56, "王甲": 65, "赵乙": 90})
    # and a competition loss of 赵乙, and one of 2017 (before the policy) of 王甲
    competition_loss_record(
        cadre=w.other_cadre, competition="中层竞聘", held_on=D(2025, 8, 15), actor=w.users["hr_other"]
    )
    zhao = RecallCase._meta.get_field("cadre").related_model.objects.get(name="赵乙")
    wang = RecallCase._meta.get_field("cadre").related_model.objects.get(name="王甲")
    competition_loss_record(cadre=zhao, competition="中层竞聘", held_on=D(2025, 8, 15), actor=w.users["hr_all"])
    competition_loss_record(cadre=wang, competition="全员竞聘", held_on=D(2017, 8, 1), actor=w.users["hr_all"])

    # When HR of the whole organization proposes from the data
    result = recall_batch_propose(batch=w.batch, actor=w.users["hr_all"])

    # Then the graded ones and the competition loser are proposed, each in its category
    by_name = cases_by_name(w.batch)
    assert {n: c.category.code for n, c in by_name.items()} == {
        "张三": "grade", "李四": "grade", "王甲": "grade", "赵乙": "competition",
    }  # fmt: skip
    assert (by_name["王甲"].grade, by_name["王甲"].grade_label, by_name["王甲"].basis) == (
        "3", "基本称职", "2024年度考核等次为基本称职",
    )  # fmt: skip
    # 李四's own competition loss adds nothing: one live case per cadre
    assert {s.cadre.name for s in result.skipped} == set()
    # And a second run proposes nobody twice
    again = recall_batch_propose(batch=w.batch, actor=w.users["hr_all"])
    assert again.proposed == [] and RecallCase.objects.count() == 4


def test_a_basis_before_the_policy_is_left_out_with_the_reason(recall_world):
    w = recall_world
    competition_loss_record(cadre=w.cadre, competition="全员竞聘", held_on=D(2017, 8, 1), actor=w.users["hr"])
    result = recall_batch_propose(batch=w.batch, actor=w.users["hr_all"])
    assert result.proposed == []
    (skipped,) = result.skipped
    assert skipped.cadre == w.cadre and "不溯及既往" in skipped.reason


def test_a_red_card_of_a_section_level_cadre_is_proposed_from_the_data(recall_world):
    w = recall_world
    w.batch.state = "closed"
    w.batch.save(update_fields=["state"])
    red = card_record(cadre=w.other_cadre, color="red", issued_on=D(2025, 5, 1), reason="严重扣分",
                      actor=w.users["hr_other"], today=LATER)  # fmt: skip
    card_approve(card=red, actor=w.users["committee"])
    assert not RecallCase.objects.exists()
    batch = recall_batch_create(organization=w.org, name="第二批", year=2024, actor=w.users["hr_all"])
    recall_batch_propose(batch=batch, actor=w.users["hr_all"])
    (case,) = RecallCase.objects.filter(batch=batch)
    assert (case.card, case.category.code, case.basis_date) == (red, "red_card", D(2025, 5, 1))


def test_only_hr_of_the_whole_organization_proposes_from_the_data(recall_world):
    with pytest.raises(ApplicationError) as error:
        recall_batch_propose(batch=recall_world.batch, actor=recall_world.users["hr"])
    assert error.value.code == "permission_denied"


def test_by_hand_each_category_needs_its_basis(recall_world):
    w = recall_world
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("red_card"), actor=w.users["hr"])
    assert list(error.value.field_errors) == ["card"]
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("competition"), actor=w.users["hr"])
    assert list(error.value.field_errors) == ["competition_loss"]
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("grade"), actor=w.users["hr"],
                            grade_year=2024)  # fmt: skip
    assert "尚未公布" in error.value.message
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("inaction"), actor=w.users["hr"],
                            basis_date=D(2025, 1, 1))  # fmt: skip
    assert error.value.field_errors == {"basis": ["请填写召回依据。"]}
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.other_cadre, category=category("inaction"), actor=w.users["hr"],
                            basis_date=D(2025, 1, 1), basis="不作为")  # fmt: skip
    assert error.value.code == "permission_denied"
    assert not RecallCase.objects.exists()


def test_a_competent_grade_is_not_a_basis(recall_world):
    w = recall_world
    make_published_year(w, composites={"张三": 85, "李四": 56, "王甲": 80, "赵乙": 90})
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("grade"), actor=w.users["hr"],
                            grade_year=2024)  # fmt: skip
    assert "称职" in error.value.message and "不属于召回对象" in error.value.message


def test_a_batch_closes_only_when_every_proposal_is_decided(recall_world):
    w = recall_world
    case = recall_case_propose(batch=w.batch, cadre=w.cadre, category=category("inaction"), actor=w.users["hr"],
                               basis_date=D(2025, 1, 1), basis="不作为")  # fmt: skip
    with pytest.raises(ApplicationError) as error:
        recall_batch_close(batch=w.batch, actor=w.users["hr_all"])
    assert error.value.code == "unresolved" and "张三" in error.value.message
    assert RecallBatch.objects.get(pk=w.batch.pk).state == "open"
    recall_case_decide(case=case, actor=w.users["committee"], recall=True, today=D(2025, 2, 1))
    recall_batch_close(batch=w.batch, actor=w.users["hr_all"])
    assert RecallBatch.objects.get(pk=w.batch.pk).state == "closed"
    with pytest.raises(ApplicationError) as error:
        recall_case_propose(batch=RecallBatch.objects.get(pk=w.batch.pk), cadre=w.other_cadre,
                            category=category("inaction"), actor=w.users["hr_other"], basis_date=D(2025, 1, 1),
                            basis="不作为")  # fmt: skip
    assert "结束提名" in error.value.message
