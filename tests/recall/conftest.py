"""Shared fixtures of the recall tests.

`recall_world` gives the world's organization the shipped category catalog, a recall policy in force from 1 May 2018
(the month Dongtou's policy took effect) and an open batch, created by "hr_all" (HR of the whole organization).
`make_case` proposes a cadre by hand; `advance` takes a case through the services to a given state, on fixed dates:

    ordered 2025-03-01 · 谈心培训 03-05, 专题党性教育 03-08 · retraining 2025-03-15 → 2025-06-15
    · evaluation 2025-06-16 · returned / reassigned 2025-06-16 (follow-up to 2026-06-16)
"""

import datetime
import importlib

import pytest
from django.apps import apps

from recall.models import Card, RecallCase, RecallCategory, TrainingRecord
from recall.services.batches import recall_batch_create
from recall.services.cards import card_approve, card_record
from recall.services.cases import recall_case_decide
from recall.services.outcomes import recall_case_reassign, recall_case_return
from recall.services.policies import recall_policy_create
from recall.services.proposals import recall_case_propose
from recall.services.stages import (
    recall_case_evaluate,
    recall_case_start_evaluation,
    recall_case_start_retraining,
    training_record_add,
)
from tests.assessments.test_api_support import make_hr_all

D = datetime.date
POLICY_FROM = D(2018, 5, 1)
ORDERED = D(2025, 3, 1)
RETRAINING_START = D(2025, 3, 15)
RETRAINING_END = D(2025, 6, 15)
EVALUATED = D(2025, 6, 16)
BASIS_DATE = D(2025, 1, 10)
LATER = D(2026, 12, 31)  # "today" for every step of `advance`: all of its dates lie before it


def seed_categories() -> None:
    """The catalog's shipped rows (the data migration's, which tests do not run)."""
    importlib.import_module("recall.migrations.0002_default_categories").add(apps, None)


def category(code: str) -> RecallCategory:
    return RecallCategory.objects.get(organization__isnull=True, code=code)


@pytest.fixture
def recall_world(world):
    seed_categories()
    world.users["hr_all"] = make_hr_all(world)
    world.policy = recall_policy_create(organization=world.org, actor=world.users["hr_all"], effective_from=POLICY_FROM)
    world.batch = recall_batch_create(
        organization=world.org, name="2025年第一批", year=2024, actor=world.users["hr_all"]
    )
    return world


def hr_of(world, cadre):
    """The world's HR user whose subtree holds the cadre."""
    return world.users["hr"] if cadre.unit.path.startswith(world.unit_a.path) else world.users["hr_other"]


def make_case(
    world, cadre=None, *, basis_date=BASIS_DATE, basis="日常监督发现工作不在状态", code="unfit"
) -> RecallCase:
    return recall_case_propose(
        batch=world.batch,
        cadre=cadre or world.cadre,
        category=category(code),
        actor=hr_of(world, cadre or world.cadre),
        basis_date=basis_date,
        basis=basis,
        evidence_sources=["supervision", "democratic"],
    )


def fresh(case: RecallCase) -> RecallCase:
    return RecallCase.objects.select_related("cadre", "cadre__unit", "policy").get(pk=case.pk)


STEPS = ["proposed", "ordered", "training", "retraining", "evaluating", "evaluated", "returned", "reassigned"]


def advance(world, case: RecallCase, to: str, *, passed: bool = False, hr=None) -> RecallCase:
    """The case through the services up to `to` (one of STEPS; "evaluated": evaluating with the evaluation recorded,
    passed or not)."""
    hr = hr or hr_of(world, case.cadre)
    target = STEPS.index(to)
    if target >= 1:
        recall_case_decide(case=case, actor=world.users["committee"], recall=True, today=ORDERED)
    if target >= 2:
        training_record_add(
            case=case, actor=hr, kind=TrainingRecord.Kind.TALK, held_on=D(2025, 3, 5), content="谈心谈话", today=LATER
        )
    if target >= 3:
        training_record_add(
            case=case,
            actor=hr,
            kind=TrainingRecord.Kind.PARTY_EDUCATION,
            held_on=D(2025, 3, 8),
            content="专题党性教育",
            today=LATER,
        )
        recall_case_start_retraining(
            case=case, actor=hr, start=RETRAINING_START, placement="基层所一线执法岗位", today=LATER
        )
    if target >= 4:
        recall_case_start_evaluation(case=case, actor=hr, today=LATER)
    if target >= 5:
        recall_case_evaluate(
            case=case,
            actor=hr,
            home_opinion="工作表现" + ("良好" if passed else "一般"),
            home_passed=passed,
            org_opinion="考核" + ("合格" if passed else "不合格"),
            org_passed=passed,
            evaluated_on=EVALUATED,
            today=LATER,
        )
    if to == "returned":
        recall_case_return(case=case, actor=hr, returned_on=EVALUATED, today=LATER)
    if to == "reassigned":
        recall_case_reassign(case=case, actor=hr, reassigned_on=EVALUATED, reassignment="档案管理岗位", today=LATER)
    return fresh(case)


def approved_card(world, *, color="yellow", issued_on, cadre=None) -> Card:
    card = card_record(
        cadre=cadre or world.cadre,
        color=color,
        issued_on=issued_on,
        reason="全程积分考核扣分",
        actor=hr_of(world, cadre or world.cadre),
        today=LATER,
    )
    return card_approve(card=card, actor=world.users["committee"])
