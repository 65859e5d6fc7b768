"""Reads of recall policies (召回管理办法) and the catalog of recall categories.

A policy applies only to results, cards and competitions dated on or after its effective date (不溯及既往, 洞头区“回炉再造”体系:
Dongtou's first recall targets, from 2017 results and the 2017 competition, could not be given the May 2018 policy's
pay and personnel measures). The policy for a basis dated D is the newest version in force on D; none before the
first version's effective date.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from org.selectors import organization_list
from recall.models import RecallCategory, RecallPolicy


def policies_of(organization_id: int) -> QuerySet[RecallPolicy]:
    return RecallPolicy.objects.filter(organization_id=organization_id).order_by("-effective_from", "-version")


def policy_in_force(organization_id: int, on: datetime.date) -> RecallPolicy | None:
    """The version in force on `on`: the newest effective on or before it."""
    return policies_of(organization_id).filter(effective_from__lte=on).first()


def first_policy(organization_id: int) -> RecallPolicy | None:
    return RecallPolicy.objects.filter(organization_id=organization_id).order_by("effective_from").first()


def policy_list(*, user) -> QuerySet[RecallPolicy]:
    """The policies of the organizations the user works for as HR or on the committee (the admin: all)."""
    return (
        RecallPolicy.objects.filter(organization__in=organization_list(user=user))
        .select_related("organization", "created_by")
        .order_by("organization__code", "-effective_from")
    )


def categories_for(organization_id: int, *, active_only: bool = True) -> list[RecallCategory]:
    """The organization's catalog: its own rows, and the shipped defaults it has not replaced (same code)."""
    rows = RecallCategory.objects.filter(Q(organization__isnull=True) | Q(organization_id=organization_id))
    own = {c.code: c for c in rows if c.organization_id == organization_id}
    chosen = [own.get(c.code, c) for c in rows if c.organization_id is None]
    chosen += [c for code, c in own.items() if not any(d.code == code for d in rows if d.organization_id is None)]
    if active_only:
        chosen = [c for c in chosen if c.active]
    return sorted(chosen, key=lambda c: (c.sort_order, c.code))


def category_for_source(organization_id: int, source: str) -> RecallCategory | None:
    """The catalog's first category fed by `source` (red card, grade, competition)."""
    return next((c for c in categories_for(organization_id) if c.source == source), None)
