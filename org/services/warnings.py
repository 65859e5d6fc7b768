"""退休预警: a cadre reaches the retirement age within RETIREMENT_WARNING_MONTHS (settings.RETIREMENT_AGES, by gender
and rank grade, from the cadre's birth date). HR of the cadre's unit is told once per cadre and retirement day. A
cadre without a birth date, or whose gender no rule names, is not warned about.

The retirement day follows 全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024, in force 1 January 2025):
an original age of 60 or 55 rises by one month for every four months of birth from the month the original age was
first reached in 2025 (born January 1965 for 60, January 1970 for 55), to three years at most; an original age of
50 by one month for every two months (from January 1975), to five years at most. A man born in January 1965 retires
at 60 and 1 month (February 2025), one born in May 1965 at 60 and 2 months, one born in September 1976 or later at 63.

试用期满预警: an open appointment (not ended, its cadre not gone) whose probation end (试用期满日期, recorded when HR
appoints a newly promoted leader: 《党政领导干部选拔任用工作条例》第五十七条, one year) falls within
PROBATION_WARNING_DAYS and is not yet past. HR of the cadre's unit is told once per appointment and end date, to
arrange the review (考核) that decides whether the appointment stands."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from common.workdays import add_months, format_date_zh
from notices.warnings.selectors import hr_users_covering
from notices.warnings.services import warning_tell
from org.models import Appointment, Cadre

KIND = "org.retirement"
PROBATION_KIND = "org.probation_end"


# The gradual raising: original age → (step in months of birth per month of delay, most months of delay).
GRADUAL_RAISING = {60: (4, 36), 55: (4, 36), 50: (2, 60)}
GRADUAL_FROM_YEAR = 2025


def _rules() -> list[dict[str, Any]]:
    return settings.RETIREMENT_AGES


def _rule(cadre: Cadre) -> dict[str, Any] | None:
    for rule in _rules():
        if rule["gender"] == cadre.gender and (not rule["rank"] or rule["rank"] in (cadre.rank_grade or "")):
            return rule
    return None


def retirement_age(cadre: Cadre) -> int | None:
    """The original retirement age in years (before the gradual raising)."""
    rule = _rule(cadre)
    return None if rule is None else int(rule["years"])


def raising_months(*, original_years: int, birth_date: datetime.date) -> int:
    """Months added to an original retirement age by the 2025 gradual raising for someone born on `birth_date`."""
    if original_years not in GRADUAL_RAISING:
        return 0
    step, most = GRADUAL_RAISING[original_years]
    months_after = (birth_date.year - (GRADUAL_FROM_YEAR - original_years)) * 12 + birth_date.month - 1
    if months_after < 0:
        return 0
    return min(most, months_after // step + 1)


def retirement_day(cadre: Cadre) -> datetime.date | None:
    rule = _rule(cadre)
    if cadre.birth_date is None or rule is None:
        return None
    years = int(rule["years"])
    delay = raising_months(original_years=years, birth_date=cadre.birth_date) if rule.get("gradual", True) else 0
    return add_months(cadre.birth_date, 12 * years + delay)


def retirement_scan(*, today: datetime.date, organization_ids) -> int:
    months = settings.RETIREMENT_WARNING_MONTHS
    ages = [int(rule["years"]) for rule in _rules()]
    most_delay = max(GRADUAL_RAISING.get(years, (1, 0))[1] for years in ages)
    # Born early enough to reach the youngest age within the months, and late enough not to be past the oldest
    # (raised as far as the raising goes).
    cadres = Cadre.objects.filter(
        organization_id__in=organization_ids,
        left_on__isnull=True,
        birth_date__isnull=False,
        birth_date__lte=add_months(today, months - 12 * min(ages)),
        birth_date__gt=add_months(today, -12 * max(ages) - most_delay),
    ).select_related("unit")
    created = 0
    for cadre in cadres:
        day = retirement_day(cadre)
        if day is None or not (today < day <= add_months(today, months)):
            continue
        values = {
            "name": cadre.name,
            "unit": cadre.unit.name,
            "birth": format_date_zh(day if cadre.birth_date is None else cadre.birth_date),
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


def probation_scan(*, today: datetime.date, organization_ids) -> int:
    appointments = Appointment.objects.filter(
        cadre__organization_id__in=organization_ids,
        end_date__isnull=True,
        cadre__left_on__isnull=True,
        probation_ends_on__gte=today,
        probation_ends_on__lte=today + datetime.timedelta(days=settings.PROBATION_WARNING_DAYS),
    ).select_related("cadre__unit", "post__unit")
    created = 0
    for appointment in appointments:
        cadre, day = appointment.cadre, appointment.probation_ends_on
        assert day is not None
        values = {
            "name": cadre.name,
            "unit": appointment.post.unit.name,
            "post": appointment.post.name,
            "start": format_date_zh(appointment.start_date),
            "day": format_date_zh(day),
        }
        created += warning_tell(
            kind=PROBATION_KIND,
            organization_id=cadre.organization_id,
            recipients=hr_users_covering(cadre.unit),
            subject=appointment,
            occurrence=f"probation:{appointment.pk}:{day.isoformat()}",
            title=_("试用期满预警:%(name)s(%(unit)s%(post)s)") % values,
            body=_(
                "%(name)s自%(start)s起任%(unit)s%(post)s,试用期将于%(day)s届满。"
                "请及时组织考核,胜任的正式任职,不胜任的按有关规定免去试任职务。"
            )
            % values,
            url=reverse("org:cadre_detail", args=[cadre.pk]),
        )
    return created


def _retirement_description() -> str:
    return _("干部在%(months)s个月内达到退休年龄(按性别和职级设定)时,告知组织人事部门。") % {
        "months": settings.RETIREMENT_WARNING_MONTHS
    }


def _probation_description() -> str:
    return _("任职试用期将在%(days)s天内届满时,告知组织人事部门安排考核。") % {"days": settings.PROBATION_WARNING_DAYS}


def register() -> None:
    from django.utils.functional import lazy
    from django.utils.translation import gettext_lazy

    from notices.warnings.registry import WarningKind, register_warning

    # The windows are settings: the descriptions say them as they are when the page is read.

    register_warning(
        WarningKind(
            code=KIND,
            label=gettext_lazy("退休预警"),
            description=lazy(_retirement_description, str)(),
            scan=retirement_scan,
            order=60,
        )
    )
    register_warning(
        WarningKind(
            code=PROBATION_KIND,
            label=gettext_lazy("试用期满预警"),
            description=lazy(_probation_description, str)(),
            scan=probation_scan,
            order=65,
        )
    )
