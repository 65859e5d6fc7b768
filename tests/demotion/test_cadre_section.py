"""HR's page of one cadre shows the 能上能下 section: running waiting periods (so whoever considers the cadre for
promotion sees them), dismissal protections in force, step-down cases and commitment letters; a cadre with none of
these has no section."""

import datetime

from django.urls import reverse
from django.utils import timezone

from common.workdays import add_months
from demotion.models import CommitmentLetter, StepDownCase
from demotion.services.cases import stepdown_cases_open
from demotion.services.measures import dismissal_protection_record, measure_record
from org.services import appointment_start
from tests.conftest import client_for
from tests.demotion.conftest import make_published_year
from tests.demotion.matrix_measures import seed_national_rules
from tests.factories import PostFactory

TODAY = timezone.localdate()


def page(world, persona, cadre) -> str:
    response = client_for(world, persona).get(reverse("org:cadre_detail", kwargs={"pk": cadre.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_cadre_page_gathers_what_the_demotion_app_knows_of_the_cadre(world):
    seed_national_rules()
    hr = world.users["hr"]
    assert "cadre-waiting-periods" not in page(world, "hr", world.cadre)  # nothing yet: no section

    effective = TODAY - datetime.timedelta(days=30)
    measure_record(cadre=world.cadre, kind="admonishment", decided_on=effective, effective_from=effective, actor=hr)
    dismissal_protection_record(cadre=world.cadre, kind="medical", starts_on=effective, actor=hr)
    published = make_published_year(world)
    stepdown_cases_open(publication_id=published.publication.pk)
    appointment = appointment_start(cadre=world.cadre, post=PostFactory(unit=world.unit_a1), start_date=TODAY)
    CommitmentLetter.objects.create(
        organization=world.org, cadre=world.cadre, appointment=appointment, due_date=TODAY, text="承诺书"
    )

    body = page(world, "hr", world.cadre)
    assert 'id="cadre-waiting-periods"' in body and "诫勉" in body
    assert add_months(effective, 6).isoformat() in body  # 诫勉: six months without promotion
    assert 'id="cadre-protections"' in body and "医疗期" in body
    case = StepDownCase.objects.get(cadre=world.cadre)
    assert reverse("demotion:case_detail", kwargs={"pk": case.pk}) in body
    assert 'id="cadre-letters"' in body and "待签署" in body
    # The committee sees the same section; HR of the other side of the tree does not see the cadre at all
    assert 'id="cadre-stepdown-cases"' in page(world, "committee", world.cadre)
    assert (
        client_for(world, "hr_other").get(reverse("org:cadre_detail", kwargs={"pk": world.cadre.pk})).status_code == 404
    )
