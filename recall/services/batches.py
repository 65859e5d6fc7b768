"""Recall batches (one round, e.g. 2026年第一批) and their candidates proposed from the data, no quota
(不定指标、不分名额、应召尽召, 洞头区“回炉再造”体系): approved red cards of section-level cadres, the published grades 基本称职 /
不称职 of the batch's year (基本合格 / 不合格 under an institution scheme: the same grade codes, which the seed calls
年度考核较差), and competition losses (落聘). Opening, proposing from the data and closing are for HR of the whole
organization; a batch closes its nominations only when the committee has decided every proposal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.selectors import published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from org.models import Cadre, Organization
from recall.models import Card, CompetitionLoss, EvidenceSource, RecallBatch, RecallCase, RecallCategory
from recall.rules import clean_text, is_organization_hr, is_section_level, organization_language
from recall.selectors.policies import category_for_source
from recall.services.proposals import (
    CANDIDATE_GRADES,
    Basis,
    candidate_create,
    card_basis,
    competition_basis,
    grade_basis_date,
    live_case_of,
)

# --- batches ----------------------------------------------------------------------------------------------------


@transaction.atomic
def recall_batch_create(
    *, organization: Organization, name: str, year: int | None, actor, note: str = ""
) -> RecallBatch:
    if not is_organization_hr(actor, organization.pk):
        refuse(_("只有负责全机构的组织人事部门可以设立召回批次。"), code="permission_denied")
    name = clean_text(name, "name", required=_("请填写批次名称。"), limit=100)
    if year is None or not 2000 <= year <= 2100:
        refuse(_("请填写四位数字的考核年度。"), "year")
    if RecallBatch.objects.filter(organization=organization, name=name).exists():
        refuse(_("已有同名的召回批次。"), "name")
    batch = RecallBatch.objects.create(
        organization=organization, name=name, year=year, note=clean_text(note, "note"), created_by=actor
    )
    audit_log_record(actor=actor, action="recall.batch.create", subject=batch, after=snapshot(batch))
    return batch


@transaction.atomic
def recall_batch_close(*, batch: RecallBatch, actor) -> RecallBatch:
    """No more candidates for the batch. A gate: every proposal must have been decided first."""
    if not is_organization_hr(actor, batch.organization_id):
        refuse(_("只有负责全机构的组织人事部门可以结束召回批次的提名。"), code="permission_denied")
    if batch.state != RecallBatch.State.OPEN:
        refuse(_("该批次已结束提名。"), code="invalid_state")
    waiting = list(
        batch.cases.filter(state=RecallCase.State.PROPOSED, decided_at__isnull=True)
        .select_related("cadre")
        .order_by("cadre__employee_no")
    )
    if waiting:
        names = "、".join(case.cadre.name for case in waiting)
        refuse(_("以下提名尚待党组决定,不能结束提名:%(names)s。") % {"names": names}, code="unresolved")
    before = snapshot(batch, ["state"])
    if (
        RecallBatch.objects.filter(pk=batch.pk, state=RecallBatch.State.OPEN).update(state=RecallBatch.State.CLOSED)
        != 1
    ):
        refuse(_("该批次已结束提名。"), code="conflict")
    batch.refresh_from_db()
    audit_log_record(
        actor=actor, action="recall.batch.close", subject=batch, before=before, after={"state": batch.state}
    )
    return batch


# --- from the data ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    cadre: Cadre
    what: str
    reason: str


@dataclass
class Proposal:
    proposed: list[RecallCase]
    skipped: list[Skipped]


def _try(batch, cadre, category, basis, evidence, actor, result: Proposal) -> None:
    if category is None:
        result.skipped.append(Skipped(cadre, basis.text, _("目录中没有对应的召回对象类别。")))
        return
    try:
        with transaction.atomic():
            result.proposed.append(
                candidate_create(
                    batch=batch, cadre=cadre, category=category, basis=basis, evidence_sources=evidence, actor=actor
                )
            )
    except ApplicationError as error:
        result.skipped.append(Skipped(cadre, basis.text, error.message))


@transaction.atomic
def recall_batch_propose(*, batch: RecallBatch, actor) -> Proposal:
    """Propose every candidate the data names that has no live case yet; say why the others were left out. Safe to
    run again: a cadre with a live case is not proposed twice."""
    if not is_organization_hr(actor, batch.organization_id):
        refuse(_("只有负责全机构的组织人事部门可以从数据中提出召回对象。"), code="permission_denied")
    if batch.state != RecallBatch.State.OPEN:
        refuse(_("该批次已结束提名,不能再提出召回对象。"), code="invalid_state")
    org_id = batch.organization_id
    result = Proposal(proposed=[], skipped=[])
    taken = set(
        RecallCase.objects.filter(organization_id=org_id)
        .exclude(state__in=RecallCase.ENDED_STATES)
        .values_list("cadre_id", flat=True)
    )
    done_cards = set(RecallCase.objects.filter(card__isnull=False).values_list("card_id", flat=True))
    done_losses = set(
        RecallCase.objects.filter(competition_loss__isnull=False).values_list("competition_loss_id", flat=True)
    )
    red = category_for_source(org_id, RecallCategory.Source.RED_CARD)
    for card in Card.objects.filter(
        organization_id=org_id, color=Card.Color.RED, state=Card.State.APPROVED, policy__isnull=False
    ).select_related("cadre", "cadre__unit", "policy"):
        if card.pk in done_cards or card.cadre_id in taken or not is_section_level(card.cadre, card.policy):
            continue
        _try(batch, card.cadre, red, card_basis(card), [EvidenceSource.ASSESSMENT], actor, result)
        taken.add(card.cadre_id)
    grade = category_for_source(org_id, RecallCategory.Source.GRADE)
    if published.publication_state(organization_id=org_id, year=batch.year).published:
        with organization_language():  # the grades' labels, as the bases keep them
            rows = published.final_results(organization_id=org_id, year=batch.year, grades=CANDIDATE_GRADES)
        cadres = Cadre.objects.in_bulk([r.cadre_id for r in rows])
        for r in rows:
            if r.cadre_id in taken:
                continue
            with organization_language():
                basis = Basis(
                    source=RecallCategory.Source.GRADE,
                    basis_date=grade_basis_date(r.year),
                    text=_("%(year)s年度考核等次为%(grade)s") % {"year": r.year, "grade": r.grade_label},
                    what=_("%(year)s年度考核结果") % {"year": r.year},
                    grade_year=r.year,
                    grade=r.grade,
                    grade_label=r.grade_label,
                )
            _try(batch, cadres[r.cadre_id], grade, basis, [EvidenceSource.ASSESSMENT], actor, result)
            taken.add(r.cadre_id)
    competition = category_for_source(org_id, RecallCategory.Source.COMPETITION)
    for loss in CompetitionLoss.objects.filter(organization_id=org_id).select_related("cadre").order_by("held_on"):
        if loss.pk in done_losses or loss.cadre_id in taken:
            continue
        _try(batch, loss.cadre, competition, competition_basis(loss), [EvidenceSource.ORGANIZATIONAL], actor, result)
        taken.add(loss.cadre_id)
    audit_log_record(
        actor=actor,
        action="recall.batch.propose",
        subject=batch,
        after={"proposed": len(result.proposed), "skipped": len(result.skipped)},
    )
    return result


def propose_red_card(*, card: Card, actor) -> RecallCase | None:
    """A red card just approved on a section-level cadre: proposed in the organization's newest open batch, unless
    the cadre already has a live case or no batch is open."""
    batch = (
        RecallBatch.objects.filter(organization_id=card.organization_id, state=RecallBatch.State.OPEN)
        .order_by("-created_at", "-pk")
        .first()
    )
    category = category_for_source(card.organization_id, RecallCategory.Source.RED_CARD)
    if batch is None or category is None or live_case_of(card.cadre_id) is not None:
        return None
    try:
        with transaction.atomic():
            return candidate_create(
                batch=batch,
                cadre=card.cadre,
                category=category,
                basis=card_basis(card),
                evidence_sources=[EvidenceSource.ASSESSMENT],
                actor=actor,
            )
    except ApplicationError:
        return None
