"""The demo's error tolerance: one approved case of this year with its correction under way, one request awaiting
the party group, and the published year before left as it was."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import ApprovalStatus, Publication, ResultRun
from common.models import AuditLog
from demotion.models import ToleranceCase
from org.demo import DEMO_ORG_CODE


@pytest.fixture
def demo(db, settings):
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    call_command("load_demo")


def test_the_demo_has_an_approved_case_and_a_request(demo):
    year = timezone.localdate().year
    cases = ToleranceCase.objects.filter(organization__code=DEMO_ORG_CODE)
    approved = cases.get(state=ToleranceCase.State.APPROVED)
    waiting = cases.get(state=ToleranceCase.State.REQUESTED)
    assert approved.year == waiting.year == year
    assert approved.point_entry.status == ApprovalStatus.REVOKED
    assert waiting.point_entry.status == ApprovalStatus.APPROVED
    assert list(approved.correction.steps.values_list("step", flat=True)) == [1, 2]
    assert approved.correction.completed_at is None
    assert AuditLog.objects.filter(action="assessments.points.exempt").count() == 1
    # The published year before is not touched: no re-computation, its publication on its first run.
    publication = Publication.objects.get(organization__code=DEMO_ORG_CODE, year=year - 1)
    assert publication.run.version == 1
    assert not ResultRun.objects.filter(organization__code=DEMO_ORG_CODE, year=year - 1, version__gt=1).exists()
