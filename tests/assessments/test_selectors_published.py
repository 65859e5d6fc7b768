"""The published door (assessments.selectors.published): what other apps read of a year — its publication, the
scheme's facts with labels built from the scheme, the final results with the committee's tie decisions, the step-down
candidates, grade histories, pending appeals, the items a tolerance request may name, and the unpublished figures
for analytics — always as plain frozen values, never a model instance."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models

from assessments.models import (
    Appeal,
    Publication,
    Result,
    ResultRun,
    Scheme,
    TieDecision,
)
from assessments.selectors import published
from common.models import AuditLog
from org.models import AssessmentGroup
from tests.assessments.test_appeals_services import deduction, score_everything, veto
from tests.factories import CadreFactory

D = datetime.date


def _scheme(world, year, **settings) -> Scheme:
    return Scheme.objects.create(
        organization=world.org, year=year, name=f"{year}年度考核方案", effective_date=D(year, 1, 1), **settings
    )


def _run(world, year, rows, *, scheme=None, publish_on=None, version=None) -> ResultRun:
    """A successful whole-year run with hand-made rows: [(cadre, {field: value})] in rank order."""
    scheme = scheme or Scheme.objects.get(organization=world.org, year=year, status=Scheme.Status.CURRENT)
    group, _ = AssessmentGroup.objects.get_or_create(organization=world.org, year=year, name="科长组")
    latest = ResultRun.objects.filter(organization=world.org, year=year).order_by("-version").first()
    run = ResultRun.objects.create(
        organization=world.org,
        year=year,
        version=version or ((latest.version + 1) if latest else 1),
        scheme=scheme,
        status=ResultRun.Status.SUCCEEDED,
        progress=100,
    )
    Result.objects.bulk_create(
        Result(
            run=run,
            group=group,
            cadre=cadre,
            composite=Decimal(90 - 5 * i),
            rank=i + 1,
            group_size=len(rows),
            grade=fields.pop("grade", "2"),
            **fields,
        )
        for i, (cadre, fields) in enumerate(rows)
    )
    if publish_on is not None:
        Publication.objects.update_or_create(
            organization=world.org,
            year=year,
            defaults={"run": run, "state": Publication.State.PUBLISHED, "published_on": publish_on},
        )
    return run


@pytest.fixture
def people(world):
    return [CadreFactory(organization=world.org, unit=world.unit_a1, name=f"组员{i}") for i in range(3)]


def _plain(value) -> None:
    """A door value holds no model instance, however deep."""
    assert not isinstance(value, models.Model)
    if dataclasses.is_dataclass(value):
        assert value.__dataclass_params__.frozen
        for f in dataclasses.fields(value):
            _plain(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            _plain(item)
    elif isinstance(value, dict):
        for item in value.values():
            _plain(item)


class TestPublication:
    def test_a_year_not_confirmed_says_so(self, world):
        state = published.publication_state(organization_id=world.org.pk, year=2025)
        assert state.published is False and state.state == "" and state.run_id is None and state.scheme is None
        assert published.publication_states(organization_id=world.org.pk) == {}
        assert published.published_years(organization_id=world.org.pk) == []

    def test_a_published_year_with_its_version_and_scheme(self, world):
        # given 2024 published on 20 January 2025 under a scheme of 15% and the institution scale
        _scheme(world, 2024, bottom_ratio=Decimal("0.150"), grade_scale=Scheme.GradeScale.INSTITUTION)
        run = _run(world, 2024, [(world.cadre, {})], publish_on=D(2025, 1, 20))
        # when another app reads it
        state = published.publication_state(organization_id=world.org.pk, year=2024)
        # then
        assert (state.published, state.published_on, state.run_id, state.version) == (True, D(2025, 1, 20), run.pk, 1)
        assert state.adopted_on is None and state.state == "published"
        assert state.scheme.bottom_label == "后15%" and state.scheme.bottom_percent == "15"
        assert state.scheme.grade_label("2") == "合格" and state.scheme.grade_label("") == "未定"
        assert published.published_years(organization_id=world.org.pk) == [2024]
        assert published.publication_state_by_id(publication_id=state.publication_id) == state
        _plain(state)

    def test_a_later_version_adopted_is_dated_and_counts_as_recent(self, world):
        _scheme(world, 2024)
        _run(world, 2024, [(world.cadre, {})], publish_on=D(2025, 1, 20))
        old = published.publication_state(organization_id=world.org.pk, year=2024)
        # given an appeal moved the year to version 2, audited as an adoption
        run = _run(world, 2024, [(world.cadre, {})])
        Publication.objects.filter(pk=old.publication_id).update(run=run)
        AuditLog.objects.create(
            action="assessments.results.publication_adopt",
            subject_type=ContentType.objects.get_for_model(Publication),
            subject_id=str(old.publication_id),
            subject_repr="2024",
        )
        state = published.publication_state(organization_id=world.org.pk, year=2024)
        assert state.version == 2 and state.run_id == run.pk and state.adopted_on is not None
        assert [s.publication_id for s in published.recently_published(since=state.adopted_on)] == [old.publication_id]


class TestFinalResults:
    def test_the_committees_tie_decisions_are_applied(self, world, people):
        # given 2025 with a tie at the 优秀 quota (first) and one across the bottom cut (last), both decided in
        _scheme(world, 2025)
        first, second, third = people
        run = _run(
            world,
            2025,
            [
                (first, {"excellent_tie": True}),
                (second, {}),
                (third, {"boundary_tie": True}),
                (world.cadre, {"in_bottom": True, "grade": "3"}),
            ],
        )
        for cadre, kind in [(first, "excellent"), (third, "bottom")]:
            TieDecision.objects.create(
                run=run, cadre=cadre, kind=kind, chosen=True, reason="党组会议", decided_by=world.users["committee"]
            )
        # then nothing is read before publication
        assert published.final_results(organization_id=world.org.pk, year=2025) == []
        assert published.current_results(organization_id=world.org.pk, year=2025)[0].grade == "1"
        # and once published the decisions hold
        Publication.objects.create(
            organization=world.org, year=2025, run=run, state=Publication.State.PUBLISHED, published_on=D(2026, 1, 20)
        )
        rows = {r.cadre_id: r for r in published.final_results(organization_id=world.org.pk, year=2025)}
        assert (rows[first.pk].grade, rows[first.pk].grade_label) == ("1", "优秀")
        assert rows[third.pk].in_bottom and rows[third.pk].boundary_tie
        assert rows[world.cadre.pk].in_bottom and rows[world.cadre.pk].grade_label == "基本称职"
        assert not rows[second.pk].in_bottom and rows[second.pk].group_name == "科长组"
        assert [r.rank for r in rows.values()] == [1, 2, 3, 4]
        _plain(list(rows.values()))
        # and the filters narrow it
        assert [r.cadre_id for r in published.final_results(organization_id=world.org.pk, year=2025, grades=["1"])] == [
            first.pk
        ]
        only = published.final_results(organization_id=world.org.pk, year=2025, cadre_ids=[second.pk])
        assert [r.cadre_id for r in only] == [second.pk]
        ids = published.cadre_ids_with_grades(organization_id=world.org.pk, year=2025, grades=["3"])
        assert {row["cadre_id"] for row in ids} == {world.cadre.pk}

    def test_step_down_candidates_carry_the_schemes_ratio(self, world, people):
        # given a 15% scheme: a vetoed cadre, one in the bottom set and vetoed, one tied and left out by the committee
        _scheme(world, 2025, bottom_ratio=Decimal("0.150"))
        first, second, third = people
        run = _run(
            world,
            2025,
            [
                (first, {"vetoed": True, "grade": "3"}),
                (second, {}),
                (third, {"boundary_tie": True}),
                (world.cadre, {"in_bottom": True, "vetoed": True, "grade": "3"}),
            ],
            publish_on=D(2026, 1, 20),
        )
        TieDecision.objects.create(
            run=run, cadre=third, kind="bottom", chosen=False, reason="党组会议", decided_by=world.users["committee"]
        )
        candidates = published.step_down_candidates(organization_id=world.org.pk, year=2025)
        assert [(c.cadre_id, c.reason) for c in candidates] == [(first.pk, "veto"), (world.cadre.pk, "both")]
        assert candidates[1].reason_label == "组内排名后15%且一票否决" and candidates[0].bottom_label == "后15%"
        _plain(candidates)


def test_a_grade_history_spans_the_published_years_with_the_group_median(world, people):
    # given 2023 and 2024 published (3 and 4 members), 2025 computed but not published
    for year, rows in [(2023, people[:2]), (2024, people)]:
        _scheme(world, year)
        _run(world, year, [(world.cadre, {"grade": "1"}), *[(c, {}) for c in rows]], publish_on=D(year + 1, 1, 20))
    _scheme(world, 2025)
    _run(world, 2025, [(world.cadre, {"grade": "4"})])
    history = published.grade_history(cadre_id=world.cadre.pk)
    assert [(y.year, y.grade, y.grade_label, y.rank, y.group_size) for y in history] == [
        (2024, "1", "优秀", 1, 4),
        (2023, "1", "优秀", 1, 3),
    ]
    # the median of 90, 85, 80, 75 and of 90, 85, 80
    assert [y.group_median for y in history] == [Decimal("82.50"), Decimal("85.00")]
    _plain(history)


def test_pending_appeals_of_a_cadres_year(world, scoring):
    item = deduction(world)
    assert published.pending_appeals(cadre_id=world.cadre.pk, year=2025).pending is False
    Appeal.objects.create(
        cadre=world.cadre,
        year=2025,
        target="deduction",
        point_entry=item,
        deadline=D(2025, 2, 1),
        reason="不服",
        filed_by=world.users["cadre"],
    )
    state = published.pending_appeals(cadre_id=world.cadre.pk, year=2025)
    assert state.pending and state.pending_items == (("deduction", item.pk),) and not state.grade_review_pending
    assert published.item_appeal_pending(target="deduction", entry_id=item.pk)
    assert not published.item_appeal_pending(target="veto", entry_id=item.pk)


def test_the_items_a_tolerance_request_may_name(world, scoring):
    # given an approved deduction and veto, a pending deduction and an approved bonus of 张三
    item = deduction(world, occurred_on=D(2025, 3, 1))
    vetoed = veto(world, occurred_on=D(2025, 4, 1))
    deduction(world, occurred_on=D(2025, 5, 1), approve=False)
    bonus = deduction(world, code="award_provincial", occurred_on=D(2025, 6, 1))
    entries = published.tolerance_entries(cadre_id=world.cadre.pk)
    assert [(e.kind, e.entry_id) for e in entries] == [("veto", vetoed.pk), ("deduction", item.pk)]
    assert entries[1].label.startswith("2025年 扣分") and entries[1].status == published.APPROVED
    assert published.tolerance_entries(cadre_id=world.cadre.pk, exclude=[("veto", vetoed.pk)]) == [entries[1]]
    _plain(entries)
    # and one item read fresh, by its row or by its ids, only as its own cadre's
    assert published.entry_facts(item) == entries[1]
    assert published.entry_facts(target="deduction", entry_id=bonus.pk).kind == "bonus"
    assert published.entry_facts(target="veto", entry_id=vetoed.pk, cadre_id=world.other_cadre.pk) is None
    assert published.entry_label(vetoed) == entries[0].label


def test_rater_scores_of_an_unpublished_year(world, scoring):
    score_everything(scoring, world, {world.cadre: "80", world.other_cadre: "90"})
    rows = list(published.rater_scores(organization_id=world.org.pk, year=2025))
    assert rows and {r.rater_id for r in rows} == {scoring.rater.pk}
    assert {r.value for r in rows if r.ratee_id == world.cadre.pk} == {Decimal("80.00")}
    assert rows[0].period_label and rows[0].component_name in {c.name for c in scoring.components.values()}
    _plain(rows)
    assert list(published.rater_scores(organization_id=world.org.pk, year=2030)) == []
