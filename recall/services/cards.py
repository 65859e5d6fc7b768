"""Yellow and red cards (黄牌 / 红牌, 洞头区“回炉再造”体系): HR over the cadre records one with its date, reason and evidence; the
party committee approves or rejects it.

Two approved yellow cards make one red card (累计2次黄牌警示的按照红牌进行处置) when they lie within the policy's window
(default 12 months; none: however far apart). The window is a month period (民法典 Art. 202, common.workdays.add_months)
from the earlier card, in whichever order the cards were dated or recorded: 2025-03-05 and 2026-03-05 are within 12
months (that is the window's last day), 2026-03-06 is not. The window is the one of the policy in force on the later
card's date, and both cards must be dated under a policy (不溯及既往). The red card is created once, linked to both
yellows by a guarded update. A red card on a section-level cadre (科级) costs the policy's fixed deduction of the
assessment bonus and makes a recall candidate.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_fsm import can_proceed

from common.audit import audit_log_record, snapshot
from common.errors import refuse
from common.workdays import add_months
from notices.services import notices_announce
from org.models import Cadre
from recall.models import Card
from recall.rules import (
    cadre_user,
    clean_text,
    committee_users_for,
    hr_users_for,
    is_section_level,
    not_future,
    organization_language,
    require_committee,
    require_date,
    require_hr,
    state_refusal,
    transition_guard,
)
from recall.selectors.policies import first_policy, policy_in_force

NOTICE_KIND = "recall.card"
RECORD_FIELDS = ["cadre_id", "color", "source", "issued_on", "reason", "evidence_note", "state", "policy_id"]
CARD_FIELDS = ["state", "decided_by_id", "decision_reason", "red_card_id", "deduction", "policy_id"]
EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "ofd"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def within_window(first: datetime.date, second: datetime.date, months: int | None) -> bool:
    """Whether two cards lie within a window of `months` months (None: no window), either order."""
    earlier, later = sorted((first, second))
    return months is None or later <= add_months(earlier, months)


def card_url(card: Card) -> str:
    from django.urls import reverse

    return reverse("recall:card_detail", kwargs={"pk": card.pk})


def _tell(card: Card, people, occurrence: str, title: str, body: str = "") -> None:
    notices_announce(
        recipients=people, kind=NOTICE_KIND, subject=card, occurrence=occurrence, title=title, body=body,
        url=card_url(card),
    )  # fmt: skip


def _check_evidence(evidence_file) -> None:
    if evidence_file is None:
        return
    extension = PurePath(evidence_file.name or "").suffix.lower().lstrip(".")
    if extension not in EVIDENCE_EXTENSIONS:
        refuse(
            _("依据材料仅支持以下格式:%(formats)s。") % {"formats": "、".join(sorted(EVIDENCE_EXTENSIONS))},
            "evidence_file",
        )
    if evidence_file.size > EVIDENCE_MAX_BYTES:
        refuse(_("依据材料不能超过10MB。"), "evidence_file")


@transaction.atomic
def card_record(
    *,
    cadre: Cadre,
    color: str,
    issued_on: datetime.date | None,
    reason: str,
    actor,
    source: str = Card.Source.POINTS,
    evidence_file=None,
    evidence_note: str = "",
    today: datetime.date | None = None,
) -> Card:
    """HR over the cadre records a card; it waits for the committee (待党组审定)."""
    today = today or timezone.localdate()
    require_hr(actor, cadre, pgettext("recall step", "登记黄牌红牌"))
    if color not in Card.Color.values:
        refuse(_("请选择黄牌或红牌。"), "color")
    if source not in (Card.Source.POINTS, Card.Source.DECISION):
        refuse(_("请选择警示来源。"), "source")
    issued_on = require_date(issued_on, "issued_on", _("请填写警示日期。"))
    not_future(issued_on, "issued_on", today)
    reason = clean_text(reason, "reason", required=_("请填写警示事由。"))
    evidence_note = clean_text(evidence_note, "evidence_note", limit=200)
    _check_evidence(evidence_file)
    card = Card(
        organization_id=cadre.organization_id,
        cadre=cadre,
        color=color,
        source=source,
        issued_on=issued_on,
        reason=reason,
        evidence_note=evidence_note,
        recorded_by=actor,
        policy=policy_in_force(cadre.organization_id, issued_on),
    )
    if evidence_file is not None:
        card.evidence_file = evidence_file
    # Everything is checked before this point: a refused card leaves no file behind.
    card.save()
    after = {**snapshot(card, RECORD_FIELDS), "evidence_file": card.evidence_file.name or ""}
    audit_log_record(actor=actor, action="recall.card.record", subject=card, after=after)
    with organization_language():
        _tell(
            card,
            committee_users_for(cadre),
            "recorded",
            _("%(name)s的%(color)s待审定") % {"name": cadre.name, "color": card.get_color_display()},
            reason,
        )
    return card


@transaction.atomic
def card_approve(*, card: Card, actor, reason: str = "") -> Card:
    """The committee approves a card. A yellow one may complete a pair (→ one red card); a red one on a
    section-level cadre carries the fixed deduction and is proposed for recall."""
    require_committee(actor, card.cadre, pgettext("recall step", "审定黄牌红牌"))
    if not can_proceed(card.approve):
        state_refusal(card, pgettext("recall step", "审定"))
    with organization_language():
        reason = clean_text(reason, "reason") or _("经党组研究,予以认定。")
    before = snapshot(card, CARD_FIELDS)
    with transition_guard(card, pgettext("recall step", "审定")):
        card.approve()
        card.decided_by, card.decided_at, card.decision_reason = actor, timezone.now(), reason
        if card.color == Card.Color.RED:
            card.deduction = _deduction(card)
        card.save()
    audit_log_record(
        actor=actor, action="recall.card.approve", subject=card, before=before, after=snapshot(card, CARD_FIELDS),
        reason=reason,
    )  # fmt: skip
    with organization_language():
        _tell(
            card, cadre_user(card.cadre), "approved",
            _("您受到%(color)s警示(%(date)s)") % {"color": card.get_color_display(), "date": card.issued_on}, card.reason,
        )  # fmt: skip
    if card.color == Card.Color.YELLOW:
        red = _combine(card, actor)
        if red is not None:
            _red_card_follows(red, actor)
    else:
        _red_card_follows(card, actor)
    return card


@transaction.atomic
def card_reject(*, card: Card, actor, reason: str) -> Card:
    require_committee(actor, card.cadre, pgettext("recall step", "审定黄牌红牌"))
    if not can_proceed(card.reject):
        state_refusal(card, pgettext("recall step", "作出不予认定的决定"))
    reason = clean_text(reason, "reason", required=_("请填写不予认定的理由。"))
    before = snapshot(card, CARD_FIELDS)
    with transition_guard(card, pgettext("recall step", "作出不予认定的决定")):
        card.reject()
        card.decided_by, card.decided_at, card.decision_reason = actor, timezone.now(), reason
        card.save()
    audit_log_record(
        actor=actor, action="recall.card.reject", subject=card, before=before, after=snapshot(card, CARD_FIELDS),
        reason=reason,
    )  # fmt: skip
    with organization_language():
        _tell(
            card, hr_users_for(card.cadre), "rejected", _("%(name)s的警示不予认定") % {"name": card.cadre.name}, reason
        )
    return card


def _deduction(card: Card):
    """The fixed deduction of a red card on a section-level cadre, under the policy of the card's date."""
    policy = policy_in_force(card.organization_id, card.issued_on)
    if policy is None or not is_section_level(card.cadre, policy):
        return None
    return policy.red_card_deduction


