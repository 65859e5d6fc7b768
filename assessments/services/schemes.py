"""Schemes: creation from a template, edits (in place, or as a new version once scores exist), periods."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Period, RaterAssignment, Scheme, Score
from assessments.presets import TEMPLATES
from assessments.results.selectors import is_published
from assessments.services.catalogs import catalogs_seed_defaults
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Organization

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
QUARTERS = {Period.Kind.Q1, Period.Kind.Q2, Period.Kind.Q3, Period.Kind.Q4}
COMPONENT_FIELDS = ["code", "name", "weight", "min_score", "max_score", "frequency", "aggregation"]


def period_dates(year: int, kind: str) -> tuple[datetime.date, datetime.date]:
    starts = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "Y": 1}
    ends = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31), "H1": (6, 30), "H2": (12, 31), "Y": (12, 31)}
    return datetime.date(year, starts[kind], 1), datetime.date(year, *ends[kind])


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(f"{label}“{value}”不是数字。", field_errors={field: [f"{label}应为数字。"]}) from None
    if not result.is_finite():
        raise ApplicationError(f"{label}“{value}”不是数字。", field_errors={field: [f"{label}应为数字。"]})
    return result


def _clean_components(components: list[dict]) -> list[dict]:
    """Validate the component list as a whole; errors are keyed `components-<index>-<field>`."""
    errors: dict[str, list[str]] = {}
    cleaned = []
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
            ("weight", "权重", None),
            ("min_score", "最低分", Decimal("0")),
            ("max_score", "最高分", Decimal("100")),
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


def _clean_settings(settings: dict, year: int, current: Scheme | None = None) -> dict:
    """`current`: the scheme being edited, whose values stand in for the settings not given (rules that span two
    fields are checked against what the scheme will hold, not only against what the edit names)."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(settings)
    for field in ["bottom_ratio", "excellent_quota", "warning_ratio"]:
        if field in cleaned:
            value = cleaned[field]
            if not isinstance(value, Decimal):
                try:
                    value = cleaned[field] = _decimal(value, field, "比例")
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
                cleaned[field] = _decimal(cleaned[field], field, "分值")
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


def _sync_periods(scheme: Scheme) -> None:
    """Every period kind the components need exists; a period no component needs and without scores goes."""
    needed = {kind for c in scheme.components.all() for kind in PERIOD_KINDS_BY_FREQUENCY[c.frequency]}
    existing = {p.kind: p for p in scheme.periods.all()}
    for kind in needed - existing.keys():
        start, end = period_dates(scheme.year, kind)
        Period.objects.create(scheme=scheme, kind=kind, start_date=start, end_date=end)
    for kind in existing.keys() - needed:
        if not existing[kind].scores.exists():
            existing[kind].delete()


@transaction.atomic
def scheme_create(
    *,
    organization: Organization,
    year: int,
    template: str,
    effective_date: datetime.date | None = None,
    components: list[dict] | None = None,
    actor=None,
    **settings,
) -> Scheme:
    """A new scheme for the organization and year, from a template (its components unless given)."""
    if Scheme.objects.filter(organization=organization, year=year).exists():
        raise ApplicationError(
            f"{organization.name} {year} 年已有考核方案,请在原方案上修改。", field_errors={"year": ["该年度已有方案。"]}
        )
    if template not in Scheme.Template.values:
        raise ApplicationError("模板无效。", field_errors={"template": ["模板无效。"]})
    preset = TEMPLATES.get(template)
    if components is None:
        if preset is None:
            raise ApplicationError("自定义方案须列出考核项目。", field_errors={"components": ["请添加考核项目。"]})
        components = [
            dict(zip(["code", "name", "weight", "frequency", "aggregation"], row, strict=True))
            for row in preset["components"]
        ]
    settings.setdefault("name", preset["name"] if preset else f"{year}年度考核方案")
    settings["effective_date"] = effective_date or datetime.date(year, 1, 1)
    cleaned_settings = _clean_settings(settings, year)
    cleaned_components = _clean_components(components)
    scheme = Scheme.objects.create(
        organization=organization, year=year, template=template, created_by=actor, **cleaned_settings
    )
    for order, item in enumerate(cleaned_components):
        Component.objects.create(scheme=scheme, sort_order=order, **item)
    _sync_periods(scheme)
    catalogs_seed_defaults(organization=organization, actor=actor)
    audit_log_record(
        actor=actor,
        action="assessments.scheme.create",
        subject=scheme,
        after={**snapshot(scheme), "components": cleaned_components},
    )
    return scheme


