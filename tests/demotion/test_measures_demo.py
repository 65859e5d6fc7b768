"""The demo's measures: after the assessments demo publishes the year before, a 诫勉 for a 基本称职 cadre (when the
year has one), a 调离岗位 that keeps an 优秀 cadre off this year's promotion list, and a maternity leave."""

from django.contrib.auth import get_user_model

from demotion.models import DismissalProtection
from demotion.selectors.usage import PROMOTE_EXCLUDED, usage_lists
from org.demo import demo_load
from org.models import SanctionRecord
from tests.demotion.matrix_measures import seed_national_rules


def test_the_demo_shows_a_promotion_exclusion_and_a_protection(db):
    seed_national_rules()
    organization = demo_load()
    transferred = SanctionRecord.objects.get(cadre__organization=organization, kind="transferred")
    assert DismissalProtection.objects.filter(cadre__organization=organization, kind="maternity").count() == 1
    dangzu = get_user_model().objects.get(username="dangzu")
    from assessments.models import Publication

    published = Publication.objects.get(organization=organization, state="published")
    lists = usage_lists(user=dangzu, organization=organization, year=published.year)
    assert [row.cadre for row in lists.rows(PROMOTE_EXCLUDED)] == [transferred.cadre]
    admonished = SanctionRecord.objects.filter(cadre__organization=organization, kind="admonishment")
    assert admonished.count() == (1 if lists.rows("admonish") else 0)
