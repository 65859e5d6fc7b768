"""One recall candidate (召回对象): what it is proposed on, and HR over the cadre proposing by hand in any category of
the catalog (recall.services.batches proposes from the data). Every basis must be dated under a policy (不溯及既往):
a grade by the last day of the year it assesses, a card by its date, a competition by the day it was held, a hand
proposal by the date HR gives. One live case per cadre; the committee is told of each proposal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.selectors import published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from notices.services import notices_announce
from org.models import Appointment, Cadre
from recall.models import Card, CompetitionLoss, EvidenceSource, RecallBatch, RecallCase, RecallCategory
from recall.rules import (
    clean_text,
    committee_users_for,
    current_leading_appointment,
    organization_language,
    require_date,
    require_hr,
)
from recall.services.policies import require_policy_for

NOTICE_KIND = "recall.case"
CANDIDATE_GRADES = (published.BASIC, published.INCOMPETENT)
# What the proposal's audit row carries (the later fields are empty until their step).
PROPOSED_FIELDS = [
    "batch_id", "cadre_id", "category_id", "source", "card_id", "competition_loss_id", "grade_year", "grade_label",
    "basis_date", "basis", "evidence_sources", "policy_id", "home_unit_id", "appointment_id", "is_leader", "state",
]  # fmt: skip


def grade_basis_date(year: int) -> datetime.date:
    """A year's result is dated by the last day of the year it assesses (the conduct assessed is that year's)."""
    return datetime.date(year, 12, 31)


def case_url(case: RecallCase) -> str:
    from django.urls import reverse

    return reverse("recall:case_detail", kwargs={"pk": case.pk})


def live_case_of(cadre_id: int) -> RecallCase | None:
    return RecallCase.objects.filter(cadre_id=cadre_id).exclude(state__in=RecallCase.ENDED_STATES).first()


# --- one candidate ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What a candidate is proposed on: its source and date, and the words for the list."""

    source: str
    basis_date: datetime.date
    text: str
    what: str  # names the basis in a refusal, e.g. 2017年度考核结果
    card: Card | None = None
    competition_loss: CompetitionLoss | None = None
    grade_year: int | None = None
    grade: str = ""
    grade_label: str = ""


