"""Appointments (任职): started and ended, one by one or many at once (the roster import). Rank grades stay when an
appointment ends (保留职级)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, audit_log_record_many, snapshot
from common.errors import ApplicationError, refuse
from org.appointment_hooks import APPOINT, Move, appointments_changed, move_refusals
from org.models import Appointment, Cadre, Post
from org.services.scope import require_cadre, require_open_unit, require_unit

DOCUMENT_NO_MAX = 100

# Ends that only their own workflows record (demotion's step-down cases, recalls), never HR by hand.
WORKFLOW_END_REASONS = frozenset({Appointment.EndReason.STEP_DOWN, Appointment.EndReason.RECALL})
HR_END_REASONS = [(value, label) for value, label in Appointment.EndReason.choices if value not in WORKFLOW_END_REASONS]


def _clean_document(document_no: str, document_date, *, field: str, required: bool) -> str:
    """The decision (任免文件) an appointment or its end rests on: its number and date."""
    document_no = (document_no or "").strip()
    if len(document_no) > DOCUMENT_NO_MAX:
        refuse(_("文号不能超过 %(n)d 个字。") % {"n": DOCUMENT_NO_MAX}, f"{field}_no")
    if required and not document_no:
        refuse(_("请填写任免文号。"), f"{field}_no")
    if required and document_date is None:
        refuse(_("请填写任免决定日期。"), f"{field}_date")
    if document_date is not None and document_date > timezone.localdate():
        refuse(_("任免决定日期不能晚于今天。"), f"{field}_date")
    return document_no


def _check_probation(probation_ends_on: datetime.date | None, *, start_date: datetime.date) -> None:
    """The end of the probation (试用期) a newly promoted leader serves, if there is one, lies after the start."""
    if probation_ends_on is not None and probation_ends_on <= start_date:
        refuse(_("试用期满日期必须晚于任职日期。"), "probation_ends_on")


@transaction.atomic
def appointment_start(
    *,
    cadre: Cadre,
    post: Post,
    start_date: datetime.date,
    start_reason: str = Appointment.StartReason.APPOINTED,
    document_no: str = "",
    document_date: datetime.date | None = None,
    probation_ends_on: datetime.date | None = None,
    actor=None,
    reason: str = "",
) -> Appointment:
    if post.unit.organization_id != cadre.organization_id:
        refuse(_("职务与干部不属于同一机构。"), "post")
    document_no = _clean_document(document_no, document_date, field="document", required=False)
    _check_probation(probation_ends_on, start_date=start_date)
    if Appointment.objects.filter(cadre=cadre, post=post, end_date__isnull=True).exists():
        raise ApplicationError(
            _("%(name)s已在任%(post)s。") % {"name": cadre.name, "post": post},
            field_errors={"post": [_("已在任该职务。")]},
        )
    holders = Appointment.objects.filter(post=post, end_date__isnull=True).count()
    if holders >= post.headcount:
        raise ApplicationError(
            _("%(post)s职数为 %(n)d,已满。") % {"post": post, "n": post.headcount},
            field_errors={"post": [_("职数已满(%(held)d/%(n)d)。") % {"held": holders, "n": post.headcount}]},
        )
    # Other apps' reasons against the appointment (org.appointment_hooks): a term cap reached, an open audit finding.
    refusals = move_refusals(Move(kind=APPOINT, cadre=cadre, on=start_date, post=post, unit=post.unit))
    if refusals:
        raise ApplicationError(" ".join(refusals), field_errors={"post": refusals}, code="move_refused")
    appointment = Appointment.objects.create(
        cadre=cadre,
        post=post,
        start_date=start_date,
        start_reason=start_reason,
        start_document_no=document_no,
        start_document_date=document_date,
        probation_ends_on=probation_ends_on,
    )
    audit_log_record(
        actor=actor, action="org.appointment.start", subject=appointment, after=snapshot(appointment), reason=reason
    )
    appointments_changed(appointments=[appointment], actor=actor, reason=reason)
    return appointment


@transaction.atomic
def appointment_end(
    *,
    appointment: Appointment,
    end_date: datetime.date,
    end_reason: str,
    document_no: str = "",
    document_date: datetime.date | None = None,
    actor=None,
    reason: str = "",
) -> Appointment:
    """End an appointment. The cadre's rank grade is untouched (保留职级)."""
    if end_reason not in Appointment.EndReason.values:
        refuse(_("离任原因无效。"), "end_reason")
    if end_date <= appointment.start_date:
        refuse(_("免职日期必须晚于任职日期。"), "end_date")
    document_no = _clean_document(document_no, document_date, field="document", required=False)
    before = snapshot(appointment)
    updated = Appointment.objects.filter(pk=appointment.pk, end_date__isnull=True).update(
        end_date=end_date, end_reason=end_reason, end_document_no=document_no, end_document_date=document_date
    )
    if updated != 1:
        raise ApplicationError(_("该任职已结束。"))
    appointment.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="org.appointment.end",
        subject=appointment,
        before=before,
        after=snapshot(appointment),
        reason=reason,
    )
    appointments_changed(appointments=[appointment], actor=actor, reason=reason)
    return appointment


