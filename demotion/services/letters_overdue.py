"""The ways on for a commitment letter past its due date (《中层负责人主动让贤实施办法》: 新任中层负责人任职后一个月内签署;
overdue is reported to HR): HR over the cadre records the letter the cadre signed on paper, with the scan of the
signed page; or sends a reminder (催办), at most once a day, through the notices; or refers it to the party committee.
Each is audited; a refusal says why and changes nothing."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_record, snapshot
from common.errors import refuse
from common.workdays import format_date_zh
from demotion.cases_rules import committee_users_for
from demotion.models import CommitmentLetter
from demotion.selectors.letters import hr_users_covering
from demotion.setup.letters import LETTER_DEADLINE
from notices.services import notices_announce

SCAN_MAX_BYTES = 10 * 1024 * 1024
# What a scanner writes, recognised by the file's first bytes (the name a browser sends is not trusted).
SCAN_SIGNATURES = {".pdf": (b"%PDF-",), ".jpg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",)}
PAPER_FIELDS = ["signed_at", "signed_name", "paper_signed_on", "paper_recorded_by_id"]


def _letter(letter: CommitmentLetter) -> CommitmentLetter:
    return CommitmentLetter.objects.select_related("cadre", "cadre__unit", "cadre__user", "appointment__post").get(
        pk=letter.pk
    )


def _require_hr(letter: CommitmentLetter, actor) -> None:
    if actor is None or not hr_users_covering(letter.cadre.unit).filter(pk=actor.pk).exists():
        refuse(_("只有管理该干部的组织人事部门可以办理。"), code="permission_denied")


def _require_unsigned(letter: CommitmentLetter) -> None:
    if letter.is_signed:
        refuse(_("这份承诺书已经签署,无需再办理。"), code="already_signed")


def _require_overdue(letter: CommitmentLetter, today: datetime.date) -> None:
    if today <= letter.due_date:
        refuse(
            _("签署期限(%(date)s)尚未届满,届满后方可催办或提交党组。") % {"date": format_date_zh(letter.due_date)},
            code="not_overdue",
        )


def _scan_extension(scan) -> str:
    if scan is None:
        refuse(_("请上传签署件的扫描件。"), "scan")
    if scan.size > SCAN_MAX_BYTES:
        refuse(_("扫描件不能超过10 MB。"), "scan")
    head = scan.read(16)
    scan.seek(0)
    for extension, signatures in SCAN_SIGNATURES.items():
        if any(head.startswith(s) for s in signatures):
            return extension
    refuse(_("扫描件须为 PDF、JPG 或 PNG 文件。"), "scan")


@transaction.atomic
def commitment_letter_record_paper(
    *, letter: CommitmentLetter, actor, signed_on: datetime.date | None, scan, today: datetime.date | None = None
) -> CommitmentLetter:
    """HR records the letter the cadre signed on paper on `signed_on`, with its scan. The letter counts as signed
    that day (late if after the due date)."""
    today = today or timezone.localdate()
    letter = _letter(letter)
    _require_hr(letter, actor)
    _require_unsigned(letter)
    if signed_on is None:
        refuse(_("请填写纸质签署日期。"), "signed_on")
    if signed_on > today:
        refuse(_("签署日期不能晚于今天。"), "signed_on")
    if signed_on < letter.appointment.start_date:
        refuse(
            _("签署日期不能早于任职日期(%(date)s)。") % {"date": format_date_zh(letter.appointment.start_date)},
            "signed_on",
        )
    extension = _scan_extension(scan)
    before = snapshot(letter, PAPER_FIELDS)
    name = letter.paper_scan.field.generate_filename(letter, f"{uuid.uuid4().hex}{extension}")
    stored = letter.paper_scan.storage.save(name, scan)
    # The paper's date stands for the signature: noon of that day, so that it reads as that day anywhere.
    signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
    updated = CommitmentLetter.objects.filter(pk=letter.pk, signed_at__isnull=True).update(
        signed_at=signed_at,
        signed_name=letter.cadre.name,
        paper_signed_on=signed_on,
        paper_scan=stored,
        paper_recorded_by=actor,
        updated_at=timezone.now(),
    )
    if updated != 1:
        letter.paper_scan.storage.delete(stored)
        refuse(_("这份承诺书已经签署,无需再办理。"), code="already_signed")
    letter.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="demotion.letter.paper",
        subject=letter,
        before=before,
        after={
            **snapshot(letter, PAPER_FIELDS),
            "paper_scan": letter.paper_scan.name,
            "late": signed_on > letter.due_date,
        },
        reason=_("登记纸质签署的承诺书(%(date)s签署)") % {"date": format_date_zh(signed_on)},
    )
    return letter


@transaction.atomic
def commitment_letter_remind(
    *, letter: CommitmentLetter, actor, today: datetime.date | None = None
) -> CommitmentLetter:
    """催办: the cadre is told again to sign the overdue letter; at most once a day."""
    today = today or timezone.localdate()
    letter = _letter(letter)
    _require_hr(letter, actor)
    _require_unsigned(letter)
    _require_overdue(letter, today)
    if not letter.cadre.user_id:
        refuse(_("该干部没有登录账号,无法在系统中催办,请线下联系或登记纸质签署件。"), code="no_account")
    before = snapshot(letter, ["reminded_on"])
    updated = (
        CommitmentLetter.objects.filter(pk=letter.pk, signed_at__isnull=True)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .update(reminded_on=today, updated_at=timezone.now())
    )
    if updated != 1:
        refuse(_("今天已经催办过,每天最多催办一次。"), code="already_reminded")
    letter.refresh_from_db()
    overdue_days = (today - letter.due_date).days
    notices_announce(
        recipients=[letter.cadre.user],
        kind=LETTER_DEADLINE,
        subject=letter,
        occurrence=f"remind:{today.isoformat()}",
        title=_("【催办】请尽快签署主动让贤承诺书(已逾期%(n)s天)") % {"n": overdue_days},
        body=_("签署期限已于%(date)s届满,请登录系统阅读并签署《主动让贤承诺书》。")
        % {"date": format_date_zh(letter.due_date)},
        url=reverse("demotion:letter_detail", kwargs={"pk": letter.pk}),
        due_date=letter.due_date,
    )
    audit_log_record(
        actor=actor,
        action="demotion.letter.remind",
        subject=letter,
        before=before,
        after=snapshot(letter, ["reminded_on"]),
    )
    return letter


@transaction.atomic
def commitment_letter_escalate(
    *, letter: CommitmentLetter, actor, reason: str, today: datetime.date | None = None
) -> CommitmentLetter:
    """Refer an overdue, unsigned letter to the party committee over the cadre, with HR's account of it; once."""
    today = today or timezone.localdate()
    letter = _letter(letter)
    _require_hr(letter, actor)
    _require_unsigned(letter)
    _require_overdue(letter, today)
    reason = (reason or "").strip()
    if not reason:
        refuse(_("请填写提交党组的情况说明。"), "reason")
    if len(reason) > 2000:
        refuse(_("情况说明不能超过2000个字。"), "reason")
    before = snapshot(letter, ["escalated_at"])
    updated = CommitmentLetter.objects.filter(pk=letter.pk, signed_at__isnull=True, escalated_at__isnull=True).update(
        escalated_at=timezone.now(), updated_at=timezone.now()
    )
    if updated != 1:
        refuse(_("这份承诺书已提交党组,不能重复提交。"), code="already_escalated")
    letter.refresh_from_db()
    notices_announce(
        recipients=committee_users_for(letter.cadre),
        kind=LETTER_DEADLINE,
        subject=letter,
        occurrence="committee",
        title=_("逾期未签署主动让贤承诺书:%(name)s(%(post)s),提请党组研究")
        % {"name": letter.cadre.name, "post": letter.appointment.post},
        body=reason,
        url=reverse("demotion:letter_detail", kwargs={"pk": letter.pk}),
    )
    audit_log_record(
        actor=actor,
        action="demotion.letter.escalate",
        subject=letter,
        before=before,
        after=snapshot(letter, ["escalated_at"]),
        reason=reason,
    )
    return letter


def scan_filename(letter: CommitmentLetter) -> str:
    """The name the scan is downloaded under."""
    assert letter.paper_scan.name is not None  # asked for a letter with a scan
    return f"{letter.cadre.employee_no}-承诺书{Path(letter.paper_scan.name).suffix}"
