"""Appeals (申诉复核) of an approved deduction or veto, and the statutory 复核 of a 不称职 grade."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.records import PointEntry, VetoEntry
from assessments.models.results import Result
from common.models import BaseModel, user_reference
from org.models import Cadre


class Appeal(BaseModel):
    """A cadre's appeal (申诉复核) of an approved deduction or veto, within the scheme's working-day deadline; or the
    statutory 复核 of a 不称职 grade (30 calendar days, 公务员法). The committee upholds or revokes; a revoked item
    leaves the computation and the year is re-computed."""

    class Target(models.TextChoices):
        DEDUCTION = "deduction", _("扣分")
        VETO = "veto", _("一票否决")
        GRADE = "grade", _("不称职等次复核")

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        UPHELD = "upheld", _("维持原决定")
        REVOKED = "revoked", _("撤销")

    cadre = models.ForeignKey(Cadre, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.CharField(_("申诉对象"), max_length=10, choices=Target.choices)
    point_entry = models.ForeignKey(
        PointEntry, verbose_name=_("扣分记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    veto_entry = models.ForeignKey(
        VetoEntry, verbose_name=_("否决记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    result = models.ForeignKey(
        Result,
        verbose_name=_("考核结果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    deadline = models.DateField(_("申诉期限"))
    reason = models.TextField(_("申诉理由"))
    filed_by = user_reference(_("提交人"), blank=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = user_reference(_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)

    class Meta:
        verbose_name = _("申诉复核")
        verbose_name_plural = _("申诉复核")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target="deduction", point_entry__isnull=False, veto_entry__isnull=True)
                    | Q(target="veto", veto_entry__isnull=False, point_entry__isnull=True)
                    | Q(target="grade", point_entry__isnull=True, veto_entry__isnull=True)
                ),
                name="appeal_target_matches",
            ),
            # One open appeal per item at a time.
            models.UniqueConstraint(
                fields=["point_entry"], condition=Q(status="pending"), name="appeal_one_open_per_point"
            ),
            models.UniqueConstraint(
                fields=["veto_entry"], condition=Q(status="pending"), name="appeal_one_open_per_veto"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} {self.get_target_display()} {self.get_status_display()}"
