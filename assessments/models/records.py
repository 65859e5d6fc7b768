"""Bonus and deduction points (加减分) and one-vote vetoes (一票否决): the catalogs, and the records HR enters with evidence
and the party committee decides."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization


class PointItem(BaseModel):
    """A catalog entry of bonus or deduction points (加减分项目)."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("加分")
        DEDUCTION = "deduction", _("扣分")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("加/扣分"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("类别"), max_length=50)
    code = models.SlugField(_("项目代码"), max_length=40)
    name = models.CharField(_("项目"), max_length=200)
    points = models.DecimalField(_("每次分值"), max_digits=5, decimal_places=2)
    cap_per_year = models.DecimalField(_("每年上限"), max_digits=5, decimal_places=2)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("加减分项目")
        verbose_name_plural = _("加减分项目")
        ordering = ["organization", "kind", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="point_item_unique_code"),
            models.CheckConstraint(condition=Q(points__gt=0), name="point_item_points_positive"),
            models.CheckConstraint(condition=Q(cap_per_year__gte=F("points")), name="point_item_cap_covers_points"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}·{self.name}"


class VetoItem(BaseModel):
    """A catalog entry of one-vote vetoes (一票否决事项)."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("事项代码"), max_length=40)
    name = models.CharField(_("否决事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("一票否决事项")
        verbose_name_plural = _("一票否决事项")
        ordering = ["organization", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="veto_item_unique_code")]

    def __str__(self):
        return self.name


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    # Approved, then taken out by an upheld appeal or an error-tolerance exemption: no longer counts.
    REVOKED = "revoked", _("已撤销")


class _ApprovedRecord(BaseModel):
    """What point entries and vetoes share: recorded by HR with evidence, decided by the party committee."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    occurred_on = models.DateField(_("发生日期"))
    evidence = models.TextField(_("依据材料"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    recorded_by = user_reference(_("登记人"))
    decided_by = user_reference(_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审批意见"), blank=True)
    # The appeal deadline is counted at each read (assessments.selectors.appeals); when a calendar entered later
    # would count it otherwise, the day the cadre was told (or the later one they were told of) is kept here and the
    # count never goes below it.
    appeal_deadline_told = models.DateField(_("已告知的申诉期限"), null=True, blank=True)

    class Meta:
        abstract = True


class PointEntry(_ApprovedRecord):
    item = models.ForeignKey(PointItem, verbose_name=_("加减分项目"), on_delete=models.PROTECT, related_name="entries")
    # Always positive; the item's kind says whether it is added or deducted.
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("加减分记录")
        verbose_name_plural = _("加减分记录")
        ordering = ["-year", "-occurred_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="point_entry_points_positive")]
        indexes = [models.Index(fields=["cadre", "year", "status"])]

    def __str__(self):
        sign = "+" if self.item.kind == PointItem.Kind.BONUS else "−"
        return f"{self.cadre} {self.item.name} {sign}{self.points}"

    @property
    def signed_points(self):
        return self.points if self.item.kind == PointItem.Kind.BONUS else -self.points


class VetoEntry(_ApprovedRecord):
    item = models.ForeignKey(VetoItem, verbose_name=_("否决事项"), on_delete=models.PROTECT, related_name="entries")

    class Meta:
        verbose_name = _("一票否决记录")
        verbose_name_plural = _("一票否决记录")
        ordering = ["-year", "-occurred_on", "-id"]
        indexes = [models.Index(fields=["cadre", "year", "status"])]

    def __str__(self):
        return f"{self.cadre} {self.item.name}"
