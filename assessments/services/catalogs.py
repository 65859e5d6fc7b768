from django.db import transaction

from assessments.models import PointItem, VetoItem
from assessments.presets import DEFAULT_POINT_ITEMS, DEFAULT_VETO_ITEMS
from common.audit import audit_log_record_many, snapshot
from org.models import Organization


@transaction.atomic
def catalogs_seed_defaults(*, organization: Organization, actor=None) -> None:
    """Give an organization the default point and veto catalogs, once: a catalog it already has is left alone."""
    if not PointItem.objects.filter(organization=organization).exists():
        items = PointItem.objects.bulk_create(
            [
                PointItem(
                    organization=organization,
                    kind=kind,
                    category=category,
                    code=code,
                    name=name,
                    points=points,
                    cap_per_year=cap,
                    sort_order=order,
                )
                for order, (kind, category, code, name, points, cap) in enumerate(DEFAULT_POINT_ITEMS)
            ]
        )
        items = list(PointItem.objects.filter(organization=organization))
        audit_log_record_many(
            actor=actor, action="assessments.point_item.create", entries=[(i, None, snapshot(i)) for i in items]
        )
    if not VetoItem.objects.filter(organization=organization).exists():
        VetoItem.objects.bulk_create(
            [
                VetoItem(organization=organization, code=code, name=name, description=description, sort_order=order)
                for order, (code, name, description) in enumerate(DEFAULT_VETO_ITEMS)
            ]
        )
        veto_items = list(VetoItem.objects.filter(organization=organization))
        audit_log_record_many(
            actor=actor, action="assessments.veto_item.create", entries=[(i, None, snapshot(i)) for i in veto_items]
        )