@transaction.atomic
def appointment_probation_set(
    *, appointment: Appointment, probation_ends_on: datetime.date | None, actor=None, reason: str = ""
) -> Appointment:
    """Record (or clear) when the probation (试用期) of an open appointment ends."""
    if appointment.end_date is not None:
        refuse(_("该任职已结束。"))
    _check_probation(probation_ends_on, start_date=appointment.start_date)
    before = snapshot(appointment)
    Appointment.objects.filter(pk=appointment.pk).update(probation_ends_on=probation_ends_on)
    appointment.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="org.appointment.probation",
        subject=appointment,
        before=before,
        after=snapshot(appointment),
        reason=reason,
    )
    return appointment


# HR's pages and endpoints: the same writes within the HR user's scope, each resting on a decision document.


@transaction.atomic
def appointment_record(
    *,
    cadre: Cadre,
    post: Post,
    start_date: datetime.date,
    start_reason: str = Appointment.StartReason.APPOINTED,
    document_no: str,
    document_date: datetime.date,
    probation_ends_on: datetime.date | None = None,
    actor,
    reason: str = "",
) -> Appointment:
    """Appoint a cadre of one's units to an open post of one's units (任职), by the decision `document_no`."""
    require_cadre(actor=actor, cadre=cadre, field="cadre")
    require_open_unit(actor=actor, unit=post.unit, field="post")
    if not post.is_open:
        refuse(_("职务“%(post)s”已撤销。") % {"post": post}, "post")
    if not cadre.is_current:
        refuse(_("%(name)s已离开本单位,不能任职。") % {"name": cadre.name}, "cadre")
    if start_reason not in Appointment.StartReason.values:
        refuse(_("请选择任职方式。"), "start_reason")
    _clean_document(document_no, document_date, field="document", required=True)
    if cadre.birth_date is not None and start_date <= cadre.birth_date:
        refuse(_("任职日期必须晚于出生日期。"), "start_date")
    return appointment_start(
        cadre=cadre,
        post=post,
        start_date=start_date,
        start_reason=start_reason,
        document_no=document_no,
        document_date=document_date,
        probation_ends_on=probation_ends_on,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def appointment_dismiss(
    *,
    appointment: Appointment,
    end_date: datetime.date,
    end_reason: str,
    document_no: str,
    document_date: datetime.date,
    actor,
    reason: str = "",
) -> Appointment:
    """End (免职) an appointment to a post of one's units, with the reason and the decision `document_no`.
    主动让贤 and 召回 end appointments through their own workflows, never here."""
    require_unit(actor=actor, unit=appointment.post.unit)
    if end_reason in WORKFLOW_END_REASONS:
        refuse(
            _("“%(reason)s”由其办理流程结束任职,不能在此直接登记。")
            % {"reason": Appointment.EndReason(end_reason).label},
            "end_reason",
        )
    _clean_document(document_no, document_date, field="document", required=True)
    if appointment.end_date is not None:
        refuse(_("该任职已结束。"))
    return appointment_end(
        appointment=appointment,
        end_date=end_date,
        end_reason=end_reason,
        document_no=document_no,
        document_date=document_date,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def appointment_bulk_start(*, appointments: list[dict], actor=None, reason: str = "") -> list[Appointment]:
    """Start many appointments; each dict holds cadre, post, start_date and optionally start_reason and
    probation_ends_on."""
    if not appointments:
        return []
    organization_id = appointments[0]["cadre"].organization_id
    if any(
        a["cadre"].organization_id != organization_id or a["post"].unit.organization_id != organization_id
        for a in appointments
    ):
        refuse(_("职务与干部不属于同一机构。"), "post")
    open_pairs = set(
        Appointment.objects.filter(post__unit__organization_id=organization_id, end_date__isnull=True).values_list(
            "cadre_id", "post_id"
        )
    )
    holders: dict[int, int] = {}
    for _cadre, post_id in open_pairs:
        holders[post_id] = holders.get(post_id, 0) + 1
    posts = {}
    for a in appointments:
        cadre, post = a["cadre"], a["post"]
        if (cadre.pk, post.pk) in open_pairs:
            raise ApplicationError(
                _("%(name)s已在任%(post)s。") % {"name": cadre.name, "post": post},
                field_errors={"post": [_("已在任该职务。")]},
            )
        open_pairs.add((cadre.pk, post.pk))
        holders[post.pk] = holders.get(post.pk, 0) + 1
        posts[post.pk] = post
        _check_probation(a.get("probation_ends_on"), start_date=a["start_date"])
    for post_id, count in holders.items():
        post = posts.get(post_id)
        if post is not None and count > post.headcount:
            raise ApplicationError(
                _("%(post)s职数为 %(n)d,已满。") % {"post": post, "n": post.headcount},
                field_errors={"post": [_("职数已满(%(held)d/%(n)d)。") % {"held": count, "n": post.headcount}]},
            )
    created = Appointment.objects.bulk_create(
        [
            Appointment(
                cadre=a["cadre"],
                post=a["post"],
                start_date=a["start_date"],
                start_reason=a.get("start_reason", Appointment.StartReason.APPOINTED),
                probation_ends_on=a.get("probation_ends_on"),
            )
            for a in appointments
        ]
    )
    audit_log_record_many(
        actor=actor,
        action="org.appointment.start",
        entries=[(a, None, snapshot(a)) for a in created],
        reason=reason,
    )
    appointments_changed(appointments=created, actor=actor, reason=reason)
    return created


@transaction.atomic
def appointment_bulk_end(
    *,
    appointments: list[Appointment],
    end_date_of: dict[int, datetime.date],
    end_reason: str,
    actor=None,
    reason: str = "",
) -> list[Appointment]:
    """End many appointments; `end_date_of` maps each appointment's id to its end date. Rank grades stay (保留职级)."""
    if end_reason not in Appointment.EndReason.values:
        refuse(_("离任原因无效。"), "end_reason")
    by_date: dict[datetime.date, list[int]] = {}
    for appointment in appointments:
        end_date = end_date_of[appointment.pk]
        if end_date <= appointment.start_date:
            refuse(_("免职日期必须晚于任职日期。"), "end_date")
        by_date.setdefault(end_date, []).append(appointment.pk)
    befores = {a.pk: snapshot(a) for a in appointments}
    for end_date, ids in by_date.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            updated = Appointment.objects.filter(pk__in=chunk, end_date__isnull=True).update(
                end_date=end_date, end_reason=end_reason
            )
            if updated != len(chunk):
                raise ApplicationError(_("部分任职已结束。"))
    for appointment in appointments:
        appointment.end_date, appointment.end_reason = end_date_of[appointment.pk], end_reason
    audit_log_record_many(
        actor=actor,
        action="org.appointment.end",
        entries=[(a, befores[a.pk], snapshot(a)) for a in appointments],
        reason=reason,
    )
    appointments_changed(appointments=appointments, actor=actor, reason=reason)
    return appointments