def _components_snapshot(scheme: Scheme) -> list[dict]:
    return [snapshot(c, COMPONENT_FIELDS) for c in scheme.components.all()]


@transaction.atomic
def scheme_update(
    *,
    scheme: Scheme,
    actor=None,
    reason: str = "",
    components: list[dict] | None = None,
    **settings,
) -> Scheme:
    """Change a scheme's settings and/or components.

    Without scores the scheme changes in place. With scores, the change makes the next version: components,
    periods (with their state), rater assignments and the scores that still fit are carried over, and the old
    version keeps its own scores, read-only. Returns the scheme now in force.
    """
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.is_current:
        raise ApplicationError("这是已被取代的旧版本方案,不能修改。")
    if is_published(organization_id=scheme.organization_id, year=scheme.year):
        raise ApplicationError(f"{scheme.year}年考核结果已公布,方案不能再修改。")
    unknown = set(settings) - set(SETTING_FIELDS)
    if unknown:
        raise ApplicationError(f"不能修改的字段:{', '.join(sorted(unknown))}。")
    cleaned_settings = _clean_settings(settings, scheme.year, current=scheme)
    cleaned_components = _clean_components(components) if components is not None else None
    before = {**snapshot(scheme), "components": _components_snapshot(scheme)}
    changed_settings = {k: v for k, v in cleaned_settings.items() if getattr(scheme, k) != v}
    if cleaned_components is not None:
        # Compared as values, not as text: a weight typed "30" is the stored 30.00.
        current = [{k: getattr(c, k) for k in COMPONENT_FIELDS} for c in scheme.components.all()]
        proposed = [{k: c[k] for k in COMPONENT_FIELDS} for c in cleaned_components]
        if current == proposed:
            cleaned_components = None
    if not changed_settings and cleaned_components is None:
        return scheme
    if (
        "effective_date" in changed_settings
        and changed_settings["effective_date"] < scheme.effective_date
        and Score.objects.filter(scheme=scheme).exists()
    ):
        raise ApplicationError(
            "已有评分的方案,新版本的施行日期不能早于原版本(不溯及既往)。",
            field_errors={"effective_date": [f"不能早于 {scheme.effective_date:%Y-%m-%d}。"]},
        )

    if not Score.objects.filter(scheme=scheme).exists():
        target = scheme
        for k, v in changed_settings.items():
            setattr(target, k, v)
        target.save()
        if cleaned_components is not None:
            _replace_components_in_place(target, cleaned_components)
        _sync_periods(target)
        dropped = 0
    else:
        target, dropped = _new_version(scheme, changed_settings, cleaned_components, actor)
    after = {**snapshot(target), "components": _components_snapshot(target)}
    if dropped:
        after["scores_not_carried_over"] = dropped
    audit_log_record(
        actor=actor,
        action="assessments.scheme.update" if target.pk == scheme.pk else "assessments.scheme.new_version",
        subject=target,
        before=before,
        after=after,
        reason=reason,
    )
    target.scores_not_carried_over = dropped
    return target


def snapshot_value(value):
    return str(value) if isinstance(value, Decimal) else value


def _replace_components_in_place(scheme: Scheme, components: list[dict]) -> None:
    """Match by code: update what stays, create what is new, delete what went (the scheme has no scores)."""
    scheme.components.exclude(code__in=[c["code"] for c in components]).delete()
    existing = {c.code: c for c in scheme.components.all()}
    # Park the kept names first, so that two components may swap names without tripping the unique name.
    for component in existing.values():
        Component.objects.filter(pk=component.pk).update(name=f"~{component.pk}")
    for order, item in enumerate(components):
        component = existing.get(item["code"])
        if component is None:
            Component.objects.create(scheme=scheme, sort_order=order, **item)
        else:
            for k, v in item.items():
                setattr(component, k, v)
            component.sort_order = order
            component.save()


