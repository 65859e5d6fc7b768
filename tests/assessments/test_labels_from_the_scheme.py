"""A number that lives in data is never written in a label: under a scheme whose bottom ratio is 15%, every text that
names the bottom set says 后15% — the export's column, the group chart, the run's summary, the tie refusals and page,
the cadre's own page, and on the step-down side the case's reason, its application wording and the commitment
letter."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import exports
from assessments.models import Scheme
from assessments.results.display import bottom_label, tie_kind_label
from assessments.services.results import results_run_create, results_run_execute
from demotion.cases_rules import application_wording
from demotion.models import StepDownCase
from demotion.services.letters import letter_bottom_label
from tests.assessments.test_results_services import scored  # noqa: F401  (fixture)
from tests.conftest import client_for


@pytest.fixture
def fifteen(scored, world):  # noqa: F811
    """2025 under a 15% scheme, computed: 李四 90, 张三 80."""
    Scheme.objects.filter(organization=world.org, year=2025).update(bottom_ratio=Decimal("0.150"))
    run = results_run_create(organization=world.org, year=2025, actor=world.users["admin"])
    return results_run_execute(run_id=run.pk)


def test_the_label_is_built_from_the_ratio():
    assert [bottom_label(Decimal(r)) for r in ("0.100", "0.150", "0.125", "0.050")] == [
        "后10%",
        "后15%",
        "后12.5%",
        "后5%",
    ]


def test_the_export_header_names_the_schemes_ratio(fifteen, world):
    header = exports.export_header(fifteen)
    assert header[11] == "后15%" and "后10%" not in header
    csv_text = "".join(exports.csv_chunks(run=fifteen))
    assert csv_text.splitlines()[0].endswith("等次代码,后15%,一票否决,边界并列")


def test_the_pages_name_the_schemes_ratio(fifteen, world):
    committee = client_for(world, "committee")
    run_page = committee.get(reverse("assessments:results_run", kwargs={"pk": fifteen.pk})).content.decode()
    assert "后15%" in run_page and "后10%" not in run_page
    group = committee.get(
        reverse("assessments:results_group", kwargs={"run_pk": fifteen.pk, "group_pk": world.group.pk})
    )
    assert group.context["chart"]["names"]["bottom"] == "后15%"
    assert tie_kind_label("bottom", fifteen.scheme) == "后15%边界并列"


def test_a_step_down_case_names_the_ratio_of_its_scheme(fifteen, world):
    from assessments.models import Publication

    publication = Publication.objects.create(
        organization=world.org, year=2025, run=fifteen, state="published", published_on=datetime.date(2026, 1, 20)
    )
    case = StepDownCase(
        organization=world.org,
        year=2025,
        cadre=world.cadre,
        publication=publication,
        run=fifteen,
        reason=StepDownCase.Reason.BOTH,
        bottom_ratio=Decimal("0.150"),
        published_on=publication.published_on,
        deadline=datetime.date(2026, 1, 23),
    )
    assert case.get_reason_display() == "组内排名后15%且一票否决"
    assert "成绩位列组内排名后15%且存在一票否决情形" in application_wording(case)
    # a case kept from before its ratio was recorded reads as a new scheme's (10%)
    case.bottom_ratio = None
    assert case.get_reason_display() == "组内排名后10%且一票否决"


def test_a_commitment_letter_names_the_organizations_ratio(fifteen, world):
    assert letter_bottom_label(organization=world.org, today=datetime.date(2025, 6, 1)) == "后15%"
    # an organization with no scheme yet: a new scheme's ratio
    Scheme.objects.filter(organization=world.org).update(year=2020)
    assert letter_bottom_label(organization=world.org, today=datetime.date(2025, 6, 1)) == "后10%"
