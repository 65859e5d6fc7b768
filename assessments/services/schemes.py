"""Schemes: creation from a template, edits (in place, or as a new version once scores exist), periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from assessments.models import PERIOD_KINDS_BY_FREQUENCY, Component, Period, RaterAssignment, Scheme, Score
from assessments.presets import TEMPLATES
from assessments.selectors.publication import is_published
from assessments.services.catalogs import catalogs_seed_defaults
from assessments.services.periods import period_dates
from assessments.services.scheme_input import COMPONENT_FIELDS, SETTING_FIELDS, clean_components, clean_settings
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Organization


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
    cleaned_settings = clean_settings(settings, year)
    cleaned_components = clean_components(components)
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
    cleaned_settings = clean_settings(settings, scheme.year, current=scheme)
    cleaned_components = clean_components(components) if components is not None else None
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
    target.scores_not_carried_over = dropped  # type: ignore[attr-defined]  # told to the caller with the scheme
    return target


def snapshot_value(value):
    return str(value) if isinstance(value, Decimal) else value


def _replace_components_in_place(scheme: Scheme, components: list[dict]) -> None:
    """Match by code: update what stays, create what is new, delete what went (the scheme has no scores)."""
    scheme.components.exclude(code__in=[c["code"] for c in components]).delete()
    existing = {c.code: c for c in scheme.components.all()}
    # Park the kept names first, so that two components may swap names without tripping the unique name.
    for kept in existing.values():
        Component.objects.filter(pk=kept.pk).update(name=f"~{kept.pk}")
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
        new_period = new_periods.get(s.period.kind)
        if (
            component is None
            or new_period is None
            or s.period.kind not in PERIOD_KINDS_BY_FREQUENCY[component.frequency]
            or not component.min_score <= s.value <= component.max_score
        ):
            dropped += 1
            continue
        carried.append(
            Score(
                scheme=new,
                component=component,
                period=new_period,
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