def _new_version(scheme: Scheme, changed_settings: dict, components: list[dict] | None, actor):
    version = Scheme.objects.filter(organization=scheme.organization, year=scheme.year).aggregate(v=Max("version"))["v"]
    Scheme.objects.filter(pk=scheme.pk).update(status=Scheme.Status.SUPERSEDED)
    values = {f: getattr(scheme, f) for f in SETTING_FIELDS}
    values.update(changed_settings)
    new = Scheme.objects.create(
        organization=scheme.organization,
        year=scheme.year,
        version=version + 1,
        template=scheme.template,
        created_by=actor,
        **values,
    )
    old_components = list(scheme.components.all())
    if components is None:
        components = [{f: getattr(c, f) for f in COMPONENT_FIELDS} for c in old_components]
    new_components = {}
    for order, item in enumerate(components):
        new_components[item["code"]] = Component.objects.create(scheme=new, sort_order=order, **item)
    _sync_periods(new)
    old_periods = {p.kind: p for p in scheme.periods.all()}
    new_periods = {p.kind: p for p in new.periods.all()}
    for kind, period in new_periods.items():
        old = old_periods.get(kind)
        if old is not None:
            Period.objects.filter(pk=period.pk).update(
                status=old.status, opened_at=old.opened_at, closed_at=old.closed_at
            )
    component_map = {c.pk: new_components[c.code] for c in old_components if c.code in new_components}
    RaterAssignment.objects.bulk_create(
        [
            RaterAssignment(
                component=component_map[a.component_id], scheme=new, rater_id=a.rater_id, ratee_id=a.ratee_id
            )
            for a in RaterAssignment.objects.filter(scheme=scheme, component_id__in=component_map)
        ],
        batch_size=2000,
    )
    carried, dropped = [], 0
    for s in Score.objects.filter(scheme=scheme).select_related("period").iterator(chunk_size=5000):
        component = component_map.get(s.component_id)
        period = new_periods.get(s.period.kind)
        if (
            component is None
            or period is None
            or s.period.kind not in PERIOD_KINDS_BY_FREQUENCY[component.frequency]
            or not component.min_score <= s.value <= component.max_score
        ):
            dropped += 1
            continue
        carried.append(
            Score(
                scheme=new,
                component=component,
                period=period,
                rater_id=s.rater_id,
                ratee_id=s.ratee_id,
                value=s.value,
                min_score=component.min_score,
                max_score=component.max_score,
                note=s.note,
                entered_by_id=s.entered_by_id,
            )
        )
    Score.objects.bulk_create(carried, batch_size=2000)
    return new, dropped


def _period_for_update(period: Period) -> Period:
    period = Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)
    if not period.scheme.is_current:
        raise ApplicationError("该期间属于已被取代的旧版本方案。")
    return period


@transaction.atomic
def period_open(*, period: Period, due_date: datetime.date | None = None, actor=None) -> Period:
    """Open a period for scoring. With a due date, raters who still owe scores are reminded before it and HR is
    told once it has passed (the deadline kind in assessments.deadlines)."""
    period = _period_for_update(period)
    if period.status == Period.Status.OPEN:
        raise ApplicationError(f"{period}已在评分中。")
    if due_date is not None and due_date < timezone.localdate():
        raise ApplicationError("评分截止日期不能早于今天。", field_errors={"due_date": ["评分截止日期不能早于今天。"]})
    if period.end_date < period.scheme.effective_date:
        # 不溯及既往: a scheme never applies to a period that ended before it took effect.
        raise ApplicationError(
            f"{period}在方案施行日期({period.scheme.effective_date:%Y-%m-%d})之前已结束,不能按本方案评分。"
        )
    fields = ["status", "due_date", "opened_at", "closed_at"]
    before = snapshot(period, fields)
    period.status = Period.Status.OPEN
    period.due_date = due_date
    period.opened_at = timezone.now()
    period.closed_at = None
    period.save(update_fields=[*fields, "updated_at"])
    audit_log_record(
        actor=actor, action="assessments.period.open", subject=period, before=before, after=snapshot(period, fields)
    )
    return period


@transaction.atomic
def period_close(*, period: Period, actor=None) -> Period:
    period = _period_for_update(period)
    if period.status != Period.Status.OPEN:
        raise ApplicationError(f"{period}不在评分中,无需结束。")
    before = snapshot(period, ["status", "closed_at"])
    period.status = Period.Status.CLOSED
    period.closed_at = timezone.now()
    period.save(update_fields=["status", "closed_at", "updated_at"])
    audit_log_record(
        actor=actor,
        action="assessments.period.close",
        subject=period,
        before=before,
        after=snapshot(period, ["status", "closed_at"]),
    )
    if period.kind in QUARTERS:
        # 过程通报预警: once a quarter's scoring ends, the bottom zone of the running score is told.
        from assessments.results.warning_tasks import early_warning_task

        transaction.on_commit(lambda: early_warning_task.delay(period.pk))
    return period
