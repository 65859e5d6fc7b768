"""Reads of terms, already scoped to the user: HR and the party committee see the terms of cadres in their units, a
cadre their own, the admin all. What a term means as of a day — years served, whether it counts toward the caps, the
caps its holder has reached — is computed here from the stored terms and appointments (tenure.term_rules,
tenure.cap_rules) for a whole page at once, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from org.models import Appointment, Cadre, Organization
from org.roles import get_roles
from org.selectors import rows_of_visible_cadres
from tenure.cap_rules import CapState, HoldingFacts, TermFacts, cadre_cap_states
from tenure.models import Term
from tenure.selectors.policy import PolicyBook, rules_of
from tenure.term_rules import months_between

ONE_DAY = datetime.timedelta(days=1)


def _base() -> QuerySet[Term]:
    return Term.objects.select_related(
        "organization", "cadre", "cadre__unit", "post", "post__unit", "appointment", "policy", "placement"
    )


def term_list(*, user) -> QuerySet[Term]:
    """The terms the user may see: of cadres in their staff scope, and their own."""
    return rows_of_visible_cadres(_base(), user=user)


def own_terms(*, user) -> QuerySet[Term]:
    cadre = get_roles(user).cadre
    if cadre is None:
        return Term.objects.none()
    return _base().filter(cadre=cadre)


def term_facts(term: Term) -> TermFacts:
    return TermFacts(
        post_id=term.post_id,
        unit_id=term.post.unit_id,
        level=term.post.kind,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        ended_on=term.ended_on,
        inherited=term.inherited,
        rules=rules_of(term.policy, term.regime),
    )


def served_text(start: datetime.date, end_exclusive: datetime.date) -> str:
    months, days = months_between(start, end_exclusive)
    years, months = divmod(months, 12)
    if years and months:
        return _("%(y)s年%(m)s个月") % {"y": years, "m": months}
    if years:
        return _("%(y)s年") % {"y": years}
    if months:
        return _("%(m)s个月") % {"m": months}
    return _("%(d)s天") % {"d": days} if days else _("未满1天")


@dataclass
class TermRow:
    """One term as the register shows it on `as_of`."""

    term: Term
    status: str
    status_label: str
    served: str
    counts: bool
    caps: list[CapState] = field(default_factory=list)

    @property
    def caps_reached(self) -> list[CapState]:
        return [c for c in self.caps if c.reached]


def term_status(term: Term, as_of: datetime.date) -> tuple[str, str]:
    if term.starts_on > as_of:
        return "future", _("尚未开始")
    if term.ended_on is not None:
        return "cut_short", _("提前结束")
    if term.ends_on < as_of:
        return "ended", _("已届满")
    return "running", _("任期中")


def holding_facts(cadre_ids, *, kinds: set[str]) -> dict[int, list[HoldingFacts]]:
    """The cadres' appointments to posts of the given kinds, as the caps count them (one query)."""
    facts: dict[int, list[HoldingFacts]] = defaultdict(list)
    for a in (
        Appointment.objects.filter(cadre_id__in=list(cadre_ids), post__kind__in=list(kinds))
        .select_related("post")
        .order_by("start_date", "pk")
    ):
        facts[a.cadre_id].append(
            HoldingFacts(
                post_id=a.post_id, unit_id=a.post.unit_id, level=a.post.kind, start=a.start_date, end=a.end_date
            )
        )
    return facts


def cap_states_for(
    *, organization: Organization | int, cadre_ids, as_of: datetime.date, book: PolicyBook | None = None
) -> dict[int, list[CapState]]:
    """Every cap's state for each cadre on `as_of` (two queries besides the policy)."""
    book = book if book is not None else PolicyBook.of(organization)
    rules = book.caps_at(as_of)
    if not rules:
        return {}
    cadre_ids = list(cadre_ids)
    terms: dict[int, list[TermFacts]] = defaultdict(list)
    for term in Term.objects.filter(cadre_id__in=cadre_ids).select_related("post", "policy"):
        terms[term.cadre_id].append(term_facts(term))
    holdings = holding_facts(cadre_ids, kinds=book.kinds)
    return {
        cadre_id: cadre_cap_states(rules, terms=terms[cadre_id], holdings=holdings[cadre_id], as_of=as_of)
        for cadre_id in cadre_ids
    }


def term_rows(terms, *, as_of: datetime.date) -> list[TermRow]:
    """The register's rows for these terms (a page of them): status, time served, counting, caps reached."""
    terms = list(terms)
    rows = []
    by_org: dict[int, set[int]] = defaultdict(set)
    for term in terms:
        by_org[term.organization_id].add(term.cadre_id)
    states: dict[int, list[CapState]] = {}
    for organization_id, cadre_ids in by_org.items():
        states.update(cap_states_for(organization=organization_id, cadre_ids=cadre_ids, as_of=as_of))
    for term in terms:
        status, label = term_status(term, as_of)
        served_until = min(term.last_day + ONE_DAY, as_of + ONE_DAY)
        facts = term_facts(term)
        relevant = [
            s
            for s in states.get(term.cadre_id, [])
            if (s.rule.scope, s.key) in {("post", term.post_id), ("unit", term.post.unit_id), ("level", term.post.kind)}
        ]
        rows.append(
            TermRow(
                term=term,
                status=status,
                status_label=label,
                served=served_text(term.starts_on, served_until) if status != "future" else "—",
                counts=facts.counts,
                caps=relevant,
            )
        )
    return rows


@dataclass(frozen=True)
class LevelCapRow:
    cadre: Cadre
    level: str
    level_label: str
    months: int
    limit_years: int

    @property
    def years_text(self) -> str:
        years, months = divmod(self.months, 12)
        return _("%(y)s年%(m)s个月") % {"y": years, "m": months} if months else _("%(y)s年") % {"y": years}


def cadres_over_level_cap(
    *, organization: Organization | int, on: datetime.date, cadre_ids=None, user=None
) -> list[LevelCapRow]:
    """Cadres who have reached a cap on years at the same level (15 by default: 《党政领导干部职务任期暂行规定》 —
    no further nomination at that level), with the level and the years. For the promotion reference list, which
    should flag them. `cadre_ids` narrows the cadres; `user` keeps to the cadres the user may see."""
    from org.models import Post

    book = PolicyBook.of(organization)
    rules = [r for r in book.caps_at(on) if r.scope == "level" and r.measure == "years"]
    if not rules:
        return []
    organization_id = organization if isinstance(organization, int) else organization.pk
    cadres = Cadre.objects.filter(organization_id=organization_id).select_related("unit")
    if cadre_ids is not None:
        cadres = cadres.filter(pk__in=list(cadre_ids))
    if user is not None:
        from org.selectors import cadre_list

        cadres = cadres.filter(pk__in=cadre_list(user=user).values("pk"))
    cadre_by_id = {c.pk: c for c in cadres}
    holdings = holding_facts(cadre_by_id, kinds=book.kinds)
    labels = dict(Post.Kind.choices)
    rows = []
    for cadre_id, facts in holdings.items():
        states = cadre_cap_states(rules, terms=[], holdings=facts, as_of=on)
        for state in states:
            if state.reached:
                rows.append(
                    LevelCapRow(
                        cadre=cadre_by_id[cadre_id],
                        level=str(state.key),  # a level rule's key is the post level
                        level_label=str(labels.get(str(state.key), state.key)),
                        months=state.value,
                        limit_years=state.rule.limit,
                    )
                )
    return sorted(rows, key=lambda r: (r.cadre.employee_no, r.level))
