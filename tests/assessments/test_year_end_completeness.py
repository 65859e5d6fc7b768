"""The completeness gate: a computed version lists, per group, the cadres whose scores are incomplete, the periods
still open, the points and vetoes awaiting a decision and the sanctions changed since; the committee cannot confirm
and HR cannot publish while any is unresolved. An incomplete cadre is resolved by HR recording a no-grade state
(不定等次 / 不进行考核) with a reason (audited), which the committee sees. The `tied` world:
tests/assessments/matrix_results_workflow.py (every period closed, every cadre fully scored)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import ApprovalStatus, Period, PointEntry, PointItem, Publication, Result, SpecialStatus
from assessments.selectors.readiness import run_completeness
from assessments.services.no_grade import no_grade_record
from assessments.services.publication import run_confirm
from common.errors import ApplicationError
from common.models import AuditLog
from org.models import SanctionRecord
from org.services import group_member_set
from tests.assessments.matrix_results_workflow import YEAR, build_tied, compute
from tests.assessments.test_api_support import make_hr_all
from tests.assessments.test_results_workflow import settle
from tests.factories import CadreFactory


@pytest.fixture
def tied(world, scoring):
    return build_tied(world, scoring)


def test_the_tied_world_is_complete(tied):
    completeness = run_completeness(tied.run)
    assert completeness.ready and completeness.summary() == ""


def test_an_open_period_stops_the_confirmation_with_the_list(tied, world, client):
    Period.objects.filter(scheme=tied.scheme, kind="Q4").update(status=Period.Status.OPEN)
    run = compute(world)
    settle(tied, world, run=run)
    with pytest.raises(ApplicationError) as caught:
        run_confirm(run=run, actor=world.users["committee"])
    assert caught.value.message == "还有未解决的事项,不能确认:考核期间尚未结束:第四季度(评分中)。"
    assert not Publication.objects.exists()
    client.force_login(world.users["committee"])
    page = client.get(reverse("assessments:results_settle", args=[run.pk])).content.decode()
    assert 'id="gap-periods"' in page and reverse("assessments:scheme_detail", args=[tied.scheme.pk]) in page


def test_a_pending_point_stops_the_confirmation_with_a_link_to_it(tied, world, client):
    entry = PointEntry.objects.create(
        cadre=world.cadre,
        item=PointItem.objects.filter(organization=world.org, kind="bonus").first(),
        year=YEAR,
        occurred_on=datetime.date(YEAR, 6, 1),
        evidence="表彰文件",
        points=Decimal("1"),
        status=ApprovalStatus.PENDING,
    )
    run = compute(world)
    settle(tied, world, run=run)
    with pytest.raises(ApplicationError, match="1 条加减分待审批"):
        run_confirm(run=run, actor=world.users["committee"])
    client.force_login(world.users["committee"])
    page = client.get(reverse("assessments:results_run", args=[run.pk])).content.decode()
    assert reverse("assessments:point_detail", args=[entry.pk]) in page


def test_a_sanction_changed_since_is_listed(tied, world, client):
    SanctionRecord.objects.create(
        cadre=world.cadre,
        category="sanction",
        kind="gov_warning",
        decided_on=datetime.date(YEAR, 3, 1),
        effective_from=datetime.date(YEAR, 3, 1),
    )
    completeness = run_completeness(tied.run)
    assert completeness.stale and [i.text for i in completeness.changed_sanctions] == ["张三 政务警告 2025-03-01"]
    client.force_login(world.users["committee"])
    page = client.get(reverse("assessments:results_settle", args=[tied.run.pk])).content.decode()
    assert 'id="gap-sanctions"' in page and "张三 政务警告 2025-03-01" in page


def test_an_incomplete_cadre_is_resolved_by_a_no_grade_state_the_committee_sees(tied, world, client):
    newcomer = CadreFactory(organization=world.org, unit=world.unit_a1, name="新来的", employee_no="K99")
    group_member_set(group=world.group, cadre=newcomer)
    run = compute(world)
    assert Result.objects.get(run=run, cadre=newcomer).incomplete
    settle(tied, world, run=run)
    with pytest.raises(ApplicationError, match="1 名干部评分不完整"):
        run_confirm(run=run, actor=world.users["committee"])
    # HR follows the link from the list and records the state.
    hr = make_hr_all(world)
    client.force_login(hr)
    page = client.get(reverse("assessments:results_settle", args=[run.pk])).content.decode()
    link = reverse("assessments:results_no_grade", args=[run.pk, newcomer.pk])
    assert link in page and "1 人评分不完整" in page
    response = client.post(link, {"state": "undetermined", "reason_kind": "probation", "reason": ""})
    assert response.status_code == 200 and "请填写原因" in response.content.decode()
    assert not SpecialStatus.objects.exists()
    response = client.post(link, {"state": "undetermined", "reason_kind": "probation", "reason": "试用期未满"})
    assert response.status_code == 302
    status = SpecialStatus.objects.get(cadre=newcomer, year=YEAR)
    assert (status.state, status.reason, status.recorded_by) == ("undetermined", "试用期未满", hr)
    row = AuditLog.objects.get(action="assessments.results.no_grade")
    assert row.before is None and row.after["reason"] == "试用期未满"
    # The old version is stale; the new one is complete, and the committee sees the state and its reason.
    with pytest.raises(ApplicationError, match="结果已过期,请重新计算"):
        run_confirm(run=run, actor=world.users["committee"])
    newer = compute(world)
    assert Result.objects.get(run=newer, cadre=newcomer).grade == "5"
    settle(tied, world, run=newer)
    client.force_login(world.users["committee"])
    page = client.get(reverse("assessments:results_settle", args=[newer.pk])).content.decode()
    assert 'id="no-grade-states"' in page and "试用期未满" in page
    assert run_confirm(run=newer, actor=world.users["committee"]).state == "confirmed"


def test_a_no_grade_state_needs_a_state_and_a_reason_and_not_a_published_year(world):
    for state, reason, field in [("bad", "原因", "state"), ("not_assessed", "  ", "reason")]:
        with pytest.raises(ApplicationError) as caught:
            no_grade_record(cadre=world.cadre, year=YEAR, state=state, reason_kind="other", reason=reason, actor=None)
        assert field in caught.value.field_errors
    assert not SpecialStatus.objects.exists() and not AuditLog.objects.filter(action__endswith="no_grade").exists()


def test_only_hr_reaches_the_no_grade_page(tied, world, client):
    url = reverse("assessments:results_no_grade", args=[tied.run.pk, world.cadre.pk])
    client.force_login(world.users["committee"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["hr_other"])  # HR of the other side of the tree: not their cadre
    assert client.get(url).status_code in (403, 404)
