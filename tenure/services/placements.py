"""届满安置 (正职任期制、副职聘任制的地方办法): the party committee records what becomes of a term's holder, and the appointment changes are
written through org.services in the same transaction — the current appointment ends (with the matching reason and
the decision document) and, where the outcome names one, the new appointment starts. org's checks apply to the new
appointment (a cap reached, an audit holding the cadre) and refuse it with their reason, and then nothing is written.

- 连任 (任期制) and 续聘 (聘任制): the same post again; 不再续聘: the contract ends (a new post is optional);
- 提拔任用, 交流任职: another post (交流: in another unit); 到所属单位任职: a post in a unit below the current post's
  unit (for a leadership team, below the unit it leads);
- 改任非领导职务(职级): the leadership post ends, the rank grade stays; a non-leadership post is optional;
- 提前离岗(退休): only with 30 years of service (the policy's number, from 参加工作时间) and the cadre's consent
  recorded (本人自愿);
- 待岗: the post ends and no new one is given yet.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError, refuse
from common.workdays import add_months
from org import services as org_services
from org.models import Appointment, Post, Unit
from tenure.access import committee_covers
from tenure.models import Placement, Regime, Term
from tenure.selectors.policy import PolicyBook

Outcome = Placement.Outcome
END_REASONS: dict[str, str] = {
    Outcome.PROMOTE: Appointment.EndReason.REASSIGNED,
    Outcome.REAPPOINT: Appointment.EndReason.TERM_END,
    Outcome.RENEW: Appointment.EndReason.TERM_END,
    Outcome.NOT_RENEWED: Appointment.EndReason.TERM_END,
    Outcome.EXCHANGE: Appointment.EndReason.EXCHANGE,
    Outcome.NON_LEADERSHIP: Appointment.EndReason.RANK_CHANGE,
    Outcome.SUBORDINATE: Appointment.EndReason.REASSIGNED,
    Outcome.EARLY_RETIREMENT: Appointment.EndReason.RETIRED,
    Outcome.WAITING: Appointment.EndReason.TERM_END,
}
SAME_POST = {Outcome.REAPPOINT, Outcome.RENEW}
NEEDS_POST = {Outcome.PROMOTE, Outcome.EXCHANGE, Outcome.SUBORDINATE}
NO_POST = {Outcome.EARLY_RETIREMENT, Outcome.WAITING, Outcome.REAPPOINT, Outcome.RENEW}
TERM_ONLY = {Outcome.REAPPOINT}
CONTRACT_ONLY = {Outcome.RENEW, Outcome.NOT_RENEWED}
PLACEMENT_FIELDS = ["outcome", "effective_on", "document_no", "document_date", "new_post_id", "consent_on", "note"]


def outcomes_for(term: Term) -> list[tuple[str, StrOrPromise]]:
    """The outcomes that fit the term's regime, as (value, label)."""
    excluded = CONTRACT_ONLY if term.regime == Regime.TERM else TERM_ONLY
    return [(value, label) for value, label in Outcome.choices if value not in excluded]


def _subordinate_root(unit: Unit) -> Unit:
    """A leadership team leads the unit above it: its subordinate units are that unit's."""
    if unit.kind == Unit.Kind.TEAM and unit.parent is not None:
        return unit.parent
    return unit


def years_of_service(work_start: datetime.date, on: datetime.date) -> int:
    years = on.year - work_start.year
    return years if add_months(work_start, 12 * years) <= on else years - 1


