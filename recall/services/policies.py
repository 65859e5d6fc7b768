"""Writes of recall policies: HR of the whole organization makes a new version with its effective date. A version is
never changed once made (the cards and cases decided under it keep the rules they were decided by); a change is a
new version from a later date. And the non-retroactivity check every basis goes through (不溯及既往)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import format_date_zh
from org.models import Organization
from recall.models import RecallPolicy
from recall.rules import is_organization_hr
from recall.selectors.policies import first_policy, policy_in_force

SETTINGS = (
    "name",
    "document_no",
    "card_window_months",
    "retraining_months",
    "probation_enabled",
    "probation_months",
    "evaluation_working_days",
    "follow_up_months",
    "announcement_working_days",
    "retraining_withheld_percent",
    "probation_withheld_percent",
    "reassignment_withheld_percent",
    "red_card_deduction",
    "holding_office",
    "order_prefix",
    "section_level_ranks",
    "note",
)


def _checked(policy: RecallPolicy) -> None:
    """The model's own rules (ranges, lengths) as field errors."""
    try:
        policy.full_clean(exclude=["organization", "created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        first = next(iter(fields.values()))[0]
        raise ApplicationError(first, field_errors=fields) from error


@transaction.atomic
def recall_policy_create(
    *, organization: Organization, actor, effective_from: datetime.date | None, reason: str = "", **settings
) -> RecallPolicy:
    """A new version of the organization's 召回管理办法, in force from `effective_from`. Settings not given keep the
    previous version's values (the seed's defaults for the first one)."""
    if not is_organization_hr(actor, organization.pk):
        refuse(_("只有负责全机构的组织人事部门可以制定召回管理办法。"), code="permission_denied")
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"recall_policy_create got unknown settings {sorted(unknown)}")
    if effective_from is None:
        refuse(_("请填写施行日期。"), "effective_from")
    # Serialises two new versions of the same organization (the version number is max + 1).
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if RecallPolicy.objects.filter(organization=organization, effective_from=effective_from).exists():
        refuse(_("已有一版办法自该日起施行,请换一个施行日期。"), "effective_from")
    previous = policy_in_force(organization.pk, effective_from) or first_policy(organization.pk)
    base = {name: getattr(previous, name) for name in SETTINGS} if previous else {}
    values = {**base, **{k: v for k, v in settings.items() if v is not None or k == "card_window_months"}}
    for name in ("name", "document_no", "holding_office", "order_prefix", "section_level_ranks", "note"):
        if name in values and isinstance(values[name], str):
            values[name] = values[name].strip()
    version = (RecallPolicy.objects.filter(organization=organization).aggregate(v=Max("version"))["v"] or 0) + 1
    policy = RecallPolicy(organization=organization, version=version, effective_from=effective_from, **values)
    policy.created_by = actor
    _checked(policy)
    policy.save()
    audit_log_record(
        actor=actor, action="recall.policy.create", subject=policy, after=snapshot(policy), reason=reason.strip()
    )
    return policy


def require_policy_for(*, organization_id: int, basis_date: datetime.date, what: str) -> RecallPolicy:
    """The policy in force on the basis' date, or a refusal saying why none applies (不溯及既往). `what` names the
    basis, e.g. "2017年度考核结果"."""
    policy = policy_in_force(organization_id, basis_date)
    if policy is not None:
        return policy
    first = first_policy(organization_id)
    if first is None:
        refuse(_("本机构尚未制定召回管理办法,不能提出召回。"), code="no_policy")
    refuse(
        _(
            "%(what)s(%(date)s)早于《%(policy)s》的施行日期(%(effective)s)。召回管理办法不溯及既往,"
            "不能依据该办法对其召回。"
        )
        % {
            "what": what,
            "date": format_date_zh(basis_date),
            "policy": first.name,
            "effective": format_date_zh(first.effective_from),
        },
        "basis_date",
        code="not_retroactive",
    )
