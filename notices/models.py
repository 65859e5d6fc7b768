from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel


class Notice(BaseModel):
    """One notice to one person about one occurrence of one deadline. The unique constraint makes a second attempt
    to create it a no-op, so a scan that runs twice, or dies half way and runs again, never duplicates it.

    The in-app notice exists from the moment the row does; the e-mail goes out through the claim fields below."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        SKIPPED = "skipped", _("无邮箱")

    # Every e-mail marks its row once; each index on the table costs that write a little, so none is kept that
    # another index already serves (notice_once and notice_inbox both start with the recipient).
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
        db_index=False,
    )
    kind = models.CharField(_("期限类别"), max_length=64)
    subject_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE, db_index=False)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    # Which reminder of the deadline: "before:3", "due", "after:1", "escalation".
    occurrence = models.CharField(_("提醒节点"), max_length=32)
    # Empty for an informational notice (考核结果已公布): only a notice that asks for an action has a due date.
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    calendar_warning = models.CharField(_("日历提示"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    email_status = models.CharField(
        _("邮件状态"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    email_next_attempt_at = models.DateTimeField(_("下次发送时间"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    email_claim = models.CharField(_("认领标识"), max_length=32, blank=True)
    email_sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    email_error = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "occurrence"], name="notice_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["email_status", "email_next_attempt_at"],
                name="notice_email_due",
                condition=Q(email_status__in=["pending", "sending"]),
            ),
            # The sender claims the oldest pending rows: this index holds those alone, in the claim's order, so a
            # claim does not walk past the sent rows that accumulate below them.
            models.Index(fields=["id"], name="notice_pending_order", condition=Q(email_status="pending")),
            models.Index(fields=["recipient", "read_at"], name="notice_inbox"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class WarningSwitch(BaseModel):
    """Whether one kind of early warning (notices.warnings) is on for one organization. A kind without a row is on:
    the catalog is on by default, and HR of the whole bureau switches a kind off (and on again)."""

    organization = models.ForeignKey(
        "org.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("预警类别"), max_length=64)
    enabled = models.BooleanField(_("启用"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("预警开关")
        verbose_name_plural = _("预警开关")
        ordering = ["organization", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="warning_switch_once")]

    def __str__(self):
        return f"{self.organization} {self.kind} {'on' if self.enabled else 'off'}"
