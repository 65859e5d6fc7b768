"""The reasons tenure gives org against a move (org.appointment_hooks), each a plain sentence or None:

- `cap_refusal`: an appointment to a post under a regime, for a cadre who has reached a blocking cap (two
  consecutive terms in that post, or a cap by unit or level) — 《党政领导干部职务任期暂行规定》: no further
  appointment to that post; exchange or another post instead;
- `audit_refusal`: with the policy's flag on, a cadre whose economic responsibility audit is under way, or found a
  problem not yet rectified and closed, is held (待岗): no appointment or transfer until it is closed (正职任期制、副职聘任制的地方办法:
  经审核没有问题的,方可进行任免和工作变动交接;对一时难以查清的问题,实行待岗制). With the flag off the audit is only recorded.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.appointment_hooks import APPOINT, Move
from tenure.cap_rules import appointment_blocks
from tenure.models import EconomicAudit, Term
from tenure.selectors.policy import PolicyBook
from tenure.selectors.terms import holding_facts, term_facts


def cap_refusal(move: Move) -> str | None:
    if move.kind != APPOINT or move.post is None:
        return None
    book = PolicyBook.of(move.cadre.organization_id)
    if not book or book.rules_at(move.on, move.post.kind) is None:
        return None
    rules = book.caps_at(move.on)
    if not any(rule.blocks for rule in rules):
        return None
    terms = [term_facts(t) for t in Term.objects.filter(cadre=move.cadre).select_related("post", "policy")]
    holdings = holding_facts([move.cadre.pk], kinds=book.kinds).get(move.cadre.pk, [])
    reached = appointment_blocks(
        rules,
        terms=terms,
        holdings=holdings,
        post_id=move.post.pk,
        unit_id=move.post.unit_id,
        level=move.post.kind,
        on=move.on,
    )
    if not reached:
        return None
    caps = "、".join(_("%(cap)s(已%(value)s)") % {"cap": s.rule.label, "value": s.value_text} for s in reached)
    return _("%(name)s已达到任职上限:%(caps)s,不能再任命为%(post)s;可交流或改任其他职务。") % {
        "name": move.cadre.name,
        "caps": caps,
        "post": move.post,
    }


def blocking_audits(cadre) -> list[EconomicAudit]:
    """The cadre's audits under way or with an open finding (in the order they began)."""
    audits = EconomicAudit.objects.filter(
        cadre=cadre,
        state__in=[*EconomicAudit.UNDER_WAY, EconomicAudit.State.REPORTED, EconomicAudit.State.RECTIFYING],
    ).order_by("period_to", "pk")
    return [a for a in audits if a.is_under_way or a.has_open_finding]


def audit_hold_reason(cadre, on) -> str | None:
    """Why the cadre is held (待岗) by an audit under the policy in effect `on`, or None."""
    policy = PolicyBook.of(cadre.organization_id).at(on)
    if policy is None or not policy.audit_holds:
        return None
    audits = blocking_audits(cadre)
    if not audits:
        return None
    audit = audits[0]
    if audit.has_open_finding:
        return _("%(name)s的经济责任审计发现%(rating)s,尚未整改办结,实行待岗,暂停任免和调动。") % {
            "name": cadre.name,
            "rating": audit.get_rating_display(),
        }
    return _("%(name)s的经济责任审计正在进行(%(state)s),审计无问题后方可任免或调动。") % {
        "name": cadre.name,
        "state": audit.get_state_display(),
    }


def audit_refusal(move: Move) -> str | None:
    return audit_hold_reason(move.cadre, move.on)