def _check_outcome(*, term: Term, outcome: str, new_post: Post | None, consent_on, effective_on, book) -> None:
    if outcome not in Outcome.values:
        refuse(_("请选择安置方式。"), "outcome")
    if outcome in TERM_ONLY and term.regime != Regime.TERM:
        refuse(_("聘任制职务期满后为续聘或不再续聘,不适用连任。"), "outcome")
    if outcome in CONTRACT_ONLY and term.regime != Regime.CONTRACT:
        refuse(_("任期制职务届满后不适用续聘或不再续聘。"), "outcome")
    current = term.post
    if outcome in NEEDS_POST and new_post is None:
        refuse(_("请选择新任职务。"), "new_post")
    if outcome in NO_POST and new_post is not None:
        refuse(_("此安置方式不另行任职。"), "new_post")
    if new_post is not None:
        if new_post.unit.organization_id != term.organization_id:
            refuse(_("新任职务不属于本机构。"), "new_post")
        if new_post.pk == current.pk:
            refuse(_("新任职务与原职务相同;留任原职务请选择连任或续聘。"), "new_post")
        if not new_post.is_open or not new_post.unit.is_open:
            refuse(_("职务“%(post)s”已撤销。") % {"post": new_post}, "new_post")
    if outcome == Outcome.EXCHANGE and new_post is not None and new_post.unit_id == current.unit_id:
        refuse(_("交流任职须到其他单位。"), "new_post")
    if outcome == Outcome.SUBORDINATE and new_post is not None:  # NEEDS_POST: never None here
        root = _subordinate_root(current.unit)
        if new_post.unit_id == root.pk or not new_post.unit.path.startswith(root.path):
            refuse(_("到所属单位任职须选择“%(unit)s”下属单位的职务。") % {"unit": root.name}, "new_post")
    if outcome == Outcome.NON_LEADERSHIP and new_post is not None and new_post.is_leadership:
        refuse(_("改任非领导职务须选择非领导职务。"), "new_post")
    if outcome == Outcome.EARLY_RETIREMENT:
        if consent_on is None:
            refuse(_("提前离岗须本人自愿,请登记本人同意的日期。"), "consent_on")
        required = book.at(effective_on).retirement_service_years
        work_start = term.cadre.work_start_date
        if work_start is None:
            refuse(_("未登记%(name)s的参加工作时间,无法核对工龄。") % {"name": term.cadre.name}, "outcome")
        served = years_of_service(work_start, effective_on)
        if served < required:
            refuse(
                _("提前离岗须工龄满 %(n)s 年,%(name)s至%(date)s工龄为 %(served)s 年。")
                % {"n": required, "name": term.cadre.name, "date": effective_on.isoformat(), "served": served},
                "outcome",
            )


@transaction.atomic
def placement_record(
    *,
    term: Term,
    actor,
    outcome: str,
    effective_on: datetime.date,
    document_no: str,
    document_date: datetime.date,
    new_post: Post | None = None,
    consent_on: datetime.date | None = None,
    note: str = "",
) -> Placement:
    """The committee's placement of the term's holder; the appointment changes are written with it."""
    term = (
        Term.objects.select_related("post__unit", "cadre", "appointment")
        .select_for_update(of=("self",))
        .get(pk=term.pk)
    )
    if actor is None or not committee_covers(actor, term.post.unit):
        raise ApplicationError(_("届满安置由党组决定。"), code="forbidden")
    if Placement.objects.filter(appointment=term.appointment).exists():
        refuse(_("该任职已登记届满安置。"))
    appointment = term.appointment
    if appointment.end_date is not None:
        refuse(_("%(name)s已不在%(post)s任上。") % {"name": term.cadre.name, "post": term.post})
    document_no = (document_no or "").strip()
    if not document_no:
        refuse(_("请填写任免文号。"), "document_no")
    if len(document_no) > 100:
        refuse(_("文号不能超过 %(n)d 个字。") % {"n": 100}, "document_no")
    if effective_on <= appointment.start_date:
        refuse(_("生效日期须晚于任职日期(%(date)s)。") % {"date": appointment.start_date.isoformat()}, "effective_on")
    if consent_on is not None and consent_on > effective_on:
        refuse(_("本人同意日期不能晚于生效日期。"), "consent_on")
    book = PolicyBook.of(term.organization_id)
    _check_outcome(
        term=term, outcome=outcome, new_post=new_post, consent_on=consent_on, effective_on=effective_on, book=book
    )
    decision = _("届满安置:%(outcome)s") % {"outcome": Outcome(outcome).label}
    org_services.appointment_end(
        appointment=appointment,
        end_date=effective_on,
        end_reason=END_REASONS[outcome],
        document_no=document_no,
        document_date=document_date,
        actor=actor,
        reason=decision,
    )
    target = term.post if outcome in SAME_POST else new_post
    new_appointment = None
    if target is not None:
        new_appointment = org_services.appointment_start(
            cadre=term.cadre,
            post=target,
            start_date=effective_on,
            start_reason=Appointment.StartReason.HIRED
            if outcome == Outcome.RENEW
            else Appointment.StartReason.APPOINTED,
            document_no=document_no,
            document_date=document_date,
            actor=actor,
            reason=decision,
        )
    # The term may have been rewritten by the sync the appointment changes set off: find it again.
    term = Term.objects.filter(appointment=appointment).order_by("-seq").first() or term
    placement = Placement.objects.create(
        term=term if term.pk and not Placement.objects.filter(term=term).exists() else None,
        appointment=appointment,
        cadre=term.cadre,
        outcome=outcome,
        effective_on=effective_on,
        document_no=document_no,
        document_date=document_date,
        new_post=new_post if outcome not in SAME_POST else None,
        new_appointment=new_appointment,
        consent_on=consent_on if outcome == Outcome.EARLY_RETIREMENT else None,
        note=(note or "").strip(),
        decided_by=actor,
    )
    audit_log_record(
        actor=actor,
        action="tenure.placement.record",
        subject=placement,
        after={**snapshot(placement, PLACEMENT_FIELDS), "new_appointment_id": placement.new_appointment_id},
        reason=note,
    )
    return placement
