"""A computed version is stale once any input of its year changed after it was computed: a score, a point, a veto, a
sanction, a group membership, a no-grade state or a scheme setting. A stale version is not confirmed, posted or
published ("结果已过期,请重新计算"), and its pages say so. The `tied` world: tests/assessments/matrix_results_workflow.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import ApprovalStatus, PointEntry, PointItem, Publication, ResultRun, Score, SpecialStatus
from assessments.selectors.readiness import run_is_stale, year_fingerprint
from assessments.services import scheme_update
from assessments.services.publication import posting_start, publication_publish, run_confirm
from common.errors import ApplicationError
from org.models import GroupMembership, SanctionRecord
from org.services import group_member_set
from tests.assessments.matrix_results_workflow import YEAR, build_tied, compute
from tests.assessments.test_api_support import make_hr_all
from tests.assessments.test_results_workflow import settle
from tests.factories import CadreFactory

STALE = "结果已过期,请重新计算"


@pytest.fixture
def tied(world, scoring):
    return build_tied(world, scoring)


def _score(tied, world, scoring):
    score = Score.objects.filter(scheme=tied.scheme, ratee=world.cadre).first()
    score.value = Decimal("61")
    score.save()


def _point(tied, world, scoring):
    PointEntry.objects.create(
        cadre=world.cadre,
        item=PointItem.objects.filter(organization=world.org).first(),
        year=YEAR,
        occurred_on=datetime.date(YEAR, 6, 1),
        evidence="表彰文件",
        points=Decimal("1"),
        status=ApprovalStatus.APPROVED,
    )


def _veto(tied, world, scoring):
    from assessments.models import VetoEntry

    entry = VetoEntry.objects.get(cadre=tied.people["郑七"])
    entry.evidence = "事故调查报告(修订)"
    entry.save()


def _sanction(tied, world, scoring):
    SanctionRecord.objects.create(
        cadre=world.cadre,
        category="sanction",
        kind="gov_warning",
        decided_on=datetime.date(YEAR, 3, 1),
        effective_from=datetime.date(YEAR, 3, 1),
    )


def _membership(tied, world, scoring):
    group_member_set(group=world.group, cadre=CadreFactory(organization=world.org, unit=world.unit_b, name="新人"))


def _membership_removed(tied, world, scoring):
    GroupMembership.objects.filter(group=world.group, cadre=tied.people["卫十一"]).delete()


def _no_grade(tied, world, scoring):
    SpecialStatus.objects.create(cadre=world.cadre, year=YEAR, state="undetermined", reason="立案审查")


def _scheme(tied, world, scoring):
    scheme_update(scheme=tied.scheme, actor=world.users["admin"], excellent_quota="0.15")


CHANGES = [_score, _point, _veto, _sanction, _membership, _membership_removed, _no_grade, _scheme]


def test_a_fresh_version_is_not_stale_and_a_recomputation_is_fresh_again(tied, world, scoring):
    assert tied.run.inputs_fingerprint == year_fingerprint(organization_id=world.org.pk, year=YEAR)
    assert not run_is_stale(tied.run)
    _score(tied, world, scoring)
    assert run_is_stale(tied.run)
    assert not run_is_stale(compute(world))


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_any_change_of_the_year_makes_the_version_stale_and_confirmation_is_refused(change, tied, world, scoring):
    settle(tied, world)
    change(tied, world, scoring)
    run = ResultRun.objects.get(pk=tied.run.pk)
    assert run_is_stale(run)
    with pytest.raises(ApplicationError, match=STALE):
        run_confirm(run=run, actor=world.users["committee"])
    assert not Publication.objects.exists()


def test_a_change_of_another_year_leaves_the_version_fresh(tied, world, scoring):
    SanctionRecord.objects.create(
        cadre=world.cadre,
        category="sanction",
        kind="gov_warning",
        decided_on=datetime.date(YEAR - 5, 3, 1),
        effective_from=datetime.date(YEAR - 5, 3, 1),
    )
    assert not run_is_stale(tied.run)


def test_a_version_that_went_stale_after_confirmation_is_neither_posted_nor_published(tied, world, scoring):
    settle(tied, world)
    publication = run_confirm(run=tied.run, actor=world.users["committee"])
    hr = make_hr_all(world)
    _score(tied, world, scoring)
    with pytest.raises(ApplicationError, match=STALE):
        posting_start(publication=publication, actor=hr)
    assert Publication.objects.get().state == "confirmed"
    # Posted while fresh, then a score changed: publication is refused too.
    Publication.objects.update(
        state="posted", posted_on=datetime.date(2020, 1, 2), posting_ends_on=datetime.date(2020, 1, 9)
    )
    with pytest.raises(ApplicationError, match=STALE):
        publication_publish(publication=Publication.objects.get(), published_on=datetime.date(2020, 2, 1), actor=hr)
    assert Publication.objects.get().state == "posted"


def test_a_version_computed_before_fingerprints_counts_as_stale(tied):
    ResultRun.objects.filter(pk=tied.run.pk).update(inputs_fingerprint="")
    assert run_is_stale(ResultRun.objects.get(pk=tied.run.pk))


def test_the_version_pages_say_it_is_stale(tied, world, scoring, client):
    client.force_login(world.users["committee"])
    for name in ("assessments:results_run", "assessments:results_settle"):
        assert STALE not in client.get(reverse(name, args=[tied.run.pk])).content.decode()
    _score(tied, world, scoring)
    for name in ("assessments:results_run", "assessments:results_settle"):
        page = client.get(reverse(name, args=[tied.run.pk])).content.decode()
        assert STALE in page, name