def _combine(yellow: Card, actor) -> Card | None:
    """Two approved yellow cards within the window → one red card, once (the pair's rows are locked and linked by a
    guarded update). The partner is the earliest unpaired yellow within the window, in either direction."""
    first = first_policy(yellow.organization_id)
    if first is None or yellow.issued_on < first.effective_from:
        return None
    partners = list(
        Card.objects.select_for_update()
        .filter(
            cadre_id=yellow.cadre_id,
            color=Card.Color.YELLOW,
            state=Card.State.APPROVED,
            red_card__isnull=True,
            issued_on__gte=first.effective_from,
        )
        .exclude(pk=yellow.pk)
        .order_by("issued_on", "pk")
    )
    for partner in partners:
        later = max(partner.issued_on, yellow.issued_on)
        policy = policy_in_force(yellow.organization_id, later)
        if policy is not None and within_window(partner.issued_on, yellow.issued_on, policy.card_window_months):
            return _make_red(yellow, partner, policy, actor)
    return None


def _make_red(yellow: Card, partner: Card, policy, actor) -> Card | None:
    earlier, later = sorted((partner, yellow), key=lambda c: (c.issued_on, c.pk))
    with organization_language():
        reason = _("两张黄牌折算为一张红牌(%(first)s、%(second)s)") % {
            "first": earlier.issued_on.isoformat(),
            "second": later.issued_on.isoformat(),
        }
        decision = _("累计两张黄牌,按红牌处置。")
    red = Card.objects.create(
        organization_id=yellow.organization_id,
        cadre_id=yellow.cadre_id,
        color=Card.Color.RED,
        source=Card.Source.TWO_YELLOWS,
        issued_on=later.issued_on,
        reason=reason,
        state=Card.State.APPROVED,
        recorded_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_reason=decision,
        policy=policy,
    )
    linked = Card.objects.filter(pk__in=[earlier.pk, later.pk], red_card__isnull=True).update(
        red_card=red, updated_at=timezone.now()
    )
    if linked != 2:  # another approval paired one of them first: this red card must not exist
        refuse(_("黄牌已被折算,请刷新后再办理。"), code="conflict")
    red.deduction = _deduction(red)
    red.save(update_fields=["deduction", "updated_at"])
    audit_log_record(
        actor=actor,
        action="recall.card.combine",
        subject=red,
        after={**snapshot(red, CARD_FIELDS), "yellows": [earlier.pk, later.pk]},
        reason=red.reason,
    )
    with organization_language():
        _tell(
            red,
            [*cadre_user(red.cadre), *hr_users_for(red.cadre)],
            "combined",
            _("%(name)s累计两张黄牌,折算为红牌") % {"name": red.cadre.name},
            red.reason,
        )
    return red


def _red_card_follows(red: Card, actor) -> None:
    """A red card on a section-level cadre makes a recall candidate in the organization's open batch (if any; the
    batch's proposal from the data finds it later otherwise)."""
    from recall.services.batches import propose_red_card

    if red.policy is not None and is_section_level(red.cadre, red.policy):
        propose_red_card(card=red, actor=actor)
