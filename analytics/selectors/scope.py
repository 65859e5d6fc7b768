"""What an analytics reader may look at: the organizations they work for as HR or on the party committee, the years
with a scheme in force, and the cadres of their units (the admin: all). Raters are shown as on the score list: HR scoped to a
subtree sees a rater outside it as 评议人 A, B, … (assessments.selectors.rater_privacy)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from assessments.selectors.published import scheme_years
from org.models import Cadre, Organization
from org.selectors import cadres_in_scope, organization_list


@dataclass(frozen=True)
class Choice:
    organizations: list[Organization]
    organization: Organization | None
    years: list[int]
    year: int | None


class BadChoice(ValueError):
    """A year that is not a year of the organization: the message says which, in Chinese."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def choice_of(*, user, organization: str = "", year: str = "") -> Choice:
    """The chosen organization (404 when outside the user's reach) and year (BadChoice when it has no scheme); the
    first organization and the newest year when not given."""
    organizations = list(organization_list(user=user).order_by("code"))
    if organization:
        chosen = next((o for o in organizations if str(o.pk) == organization.strip()), None)
        if chosen is None:
            raise Http404
    else:
        chosen = organizations[0] if organizations else None
    years = scheme_years(organization_id=chosen.pk) if chosen else []
    year = (year or "").strip()
    picked: int | None
    if year:
        if not year.isdigit() or int(year) not in years:
            raise BadChoice("year", _("年度“%(year)s”没有现行考核方案,请从列表中选择年度。") % {"year": year})
        picked = int(year)
    else:
        picked = years[0] if years else None
    return Choice(organizations, chosen, years, picked)


def visible_cadres(*, user, organization_id: int) -> dict[int, Cadre]:
    """The cadres of the organization in the user's scope, by id, with their units."""
    return {c.pk: c for c in cadres_in_scope(user=user).filter(organization_id=organization_id)}


def cadres_by_id(ids) -> dict[int, Cadre]:
    return {c.pk: c for c in Cadre.objects.filter(pk__in=list(ids)).select_related("unit")}
