"""The tenure policy, versioned: organization-wide HR sets a new version with the date it takes effect; nothing is
changed in place. Each rule is read from the version in effect on the day it is applied (tenure.selectors.policy),
so terms that started under an earlier version keep its length and start rule. Saving a version recomputes the
organization's terms in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Organization, Post
from tenure.access import org_wide_hr
from tenure.models import EvaluationSystem, PolicyPostKind, Regime, TenurePolicy, TermCap

POLICY_FIELDS = [
    "version",
    "effective_from",
    "basis",
    "term_years",
    "start_rule",
    "partial_rule",
    "partial_years",
    "reminder_months",
    "ladder_years",
    "audit_holds",
    "goals_public",
    "performance_weight",
    "democratic_weight",
    "basic_below",
    "incompetent_below",
    "excellent_quota",
    "retirement_service_years",
]

# What a first policy says unless told otherwise: 正职任期制、副职聘任制的地方办法 and the 2006 national rules.
DEFAULT_POST_KINDS = {Post.Kind.PRINCIPAL: Regime.TERM, Post.Kind.DEPUTY: Regime.CONTRACT}
DEFAULT_CAPS = [
    {"scope": TermCap.Scope.POST, "measure": TermCap.Measure.TERMS, "limit": 2, "consecutive": True, "blocks": True},
    {
        "scope": TermCap.Scope.LEVEL,
        "measure": TermCap.Measure.YEARS,
        "limit": 15,
        "consecutive": False,
        "blocks": False,
    },
]


def policy_defaults() -> dict:
    return {
        "term_years": 5,
        "start_rule": TenurePolicy.StartRule.JUNE_30,
        "partial_rule": TenurePolicy.PartialRule.MORE_THAN_YEARS,
        "partial_years": 3,
        "reminder_months": "6,3,1",
        "ladder_years": "5,8,10",
        "audit_holds": True,
        "goals_public": True,
        "performance_weight": Decimal(60),
        "democratic_weight": Decimal(40),
        "basic_below": Decimal(70),
        "incompetent_below": Decimal(60),
        "excellent_quota": Decimal("0.200"),
        "retirement_service_years": 30,
        "post_kinds": dict(DEFAULT_POST_KINDS),
        "caps": [dict(c) for c in DEFAULT_CAPS],
    }


def _numbers(text, field: str, *, low: int, high: int, errors: dict) -> str:
    parts = [p.strip() for p in str(text or "").replace("，", ",").replace("、", ",").split(",") if p.strip()]
    try:
        values = [int(p) for p in parts]
    except ValueError:
        errors[field] = [_("请填写以逗号分隔的整数,例如 6,3,1。")]
        return ""
    if not values:
        errors[field] = [_("请至少填写一个数。")]
    elif any(not low <= v <= high for v in values):
        errors[field] = [_("每个数须在 %(low)s 至 %(high)s 之间。") % {"low": low, "high": high}]
    elif len(set(values)) != len(values):
        errors[field] = [_("数字不能重复。")]
    return ",".join(str(v) for v in sorted(set(values), reverse=field == "reminder_months"))


def _decimal(value, field: str, *, low: Decimal, high: Decimal, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = [_("请填写数字。")]
        return None
    if not number.is_finite() or not low <= number <= high:
        errors[field] = [_("须在 %(low)s 至 %(high)s 之间。") % {"low": low, "high": high}]
        return None
    return number


def _integer(value, field: str, *, low: int, high: int, errors: dict) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[field] = [_("须为 %(low)s 至 %(high)s 之间的整数。") % {"low": low, "high": high}]
        return None
    return value


def _checked(values: dict) -> tuple[dict, dict, list[dict]]:
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    clean["term_years"] = _integer(values.get("term_years"), "term_years", low=1, high=10, errors=errors)
    clean["partial_years"] = _integer(values.get("partial_years"), "partial_years", low=1, high=10, errors=errors)
    clean["retirement_service_years"] = _integer(
        values.get("retirement_service_years"), "retirement_service_years", low=10, high=45, errors=errors
    )
    if values.get("start_rule") not in TenurePolicy.StartRule.values:
        errors["start_rule"] = [_("请选择任期起算规则。")]
    clean["start_rule"] = values.get("start_rule")
    if values.get("partial_rule") not in TenurePolicy.PartialRule.values:
        errors["partial_rule"] = [_("请选择不满任期的计算方法。")]
    clean["partial_rule"] = values.get("partial_rule")
    if clean["term_years"] and clean["partial_years"] and clean["partial_years"] >= clean["term_years"]:
        errors.setdefault("partial_years", []).append(_("须少于任期年限。"))
    clean["reminder_months"] = _numbers(values.get("reminder_months"), "reminder_months", low=1, high=24, errors=errors)
    clean["ladder_years"] = _numbers(values.get("ladder_years"), "ladder_years", low=1, high=30, errors=errors)
    for name in ("performance_weight", "democratic_weight", "basic_below", "incompetent_below"):
        clean[name] = _decimal(values.get(name), name, low=Decimal(0), high=Decimal(100), errors=errors)
    clean["excellent_quota"] = _decimal(
        values.get("excellent_quota"), "excellent_quota", low=Decimal(0), high=Decimal(1), errors=errors
    )
    if clean["excellent_quota"] is not None and clean["excellent_quota"] != clean["excellent_quota"].quantize(
        Decimal("0.001")
    ):
        errors["excellent_quota"] = [_("比例最多保留三位小数。")]
    pw, dw = clean["performance_weight"], clean["democratic_weight"]
    if pw is not None and dw is not None and pw + dw != 100:
        errors["democratic_weight"] = [_("工作实绩与民意测评的权重之和须为 100。")]
    basic, incompetent = clean["basic_below"], clean["incompetent_below"]
    if basic is not None and incompetent is not None and incompetent > basic:
        errors["incompetent_below"] = [_("不称职分数线不能高于基本称职分数线。")]
    clean["audit_holds"] = bool(values.get("audit_holds"))
    clean["goals_public"] = bool(values.get("goals_public"))
    clean["basis"] = str(values.get("basis") or "").strip()[:200]
    post_kinds = values.get("post_kinds") or {}
    if not isinstance(post_kinds, dict) or any(
        kind not in Post.Kind.values or regime not in Regime.values for kind, regime in post_kinds.items()
    ):
        errors["post_kinds"] = [_("职务类别或实行方式无效。")]
        post_kinds = {}
    elif not post_kinds:
        errors["post_kinds"] = [_("请至少指定一类实行任期制或聘任制的职务。")]
    caps = _checked_caps(values.get("caps") or [], errors)
    if errors:
        raise ApplicationError(_("任期制办法的设置有误。"), field_errors=errors)
    return clean, post_kinds, caps


def _checked_caps(caps: list, errors: dict) -> list[dict]:
    clean, seen = [], set()
    for index, cap in enumerate(caps):
        prefix = f"caps-{index}"
        scope, measure, limit = cap.get("scope"), cap.get("measure"), cap.get("limit")
        if scope not in TermCap.Scope.values:
            errors[f"{prefix}-scope"] = [_("请选择范围。")]
            continue
        if measure not in TermCap.Measure.values:
            errors[f"{prefix}-measure"] = [_("请选择计量方式。")]
            continue
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 40:
            errors[f"{prefix}-limit"] = [_("上限须为 1 至 40 之间的整数。")]
            continue
        if (scope, measure) in seen:
            errors[f"{prefix}-scope"] = [_("同一范围和计量方式只能设一条上限。")]
            continue
        seen.add((scope, measure))
        clean.append(
            {
                "scope": scope,
                "measure": measure,
                "limit": limit,
                "consecutive": bool(cap.get("consecutive")) and measure == TermCap.Measure.TERMS,
                "blocks": bool(cap.get("blocks")),
            }
        )
    return clean


def policy_snapshot(policy: TenurePolicy) -> dict:
    data = snapshot(policy, POLICY_FIELDS)
    data["post_kinds"] = {row.post_kind: row.regime for row in policy.post_kinds.all()}
    data["caps"] = [str(cap) for cap in policy.caps.all()]
    return data


@transaction.atomic
def tenure_policy_create(
    *,
    organization: Organization,
    actor,
    effective_from: datetime.date,
    values: dict,
    reason: str = "",
    sync: bool = True,
) -> TenurePolicy:
    """A new version of the organization's policy, in effect from `effective_from` (after the latest version's
    date). `values` holds the policy's numbers, `post_kinds` ({post kind: regime}) and `caps` (rows). Organization-
    wide HR and the admin only (actor None: the system, e.g. the demo)."""
    if actor is not None and not org_wide_hr(actor, organization):
        raise ApplicationError(_("只有全局组织人事部门可以修改任期制办法。"), code="forbidden")
    clean, post_kinds, caps = _checked(values)
    if not isinstance(effective_from, datetime.date):
        raise ApplicationError(_("请填写生效日期。"), field_errors={"effective_from": [_("请填写生效日期。")]})
    # One writer at a time per organization (the version numbers and the term sync).
    latest = TenurePolicy.objects.select_for_update().filter(organization=organization).order_by("-version").first()
    if latest is not None and effective_from <= latest.effective_from:
        message = _("生效日期须晚于现行第 %(v)s 版的生效日期(%(date)s)。") % {
            "v": latest.version,
            "date": latest.effective_from.isoformat(),
        }
        raise ApplicationError(message, field_errors={"effective_from": [message]})
    policy = TenurePolicy.objects.create(
        organization=organization,
        version=(latest.version + 1) if latest else 1,
        effective_from=effective_from,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **clean,
    )
    PolicyPostKind.objects.bulk_create(
        PolicyPostKind(policy=policy, post_kind=kind, regime=regime) for kind, regime in sorted(post_kinds.items())
    )
    TermCap.objects.bulk_create(TermCap(policy=policy, **cap) for cap in caps)
    audit_log_record(
        actor=actor,
        action="tenure.policy.create",
        subject=policy,
        before=policy_snapshot(latest) if latest else None,
        after=policy_snapshot(policy),
        reason=reason,
    )
    if sync:
        from tenure.services.terms import terms_sync

        terms_sync(organization=organization, actor=actor, reason=_("任期制办法第 %(v)s 版") % {"v": policy.version})
    return policy


@transaction.atomic
def evaluation_system_save(
    *, organization: Organization, name: str, units, actor, reason: str = ""
) -> EvaluationSystem:
    """A 系统 of the catalog the evaluation ranks within (created, or its units replaced); organization-wide HR."""
    if actor is not None and not org_wide_hr(actor, organization):
        raise ApplicationError(_("只有全局组织人事部门可以设置考评系统。"), code="forbidden")
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise ApplicationError(_("请填写系统名称(50 字以内)。"), field_errors={"name": [_("请填写系统名称。")]})
    units = list(units)
    if any(unit.organization_id != organization.pk for unit in units):
        raise ApplicationError(_("单位不属于该机构。"), field_errors={"units": [_("单位不属于该机构。")]})
    system, created = EvaluationSystem.objects.get_or_create(organization=organization, name=name)
    before = None if created else {"units": sorted(system.units.values_list("pk", flat=True))}
    system.units.set(units)
    audit_log_record(
        actor=actor,
        action="tenure.system.save",
        subject=system,
        before=before,
        after={"name": name, "units": sorted(u.pk for u in units)},
        reason=reason,
    )
    return system
