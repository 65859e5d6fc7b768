"""退休预警: a cadre reaches the retirement age within RETIREMENT_WARNING_MONTHS (settings.RETIREMENT_AGES, by gender
and rank grade, from the cadre's birth date). HR of the cadre's unit is told once per cadre and retirement day. A
cadre without a birth date, or whose gender no rule names, is not warned about.

There is no 试用期 (probation) warning: appointments record no probation end."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from common.workdays import add_months, format_date_zh
from notices.warnings.selectors import hr_users_covering
from notices.warnings.services import warning_tell
from org.models import Cadre

KIND = "org.retirement"


def retirement_age(cadre: Cadre) -> int | None:
    for rule in settings.RETIREMENT_AGES:
        if rule["gender"] == cadre.gender and (not rule["rank"] or rule["rank"] in (cadre.rank_grade or "")):
            return int(rule["years"])
    return None


def retirement_day(cadre: Cadre) -> datetime.date | None:
    years = retirement_age(cadre)
    if cadre.birth_date is None or years is None:
        return None
    return add_months(cadre.birth_date, 12 * years)


def retirement_scan(*, today: datetime.date, organization_ids) -> int:
    months = settings.RETIREMENT_WARNING_MONTHS
    oldest_age = max(int(rule["years"]) for rule in settings.RETIREMENT_AGES)
    youngest_age = min(int(rule["years"]) for rule in settings.RETIREMENT_AGES)
    # Born early enough to reach the youngest age within the months, and late enough not to be past the oldest.
    cadres = Cadre.objects.filter(
        organization_id__in=organization_ids,
        left_on__isnull=True,
        birth_date__isnull=False,
        birth_date__lte=add_months(today, months - 12 * youngest_age),
        birth_date__gt=add_months(today, -12 * oldest_age),
    ).select_related("unit")
    created = 0
    for cadre in cadres:
        day = retirement_day(cadre)
        if day is None or not (today < day <= add_months(today, months)):
            continue
        values = {
            "name": cadre.name,
            "unit": cadre.unit.name,
            "birth": format_date_zh(cadre.birth_date),
            "day": format_date_zh(day),
        }
        created += warning_tell(
            kind=KIND,
            organization_id=cadre.organization_id,
            recipients=hr_users_covering(cadre.unit),
            subject=cadre,
            occurrence=f"retire:{day.isoformat()}",
            title=_("退休预警:%(name)s(%(unit)s)") % values,
            body=_("%(name)s(%(birth)s出生)将于%(day)s达到退休年龄。请提前做好退休办理和岗位接续安排。") % values,
            url=reverse("org:cadre_detail", args=[cadre.pk]),
        )
    return created


def register() -> None:
    from django.utils.translation import gettext_lazy

    from notices.warnings.registry import WarningKind, register_warning

    register_warning(
        WarningKind(
            code=KIND,
            label=gettext_lazy("退休预警"),
            description=gettext_lazy("干部临近退休年龄(按性别和职级设定)时,告知组织人事部门。"),
            scan=retirement_scan,
            order=60,
        )
    )
