"""What a scheme may hold: its settings and its components as HR enters them, checked as a whole (errors keyed by
field, the components' as `components-<index>-<field>`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.inputs import InputError, read_decimal
from assessments.models import Component, Scheme
from common.errors import ApplicationError

# The scheme's settings that HR may edit (everything but identity, version and status).
SETTING_FIELDS = [
    "name",
    "effective_date",
    "bottom_ratio",
    "bottom_rounding",
    "bottom_minimum",
    "bottom_minimum_group_size",
    "min_group_size",
    "excellent_quota",
    "excellent_quota_approval",
    "bonus_cap",
    "deduction_cap",
    "grade_scale",
    "basic_below",
    "incompetent_below",
    "veto_cap",
    "appeal_working_days",
    "warning_ratio",
]


COMPONENT_FIELDS = ["code", "name", "weight", "min_score", "max_score", "frequency", "aggregation"]


def _decimal(value, field: str, label: str, places: int = 2) -> Decimal:
    """A typed number (assessments.inputs.read_decimal); else the reason on `field`."""
    try:
        return read_decimal(value, what=label, places=places)
    except InputError as e:
        raise ApplicationError(e.message, field_errors={field: [e.message]}) from None


def clean_components(components: list[dict]) -> list[dict]:
    """Validate the component list as a whole; errors are keyed `components-<index>-<field>`."""
    errors: dict[str, list[str]] = {}
    cleaned: list[dict] = []
    if not components:
        raise ApplicationError("方案至少要有一个考核项目。", field_errors={"components": ["至少要有一个考核项目。"]})
    codes, names = set(), set()
    for i, raw in enumerate(components):
        key = f"components-{i}-"
        item = {}
        for field in COMPONENT_FIELDS:
            item[field] = raw.get(field)
        item["code"] = (item["code"] or "").strip()
        item["name"] = (item["name"] or "").strip()
        if not item["code"]:
            errors.setdefault(key + "code", []).append("请填写项目代码。")
        elif item["code"] in codes:
            errors.setdefault(key + "code", []).append(f"项目代码“{item['code']}”重复。")
        if not item["name"]:
            errors.setdefault(key + "name", []).append("请填写项目名称。")
        elif item["name"] in names:
            errors.setdefault(key + "name", []).append(f"项目名称“{item['name']}”重复。")
        codes.add(item["code"])
        names.add(item["name"])
        for field, label, default in [
            ("weight", _("权重"), None),
            ("min_score", _("最低分"), Decimal("0")),
            ("max_score", _("最高分"), Decimal("100")),
        ]:
            value = item[field]
            if value in (None, ""):
                if default is None:
                    errors.setdefault(key + field, []).append(f"请填写{label}。")
                    continue
                value = default
            try:
                item[field] = _decimal(value, key + field, label)
            except ApplicationError as e:
                errors.setdefault(key + field, []).extend(e.field_errors[key + field])
        weight = item["weight"]
        if isinstance(weight, Decimal) and not (Decimal("0") < weight <= Decimal("100")):
            errors.setdefault(key + "weight", []).append("权重应大于 0、不超过 100。")
        lo, hi = item["min_score"], item["max_score"]
        if isinstance(lo, Decimal) and isinstance(hi, Decimal) and hi <= lo:
            errors.setdefault(key + "max_score", []).append("最高分应大于最低分。")
        item["frequency"] = item["frequency"] or Component.Frequency.YEARLY
        if item["frequency"] not in Component.Frequency.values:
            errors.setdefault(key + "frequency", []).append("频次无效。")
        item["aggregation"] = item["aggregation"] or Component.Aggregation.MEAN
        if item["aggregation"] not in Component.Aggregation.values:
            errors.setdefault(key + "aggregation", []).append("汇总方式无效。")
        cleaned.append(item)
    if not errors:
        total = sum(c["weight"] for c in cleaned)
        if total != Decimal("100"):
            errors["components"] = [f"各项权重之和应为 100,现为 {total.normalize():f}。"]
    if errors:
        first = errors.get("components", next(iter(errors.values())))[0]
        raise ApplicationError(f"考核项目有误:{first}", field_errors=errors)
    return cleaned


def clean_settings(settings: dict, year: int, current: Scheme | None = None) -> dict:
    """`current`: the scheme being edited, whose values stand in for the settings not given (rules that span two
    fields are checked against what the scheme will hold, not only against what the edit names)."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(settings)
    for field in ["bottom_ratio", "excellent_quota", "warning_ratio"]:
        if field in cleaned:
            value = cleaned[field]
            if not isinstance(value, Decimal):
                try:
                    value = cleaned[field] = _decimal(value, field, _("比例"), places=3)
                except ApplicationError as e:
                    errors.update(e.field_errors)
                    continue
            if not Decimal("0") <= value <= Decimal("1"):
                errors.setdefault(field, []).append("比例应在 0 到 1 之间(如 0.1 表示 10%)。")
    stored = {f: getattr(current, f) for f in SETTING_FIELDS} if current is not None else {}
    merged = {**stored, **cleaned}
    quota = cleaned.get("excellent_quota")
    if "excellent_quota_approval" in cleaned and current is not None:
        quota = merged.get("excellent_quota")
    if isinstance(quota, Decimal):
        # 公务员考核规定: 优秀 at most 20% of those assessed; 25% only with the competent department's approval.
        if quota > Decimal("0.25"):
            errors.setdefault("excellent_quota", []).append("优秀比例最高为 25%。")
        elif quota > Decimal("0.2") and not (merged.get("excellent_quota_approval") or "").strip():
            errors.setdefault("excellent_quota_approval", []).append("优秀比例超过 20% 须填写主管部门批准文号。")
    for field in ["bonus_cap", "deduction_cap", "basic_below", "incompetent_below"]:
        if field in cleaned and not isinstance(cleaned[field], Decimal):
            try:
                cleaned[field] = _decimal(cleaned[field], field, _("分值"))
            except ApplicationError as e:
                errors.update(e.field_errors)
    for field in ["bonus_cap", "deduction_cap"]:
        if isinstance(cleaned.get(field), Decimal) and cleaned[field] < 0:
            errors.setdefault(field, []).append("上限不能为负数。")
    merged = {**stored, **cleaned}
    basic, incompetent = merged.get("basic_below"), merged.get("incompetent_below")
    if isinstance(basic, Decimal) and isinstance(incompetent, Decimal) and incompetent > basic:
        errors.setdefault("incompetent_below", []).append("不称职分数线不能高于基本称职分数线。")
    effective = cleaned.get("effective_date")
    if effective is not None and effective.year > year:
        errors.setdefault("effective_date", []).append(f"施行日期不能晚于 {year} 年。")
    if "name" in cleaned and not (cleaned["name"] or "").strip():
        errors.setdefault("name", []).append("请填写方案名称。")
    for field, choices in [
        ("bottom_rounding", Scheme.Rounding.values),
        ("grade_scale", Scheme.GradeScale.values),
        ("veto_cap", Scheme.VetoCap.values),
    ]:
        if field in cleaned and cleaned[field] not in choices:
            errors.setdefault(field, []).append("选项无效。")
    if errors:
        raise ApplicationError(f"方案设置有误:{next(iter(errors.values()))[0]}", field_errors=errors)
    return cleaned
