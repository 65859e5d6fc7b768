"""Reads of the tenure policy: the versions of an organization, the one in effect on a day, and what a version says
in the terms the arithmetic uses (tenure.term_rules, tenure.cap_rules).

A day before the first version is read under the first version: the policy is how the organization counts terms,
also those that began before it was written down."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from org.models import Organization
from org.selectors import organization_list
from tenure.cap_rules import CapRule
from tenure.models import PolicyPostKind, TenurePolicy, TermCap
from tenure.term_rules import Rules


def policy_versions(organization: Organization | int) -> list[TenurePolicy]:
    """Every version, oldest first, with its post kinds and caps."""
    organization_id = organization if isinstance(organization, int) else organization.pk
    return list(
        TenurePolicy.objects.filter(organization_id=organization_id)
        .prefetch_related(
            Prefetch("post_kinds", queryset=PolicyPostKind.objects.order_by("post_kind")),
            Prefetch("caps", queryset=TermCap.objects.order_by("scope", "measure")),
        )
        .select_related("organization")
        .order_by("effective_from", "version")
    )


def policy_in_effect(organization: Organization | int, on: datetime.date | None = None) -> TenurePolicy | None:
    return PolicyBook.of(organization).at(on)


def policy_organizations(*, user) -> QuerySet[Organization]:
    """The organizations whose policy the user may read (their staff, or the admin)."""
    return organization_list(user=user).order_by("name", "pk")


@dataclass
class PolicyBook:
    """An organization's versions, to ask what was in effect on a day (one query for all of them)."""

    versions: list[TenurePolicy] = field(default_factory=list)

    @classmethod
    def of(cls, organization: Organization | int) -> PolicyBook:
        return cls(policy_versions(organization))

    def __bool__(self) -> bool:
        return bool(self.versions)

    def at(self, day: datetime.date | None = None) -> TenurePolicy | None:
        if not self.versions:
            return None
        if day is None:
            return self.versions[-1]
        current = self.versions[0]
        for version in self.versions:
            if version.effective_from <= day:
                current = version
        return current

    def regime(self, policy: TenurePolicy, post_kind: str) -> str | None:
        for row in policy.post_kinds.all():
            if row.post_kind == post_kind:
                return row.regime
        return None

    def rules_at(self, day: datetime.date, post_kind: str) -> Rules | None:
        """The arithmetic's numbers for a post of this kind on `day`; None where the kind is under no regime."""
        policy = self.at(day)
        if policy is None:
            return None
        regime = self.regime(policy, post_kind)
        if regime is None:
            return None
        return rules_of(policy, regime)

    def caps_at(self, day: datetime.date | None = None) -> list[CapRule]:
        policy = self.at(day)
        return cap_rules_of(policy) if policy else []

    @property
    def kinds(self) -> set[str]:
        """Every post kind some version puts under a regime."""
        return {row.post_kind for version in self.versions for row in version.post_kinds.all()}


def rules_of(policy: TenurePolicy, regime: str = "term") -> Rules:
    return Rules(
        term_years=policy.term_years,
        start_rule=policy.start_rule,
        partial_rule=policy.partial_rule,
        partial_years=policy.partial_years,
        policy_id=policy.pk,
        regime=regime,
    )


def cap_rules_of(policy: TenurePolicy) -> list[CapRule]:
    return [
        CapRule(
            scope=cap.scope,
            measure=cap.measure,
            limit=cap.limit,
            consecutive=cap.consecutive,
            blocks=cap.blocks,
            label=cap.describe(),
        )
        for cap in policy.caps.all()
    ]
