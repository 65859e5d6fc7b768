"""The demo shows the early warnings: after `load_demo`, the inbox of `hr` (HR of the whole bureau) holds a
retirement warning, a waiting period ending, a yellow card one short of red and a probation ending; a second scan adds
nothing."""

import pytest
from django.core.management import call_command

from demotion.services.warnings import KIND as WAITING_KIND
from notices.models import Notice
from notices.warnings.services import warnings_scan
from org.services.warnings import KIND as RETIREMENT_KIND
from org.services.warnings import PROBATION_KIND
from recall.services.warnings import KIND as NEAR_RED_KIND
from tests.demotion.matrix_measures import seed_national_rules
from tests.recall.conftest import seed_categories


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    seed_categories()  # the data migrations, which tests do not run
    seed_national_rules()
    settings.CADRE_DEMO_PASSWORD = "demo-Pass-1"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")


def test_the_inbox_of_hr_shows_the_warnings_once(demo):
    kinds = list(Notice.objects.filter(recipient__username="hr").values_list("kind", flat=True))
    # the planted cases (the demo's random birth dates may bring another cadre near retirement too)
    for kind in (RETIREMENT_KIND, WAITING_KIND, NEAR_RED_KIND, PROBATION_KIND):
        assert kinds.count(kind) >= 1, kind
    before = Notice.objects.count()
    warnings_scan()
    assert Notice.objects.count() == before