def candidate_create(
    *,
    batch: RecallBatch,
    cadre: Cadre,
    category: RecallCategory,
    basis: Basis,
    evidence_sources: list[str],
    actor,
) -> RecallCase:
    if batch.state != RecallBatch.State.OPEN:
        refuse(_("该批次已结束提名,不能再提出召回对象。"), "batch", code="invalid_state")
    if cadre.organization_id != batch.organization_id:
        refuse(_("该干部不属于本批次的机构。"), "cadre")
    if live_case_of(cadre.pk) is not None:
        refuse(_("%(name)s已有进行中的召回事项。") % {"name": cadre.name}, "cadre", code="duplicate")
    policy = require_policy_for(organization_id=batch.organization_id, basis_date=basis.basis_date, what=basis.what)
    unknown = set(evidence_sources) - set(EvidenceSource.values)
    if unknown:
        refuse(_("请从列表中选择信息来源。"), "evidence_sources")
    appointment = (
        current_leading_appointment(cadre)
        or (
            Appointment.objects.filter(cadre=cadre, end_date__isnull=True)
            .select_related("post")
            .order_by("-start_date")
        ).first()
    )
    case = RecallCase(
        organization_id=batch.organization_id,
        batch=batch,
        cadre=cadre,
        category=category,
        source=basis.source,
        card=basis.card,
        competition_loss=basis.competition_loss,
        grade_year=basis.grade_year,
        grade=basis.grade,
        grade_label=basis.grade_label,
        basis_date=basis.basis_date,
        basis=basis.text,
        evidence_sources=[value for value in EvidenceSource.values if value in evidence_sources],
        policy=policy,
        home_unit_id=cadre.unit_id,
        appointment=appointment,
        is_leader=bool(appointment and appointment.post.is_leadership),
        proposed_by=actor,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as error:  # another proposal of the same cadre committed first
        raise ApplicationError(
            _("%(name)s已有进行中的召回事项。") % {"name": cadre.name}, field_errors={"cadre": [_("已有召回事项。")]}
        ) from error
    audit_log_record(
        actor=actor,
        action="recall.case.propose",
        subject=case,
        after=snapshot(case, PROPOSED_FIELDS),
        reason=basis.text,
    )
    with organization_language():
        _tell_proposed(case, batch, cadre, category, basis)
    return case


def _tell_proposed(case, batch, cadre, category, basis) -> None:
    notices_announce(
        recipients=committee_users_for(cadre),
        kind=NOTICE_KIND,
        subject=case,
        occurrence="proposed",
        title=_("召回对象待党组决定:%(name)s") % {"name": cadre.name},
        body=_("%(batch)s:%(category)s。%(basis)s")
        % {"batch": batch.name, "category": category.name, "basis": basis.text},
        url=case_url(case),
    )


def _grade_basis(cadre: Cadre, year: int | None) -> Basis:
    if year is None:
        refuse(_("请填写考核年度。"), "grade_year")
    what = _("%(year)s年度考核结果") % {"year": year}
    state = published.publication_state(organization_id=cadre.organization_id, year=year)
    if not state.published:
        refuse(_("%(year)s年度考核结果尚未公布。") % {"year": year}, "grade_year")
    with organization_language():  # the grade's label, as the basis keeps it
        rows = published.final_results(organization_id=cadre.organization_id, year=year, cadre_ids=[cadre.pk])
    result = rows[0] if rows else None
    if result is None or result.grade not in CANDIDATE_GRADES:
        label = result.grade_label if result and result.grade else _("无等次")
        refuse(
            _("%(name)s的%(what)s为“%(grade)s”,不属于召回对象。") % {"name": cadre.name, "what": what, "grade": label},
            "grade_year",
        )
    with organization_language():
        return Basis(
            source=RecallCategory.Source.GRADE,
            basis_date=grade_basis_date(year),
            text=_("%(year)s年度考核等次为%(grade)s") % {"year": year, "grade": result.grade_label},
            what=what,
            grade_year=year,
            grade=result.grade,
            grade_label=result.grade_label,
        )


def card_basis(card: Card) -> Basis:
    with organization_language():
        return _card_basis(card)


def _card_basis(card: Card) -> Basis:
    return Basis(
        source=RecallCategory.Source.RED_CARD,
        basis_date=card.issued_on,
        text=_("%(date)s受到红牌警示:%(reason)s") % {"date": card.issued_on.isoformat(), "reason": card.reason},
        what=_("红牌警示"),
        card=card,
    )


def competition_basis(loss: CompetitionLoss) -> Basis:
    with organization_language():
        return _competition_basis(loss)


def _competition_basis(loss: CompetitionLoss) -> Basis:
    return Basis(
        source=RecallCategory.Source.COMPETITION,
        basis_date=loss.held_on,
        text=_("%(competition)s落聘(%(date)s)") % {"competition": loss.competition, "date": loss.held_on.isoformat()},
        what=_("竞聘(%(name)s)") % {"name": loss.competition},
        competition_loss=loss,
    )


@transaction.atomic
def recall_case_propose(
    *,
    batch: RecallBatch,
    cadre: Cadre,
    category: RecallCategory,
    actor,
    basis_date: datetime.date | None = None,
    basis: str = "",
    grade_year: int | None = None,
    card: Card | None = None,
    competition_loss: CompetitionLoss | None = None,
    evidence_sources: list[str] | None = None,
) -> RecallCase:
    """HR over the cadre proposes a candidate by hand, in a category of the catalog. A category fed by the data
    names its basis (the grade's year, the red card, the competition loss); any other needs a date and a text."""
    require_hr(actor, cadre, pgettext("recall step", "提出召回对象"))
    if category.organization_id not in (None, batch.organization_id) or not category.active:
        refuse(_("请从本机构的目录中选择召回对象类别。"), "category")
    Source = RecallCategory.Source
    if category.source == Source.GRADE:
        found = _grade_basis(cadre, grade_year)
    elif category.source == Source.RED_CARD:
        if (
            card is None
            or card.cadre_id != cadre.pk
            or card.color != Card.Color.RED
            or card.state != Card.State.APPROVED
        ):
            refuse(_("请选择该干部已审定的红牌。"), "card")
        found = card_basis(card)
    elif category.source == Source.COMPETITION:
        if competition_loss is None or competition_loss.cadre_id != cadre.pk:
            refuse(_("请选择该干部的竞聘落聘记录。"), "competition_loss")
        found = competition_basis(competition_loss)
    else:
        date = require_date(basis_date, "basis_date", _("请填写依据日期。"))
        found = Basis(
            source=Source.MANUAL,
            basis_date=date,
            text=clean_text(basis, "basis", required=_("请填写召回依据。")),
            what=_("所述情形"),
        )
    if basis.strip() and found.source != Source.MANUAL:
        found = Basis(**{**found.__dict__, "text": f"{found.text};{clean_text(basis, 'basis')}"})
    return candidate_create(
        batch=batch, cadre=cadre, category=category, basis=found, evidence_sources=evidence_sources or [], actor=actor
    )
