"""影响期届满预警: a measure's or sanction's waiting period (no promotion, no leading post) ends within a month. HR of
the cadre's unit is told, once per record, restriction and end day (an end that moves, because the organization's
rule changed, is a new occurrence). The periods are demotion.selectors.measures' (the rules' months from the effective
date, 民法典 Art. 202)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from common.workdays import add_months, format_date_zh
from demotion.selectors.measures import periods_of_records
from notices.warnings.selectors import hr_users_covering
from notices.warnings.services import warning_tell
from org.models import SanctionRecord

KIND = "demotion.waiting_end"
# How far ahead of its end a waiting period is told about.
LEAD_MONTHS = 1
# The longest waiting period any rule gives is a few years; older records are not read.
LOOKBACK_MONTHS = 120


def waiting_end_scan(*, today: datetime.date, organization_ids) -> int:
    horizon = add_months(today, LEAD_MONTHS)
    found = SanctionRecord.objects.filter(
        cadre__organization_id__in=organization_ids,
        cadre__left_on__isnull=True,
        effective_from__lte=today,
        effective_from__gte=add_months(today, -LOOKBACK_MONTHS),
    ).select_related("cadre__unit", "cadre__user")
    records = list(found)
    periods = periods_of_records(records)
    created = 0
    url = reverse("demotion:measure_list")
    for record in records:
        period = periods.get(record.pk)
        if period is None:
            continue
        ends: dict[datetime.date, list[str]] = {}
        for bar, until in (("promotion", period.no_promotion_until), ("leading", period.no_leading_post_until)):
            if until is not None and today <= until <= horizon:
                ends.setdefault(until, []).append(bar)
        for end, which in ends.items():
            values = {
                "name": record.cadre.name,
                "kind": record.get_kind_display(),
                "from": format_date_zh(record.effective_from),
                "end": format_date_zh(end),
            }
            if which == ["promotion"]:
                what = _("不得提拔的影响期")
            elif which == ["leading"]:
                what = _("不得担任领导职务的影响期")
            else:
                what = _("不得提拔、不得担任领导职务的影响期")
            values["what"] = what
            created += warning_tell(
                kind=KIND,
                organization_id=record.cadre.organization_id,
                recipients=hr_users_covering(record.cadre.unit),
                subject=record,
                occurrence=f"{'+'.join(which)}:{end.isoformat()}",
                title=_("影响期届满预警:%(name)s(%(kind)s)") % values,
                body=_(
                    "%(name)s自%(from)s起受%(kind)s,%(what)s将于%(end)s届满。"
                    "届满后可按规定正常使用,请做好考察了解和使用安排的准备。"
                )
                % values,
                url=url,
            )
    return created
