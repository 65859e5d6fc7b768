"""Economic responsibility audits (经济责任审计, 《党政主要领导干部和国有企事业单位主要领导人员经济责任审计规定》 2019;
正职任期制、副职聘任制的地方办法): planned → notified (notice at least 3 working days before fieldwork) → fieldwork → draft for comment (the
cadre replies in writing within 10 days; silence is no objection) → reported (无问题 / 一般问题 / 重大问题) →
rectifying (deadline) → closed. A planned or notified audit may be cancelled."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Appointment, Cadre, Organization


class EconomicAudit(ConcurrentTransitionMixin, BaseModel):
    """The transitions name which state may follow which; the services (tenure.services.audits) check who acts and
    when, save with a guarded update and write the audit row in the same transaction."""

    class Kind(models.TextChoices):
        IN_TERM = "in_term", _("任中审计")
        DEPARTURE = "departure", _("离任审计")

    class State(models.TextChoices):
        PLANNED = "planned", _("已列入计划")
        NOTIFIED = "notified", _("已送达审计通知书")
        FIELDWORK = "fieldwork", _("现场审计")
        DRAFT = "draft", _("征求意见")
        REPORTED = "reported", _("已出具审计报告")
        RECTIFYING = "rectifying", _("整改中")
        CLOSED = "closed", _("已办结")
        CANCELLED = "cancelled", _("已取消")

    class Rating(models.TextChoices):
        NONE = "none", _("无问题")
        MINOR = "minor", _("一般问题")
        MAJOR = "major", _("重大问题")

    # While under way, the audit comes before any appointment or transfer (正职任期制、副职聘任制的地方办法: 经审核没有问题的,方可进行任免).
    UNDER_WAY = (State.NOTIFIED, State.FIELDWORK, State.DRAFT)

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("被审计干部"), on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("审计的任职"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("审计类型"), max_length=10, choices=Kind.choices, default=Kind.IN_TERM)
    period_from = models.DateField(_("审计期间(起)"))
    period_to = models.DateField(_("审计期间(止)"))
    state = FSMField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED, protected=True)
    planned_by = user_reference(_("立项人"))
    notice_no = models.CharField(_("审计通知书文号"), max_length=100, blank=True)
    notice_served_on = models.DateField(_("通知书送达日期"), null=True, blank=True)
    fieldwork_from = models.DateField(_("现场审计开始日期"), null=True, blank=True)
    draft_sent_on = models.DateField(_("征求意见稿送达日期"), null=True, blank=True)
    reply_due = models.DateField(_("书面意见截止日期"), null=True, blank=True)
    reply_on = models.DateField(_("书面意见日期"), null=True, blank=True)
    reply_text = models.TextField(_("书面意见"), blank=True)
    reported_on = models.DateField(_("审计报告日期"), null=True, blank=True)
    report_no = models.CharField(_("审计报告文号"), max_length=100, blank=True)
    rating = models.CharField(_("审计结论"), max_length=10, choices=Rating.choices, blank=True)
    findings = models.TextField(_("发现的问题"), blank=True)
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    close_note = models.TextField(_("整改情况"), blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)

    class Meta:
        verbose_name = _("经济责任审计")
        verbose_name_plural = _("经济责任审计")
        ordering = ["-period_to", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")), name="tenure_audit_period"),
        ]
        indexes = [models.Index(fields=["cadre", "state"], name="tenure_audit_by_cadre")]

    def __str__(self):
        return _("%(cadre)s %(kind)s") % {"cadre": self.cadre.name, "kind": self.get_kind_display()}

    @property
    def has_open_finding(self) -> bool:
        """A problem reported and not yet rectified and closed."""
        if self.state == self.State.RECTIFYING:
            return True
        return self.state == self.State.REPORTED and self.rating in (self.Rating.MINOR, self.Rating.MAJOR)

    @property
    def is_under_way(self) -> bool:
        return self.state in self.UNDER_WAY

    # --- which state may follow which (who and when: tenure.services.audits) --------------------------------------

    @transition(field=state, source=State.PLANNED, target=State.NOTIFIED)
    def notify(self):
        pass

    @transition(field=state, source=State.NOTIFIED, target=State.FIELDWORK)
    def start_fieldwork(self):
        pass

    @transition(field=state, source=State.FIELDWORK, target=State.DRAFT)
    def send_draft(self):
        pass

    @transition(field=state, source=State.DRAFT, target=State.REPORTED)
    def report(self):
        pass

    @transition(field=state, source=State.REPORTED, target=State.RECTIFYING)
    def rectify(self):
        pass

    @transition(field=state, source=[State.REPORTED, State.RECTIFYING], target=State.CLOSED)
    def close(self):
        pass

    @transition(field=state, source=[State.PLANNED, State.NOTIFIED], target=State.CANCELLED)
    def cancel(self):
        pass
