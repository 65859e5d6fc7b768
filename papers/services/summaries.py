"""The 个人总结 and the 本人意见 of a year's 年度考核登记表: HR sets the deadline; the cadre writes the summary online up
to that day (HR may instead upload the paper one, which then stands); once the year is published the cadre signs the
acknowledgement online. Every write is audited; a refused step changes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import published
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from org.models import Cadre, Organization
from papers.models import PersonalSummary, SummaryDeadline

SUMMARY_MAX = 6000
OPINION_MAX = 200
PAPER_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
PAPER_MAX_BYTES = 10 * 1024 * 1024
SUMMARY_FIELDS = ["source", "text", "submitted_at", "own_opinion", "acknowledged_at"]


def _state(summary: PersonalSummary) -> dict:
    return {**snapshot(summary, SUMMARY_FIELDS), "paper": summary.paper.name or ""}


def _invalid(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def _summary(cadre: Cadre, year: int) -> PersonalSummary:
    summary, _created = PersonalSummary.objects.select_for_update().get_or_create(
        cadre=cadre, year=year, defaults={"organization_id": cadre.organization_id}
    )
    return summary


@transaction.atomic
def summary_deadline_set(*, actor, organization: Organization, year: int, deadline: datetime.date) -> SummaryDeadline:
    if deadline.year < year:
        raise _invalid(_("截止日期不能早于考核年度。"), "deadline")
    row = SummaryDeadline.objects.select_for_update().filter(organization=organization, year=year).first()
    before = {"deadline": row.deadline.isoformat()} if row else None
    if row is None:
        row = SummaryDeadline(organization=organization, year=year)
    row.deadline, row.set_by = deadline, actor
    row.save()
    audit_log_record(
        actor=actor,
        action="papers.deadline.set",
        subject=organization,
        before=before,
        after={"year": year, "deadline": deadline.isoformat()},
    )
    return row


@transaction.atomic
def summary_write(*, actor, cadre: Cadre, year: int, text: str, today: datetime.date | None = None) -> PersonalSummary:
    """The cadre's own summary, written or changed online up to the deadline."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    deadline = SummaryDeadline.objects.filter(organization_id=cadre.organization_id, year=year).first()
    if deadline is None:
        raise ApplicationError(_("组织人事部门尚未开放%(year)d年度个人总结的填写。") % {"year": year})
    if today > deadline.deadline:
        raise ApplicationError(
            _("%(year)d年度个人总结已于%(date)s截止,如需修改请联系组织人事部门。")
            % {"year": year, "date": deadline.deadline.isoformat()}
        )
    if not text:
        raise _invalid(_("请填写个人总结。"), "text")
    if len(text) > SUMMARY_MAX:
        raise _invalid(_("个人总结不能超过%(max)d字。") % {"max": SUMMARY_MAX}, "text")
    summary = _summary(cadre, year)
    if summary.source == PersonalSummary.Source.PAPER:
        raise ApplicationError(_("组织人事部门已上传您的纸质个人总结,不能再网上修改。"))
    before = _state(summary)
    summary.text, summary.source = text, PersonalSummary.Source.ONLINE
    summary.submitted_at, summary.submitted_by = timezone.now(), actor
    summary.save()
    audit_log_record(
        actor=actor,
        action="papers.summary.write",
        subject=summary,
        before=before,
        after=_state(summary),
    )
    return summary


@transaction.atomic
def summary_paper_upload(*, actor, cadre: Cadre, year: int, upload) -> PersonalSummary:
    """HR files the paper summary (a scan): it stands for the year's summary, whatever was written online."""
    if upload is None:
        raise _invalid(_("请选择纸质个人总结的扫描件。"), "paper")
    if Path(upload.name).suffix.lower() not in PAPER_EXTENSIONS:
        raise _invalid(_("扫描件须为 PDF、JPG 或 PNG 文件。"), "paper")
    if upload.size > PAPER_MAX_BYTES:
        raise _invalid(_("扫描件不能超过10MB。"), "paper")
    summary = _summary(cadre, year)
    before = _state(summary)
    summary.paper.save(f"{year}-{cadre.pk}{Path(upload.name).suffix.lower()}", upload, save=False)
    summary.source = PersonalSummary.Source.PAPER
    summary.submitted_at, summary.submitted_by = timezone.now(), actor
    summary.save()
    audit_log_record(
        actor=actor,
        action="papers.summary.paper",
        subject=summary,
        before=before,
        after=_state(summary),
    )
    return summary


@transaction.atomic
def summary_acknowledge(*, actor, cadre: Cadre, year: int, opinion: str) -> PersonalSummary:
    """The cadre's 本人意见, signed online once the year's results are published; once only."""
    state = published.publication_state(organization_id=cadre.organization_id, year=year)
    if not state.published:
        raise ApplicationError(_("%(year)d年度考核结果尚未公布,暂不能签署本人意见。") % {"year": year})
    opinion = (opinion or "").strip()
    if not opinion:
        raise _invalid(_("请填写本人意见。"), "opinion")
    if len(opinion) > OPINION_MAX:
        raise _invalid(_("本人意见不能超过%(max)d字。") % {"max": OPINION_MAX}, "opinion")
    summary = _summary(cadre, year)
    if summary.acknowledged_at is not None:
        raise ApplicationError(_("您已签署过%(year)d年度的本人意见。") % {"year": year})
    before = _state(summary)
    summary.own_opinion, summary.acknowledged_at = opinion, timezone.now()
    summary.save()
    audit_log_record(
        actor=actor, action="papers.summary.acknowledge", subject=summary, before=before,
        after=_state(summary),
    )  # fmt: skip
    return summary
