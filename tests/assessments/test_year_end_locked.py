"""Nothing decided is lost: a pending point or veto of a published year is not approved (the published results would
not follow); the committee is told the way on (申诉复核 or 容错纠错) instead of "已批准"."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import ApprovalStatus, PointEntry, PointItem, Publication, VetoEntry, VetoItem
from assessments.services import point_entry_decide, veto_entry_decide
from common.errors import ApplicationError
from tests.assessments.matrix_results_workflow import YEAR

WAY_ON = "请由干部提出申诉复核"


@pytest.fixture
def pending_entries(world, scoring):
    """A point and a veto recorded for 2025 and still pending when 2025 was published."""
    point = PointEntry.objects.create(
        cadre=world.cadre,
        item=PointItem.objects.filter(organization=world.org, kind="bonus").first(),
        year=YEAR,
        occurred_on=datetime.date(YEAR, 6, 1),
        evidence="表彰文件",
        points=Decimal("1"),
    )
    veto = VetoEntry.objects.create(
        cadre=world.cadre,
        item=VetoItem.objects.filter(organization=world.org).first(),
        year=YEAR,
        occurred_on=datetime.date(YEAR, 6, 1),
        evidence="事故调查报告",
    )
    return point, veto


def _publish(world):
    from assessments.models import ResultRun

    run = ResultRun.objects.create(
        organization=world.org, year=YEAR, version=1, scheme=world.scoring_scheme, status="succeeded"
    )
    Publication.objects.create(organization=world.org, year=YEAR, run=run, state="published")


@pytest.fixture
def published(world, scoring, pending_entries):
    world.scoring_scheme = scoring.scheme
    _publish(world)
    return pending_entries


def test_deciding_a_pending_entry_of_a_published_year_is_refused_with_the_way_on(published, world):
    point, veto = published
    committee = world.users["committee"]
    for decide, entry in ((point_entry_decide, point), (veto_entry_decide, veto)):
        for approve in (True, False):
            with pytest.raises(ApplicationError, match=WAY_ON) as caught:
                decide(entry=entry, approve=approve, reason="研究决定", actor=committee)
            assert "容错纠错" in caught.value.message
    assert set(PointEntry.objects.values_list("status", flat=True)) == {ApprovalStatus.PENDING}
    assert set(VetoEntry.objects.values_list("status", flat=True)) == {ApprovalStatus.PENDING}


def test_the_page_says_the_way_on_instead_of_approved(published, world, client):
    point, _ = published
    client.force_login(world.users["committee"])
    response = client.post(
        reverse("assessments:point_decide", args=[point.pk]),
        {"decision": "approve", "confirmed": "1", "reason": "同意"},
    )
    page = response.content.decode()
    assert WAY_ON in page and "已批准:" not in page
    assert PointEntry.objects.get(pk=point.pk).status == ApprovalStatus.PENDING


def test_an_unpublished_year_is_decided_as_before(pending_entries, world):
    point, _ = pending_entries
    assert point_entry_decide(entry=point, approve=True, actor=world.users["committee"]).status == "approved"


def test_a_published_years_grid_is_read_only_with_the_lock_reason(world, scoring):
    from django.test import Client

    from assessments.models import Period, Score
    from assessments.services import score_save

    component = next(c for c in scoring.scheme.components.all() if "Q1" in c.period_kinds)
    cell = {"period": scoring.q1, "component": component, "rater": scoring.rater, "ratee": world.cadre}
    score_save(value="88", expected_revision=0, **cell)
    world.scoring_scheme = scoring.scheme
    _publish(world)  # Q1 left open
    assert Period.objects.get(pk=scoring.q1.pk).status == Period.Status.OPEN
    client = Client()
    client.force_login(scoring.rater_user)
    body = client.get(reverse("assessments:rater_grid", args=[scoring.q1.pk])).content.decode()
    assert "2025年考核结果已公布,评分已锁定,以下评分仅供查看" in body
    assert "保存全部" not in body and " disabled>" in body
    assert Score.objects.get(**cell).value == Decimal("88")


def test_a_published_years_score_form_is_read_only_with_the_lock_reason(world, scoring):
    from django.test import Client

    from assessments.models import Period, Score
    from assessments.services import period_close, score_save
    from tests.assessments.test_api_support import make_hr_all

    component = next(c for c in scoring.scheme.components.all() if "Q1" in c.period_kinds)
    cell = {"period": scoring.q1, "component": component, "rater": scoring.rater, "ratee": world.cadre}
    score = score_save(value="88", expected_revision=0, **cell).score
    period_close(period=scoring.q1, actor=world.users["admin"])
    client = Client()
    client.force_login(make_hr_all(world))
    url = reverse("assessments:score_edit", args=[score.pk])
    assert 'name="value"' in client.get(url).content.decode()  # before publication HR may correct it
    world.scoring_scheme = scoring.scheme
    _publish(world)
    body = client.get(url).content.decode()
    assert "2025年考核结果已公布,评分已锁定,以下评分仅供查看" in body and 'name="value"' not in body
    assert Period.objects.get(pk=scoring.q1.pk).status == "closed"
    assert Score.objects.get(pk=score.pk).value == Decimal("88")


def test_a_published_years_scheme_periods_are_read_only_with_the_lock_reason(world, scoring):
    from django.test import Client

    from assessments.models import Period
    from assessments.services import period_open
    from tests.assessments.test_api_support import make_hr_all

    client = Client()
    client.force_login(make_hr_all(world))
    url = reverse("assessments:scheme_detail", args=[scoring.scheme.pk])
    assert "结束评分" in client.get(url).content.decode()
    world.scoring_scheme = scoring.scheme
    _publish(world)
    body = client.get(url).content.decode()
    assert "2025年考核结果已公布,评分已锁定,考核期间不能再开始或结束评分" in body
    assert "结束评分</button>" not in body and "开始评分</button>" not in body
    q2 = Period.objects.get(scheme=scoring.scheme, kind="Q2")
    with pytest.raises(ApplicationError, match="已公布,评分已锁定"):
        period_open(period=q2, actor=world.users["admin"])
    assert Period.objects.get(pk=q2.pk).status == "pending"
