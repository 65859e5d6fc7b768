"""The demo's 能上能下 measures (registered with org.demo; runs after the scoring demo, which publishes the year
before the demo year): a 诫勉 for one of that year's 基本称职 cadres, an older 调离岗位 still in its waiting period for
one of its 优秀 cadres (so the promotion reference list shows the exclusion), and a maternity leave (产假)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.selectors import published
from demotion.models import DismissalProtection
from demotion.services.measures import dismissal_protection_record, measure_record
from org.models import Cadre, Organization, SanctionRecord

# 产假: 98 days (《女职工劳动保护特别规定》) plus the provinces' extension, commonly to 158 days.
MATERNITY_DAYS = 158


def demo_measures_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    published_year = year - 1
    publication = published.publication_state(organization_id=organization.pk, year=published_year)
    if not publication.published:
        return
    hr = get_user_model().objects.get(username="hr")
    today = timezone.localdate()
    grades = {
        r.cadre_id: r.grade for r in published.final_results(organization_id=organization.pk, year=published_year)
    }
    cadres = sorted(Cadre.objects.filter(pk__in=list(grades)), key=lambda cadre: cadre.employee_no)
    basic = [cadre for cadre in cadres if grades[cadre.pk] == published.BASIC]
    excellent = [cadre for cadre in cadres if grades[cadre.pk] == published.EXCELLENT]

    if basic:
        # The party group's talk two weeks after the publication (or today, in the first days of the year).
        decided = min(publication.published_on + datetime.timedelta(days=14), today)
        measure_record(
            cadre=basic[0],
            kind=SanctionRecord.Kind.ADMONISHMENT,
            decided_on=decided,
            effective_from=decided,
            document_no=f"党组会议纪要〔{year}〕3号",
            note=f"{published_year}年度考核基本称职,诫勉谈话,限期改正",
            actor=hr,
        )
    if excellent:
        # Four months ago: a transfer keeps the cadre off promotion for a year, so the period still runs today.
        decided = today - datetime.timedelta(days=120)
        measure_record(
            cadre=excellent[0],
            kind=SanctionRecord.Kind.TRANSFERRED,
            decided_on=decided,
            effective_from=decided,
            document_no=f"党组干任〔{decided.year}〕12号",
            note="因工作需要调离执法岗位",
            actor=hr,
        )
    women = [cadre for cadre in cadres if cadre.gender == "F"]
    if women:
        starts = today - datetime.timedelta(days=60)
        dismissal_protection_record(
            cadre=rng.choice(women),
            kind=DismissalProtection.Kind.MATERNITY,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=MATERNITY_DAYS - 1),
            note="产假(含延长假)",
            actor=hr,
        )
