"""Writes of teams and of their members' data. Keyword-only, atomic, validated, audited."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Cadre, Unit
from teams.models import MemberProfile, Team
from teams.selectors.teams import editable_cadres, units_without_team


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


@transaction.atomic
def team_create(*, actor, unit: Unit, formed_on: datetime.date) -> Team:
    """Keep the leadership team of a unit in HR's scope (its members are whoever holds the unit's leading posts)."""
    if not units_without_team(user=actor).filter(pk=unit.pk).exists():
        if Team.objects.filter(unit=unit).exists():
            raise _invalid("unit", _("该单位的领导班子已建立。"))
        raise _invalid("unit", _("该单位不在您的管理范围内。"))
    if formed_on > timezone.localdate():
        raise _invalid("formed_on", _("组建或换届日期不能晚于今天。"))
    team = Team.objects.create(organization_id=unit.organization_id, unit=unit, formed_on=formed_on, created_by=actor)
    audit_log_record(actor=actor, action="teams.team.create", subject=team, after=snapshot(team))
    return team


@transaction.atomic
def member_profile_set(
    *, actor, cadre: Cadre, political_status: str, education: str, specialty: str = ""
) -> MemberProfile:
    """Record what the 结构 indicators need of a cadre in HR's units (each may stay empty: unknown)."""
    if not editable_cadres(user=actor).filter(pk=cadre.pk).exists():
        raise _invalid("cadre", _("该干部不在您的管理范围内。"))
    if political_status not in {"", *MemberProfile.PoliticalStatus.values}:
        raise _invalid("political_status", _("请选择政治面貌。"))
    if education not in {"", *MemberProfile.Education.values}:
        raise _invalid("education", _("请选择学历。"))
    specialty = specialty.strip()
    if len(specialty) > 50:
        raise _invalid("specialty", _("专业不能超过50个字。"))
    profile = MemberProfile.objects.select_for_update().filter(cadre=cadre).first()
    fields = ["political_status", "education", "specialty"]
    before = snapshot(profile, fields) if profile else None
    if profile is None:
        profile = MemberProfile(cadre=cadre)
    profile.political_status, profile.education, profile.specialty = political_status, education, specialty
    profile.save()
    audit_log_record(
        actor=actor, action="teams.profile.set", subject=profile, before=before, after=snapshot(profile, fields)
    )
    return profile
