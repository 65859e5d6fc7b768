"""Who the rater of a score or an assignment is, as a staff user may see it: the one rule of rater privacy, used by
the pages and the API alike.

HR scoped to a subtree sees a rater's identity and the scores they gave only when the rater works in that subtree
too; any other rater (a bureau leader rating the stations' heads, say) is shown as 评议人 A, 评议人 B, … — letters
given in order of rater id among the raters hidden in one page or response, so they are stable there and say
nothing about anyone's employee number — with the number of scores and assignments still visible. HR of a whole
organization, the party committee and the administrator keep the full view; so does everyone when the setting
`RATER_IDENTITY_OUTSIDE_SCOPE` is "full".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from org.models import Cadre
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

PSEUDONYM = "pseudonym"
FULL = "full"
POLICIES = (PSEUDONYM, FULL)


def policy() -> str:
    value = getattr(settings, "RATER_IDENTITY_OUTSIDE_SCOPE", PSEUDONYM)
    return value if value in POLICIES else PSEUDONYM


def visible_rater_q(user, prefix: str = "rater__") -> Q | None:
    """A filter (on rows pointing to a rater through `prefix`; "" for Cadre itself) matching the raters whose
    identity the user may see; None when every rater is visible to them."""
    if policy() == FULL:
        return None
    roles = get_roles(user)
    if roles.is_admin or not roles.has(ROLE_HR):
        return None  # the admin; the committee alone (staff without HR scope see what their scope gives)
    hr_scopes = roles.scopes.get(ROLE_HR, [])
    committee_orgs = roles.organization_ids(ROLE_COMMITTEE)
    whole = {org_id for org_id, path in hr_scopes if path is None} | committee_orgs
    if all(org_id in whole for org_id, _path in hr_scopes):
        return None  # HR of whole organizations (or committee members there): the full view
    return roles.unit_q(ROLE_HR, prefix=f"{prefix}unit__") | Q(**{f"{prefix}organization_id__in": committee_orgs})


def visible_raters(*, user):
    """The cadres the user may name as a rater (in filters, in a correction): those whose identity they see."""
    q = visible_rater_q(user, prefix="")
    return Cadre.objects.all() if q is None else Cadre.objects.filter(q)


def visible_rater_ids(*, user, organization_id: int) -> set[int] | None:
    """The ids of the organization's cadres whose identity the user sees as raters (their own cadre included), in
    one query; None when every rater is visible to them (for a check of many rows, such as an import's)."""
    q = visible_rater_q(user, prefix="")
    if q is None:
        return None
    visible = set(Cadre.objects.filter(q, organization_id=organization_id).values_list("pk", flat=True))
    own = get_roles(user).cadre
    if own is not None:
        visible.add(own.pk)
    return visible


def rater_visible(*, user, rater_id: int) -> bool:
    q = visible_rater_q(user, prefix="")
    return q is None or Cadre.objects.filter(q, pk=rater_id).exists()


@dataclass(frozen=True)
class RaterShown:
    """A rater as shown to one user: the cadre, or a pseudonym with no id, number or unit."""

    hidden: bool
    id: int | None
    name: str
    employee_no: str | None


def _letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet-style, so a page with more than 26 hidden raters still works."""
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def pseudonym(index: int) -> str:
    return _("评议人 %(letter)s") % {"letter": _letters(index)}


def raters_shown(*, user, raters: Iterable[tuple[int, str, str]]) -> dict[int, RaterShown]:
    """Each rater of one page or response, given as (id, name, employee number), as the user may see them (one
    query; none when nothing is hidden)."""
    by_id = {pk: (name, number) for pk, name, number in raters}
    q = visible_rater_q(user, prefix="")
    visible = set(by_id) if q is None else set(Cadre.objects.filter(q, pk__in=by_id).values_list("pk", flat=True))
    own = get_roles(user).cadre
    if own is not None and own.pk in by_id:
        visible.add(own.pk)  # one's own scores are never hidden from oneself
    hidden = sorted(set(by_id) - visible)
    shown = {pk: RaterShown(True, None, pseudonym(i), None) for i, pk in enumerate(hidden)}
    for pk in visible:
        shown[pk] = RaterShown(False, pk, *by_id[pk])
    return shown


def label_rows(*, user, rows: Iterable) -> list:
    """Set `rater_shown` on each row (a score or an assignment with its rater fetched) and return the rows."""
    rows = list(rows)
    shown = raters_shown(user=user, raters=[(row.rater_id, row.rater.name, row.rater.employee_no) for row in rows])
    for row in rows:
        row.rater_shown = shown[row.rater_id]
    return rows
