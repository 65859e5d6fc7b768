"""能上能下 measures' waiting periods and dismissal protections.

The organizational measures themselves (提醒谈话, 诫勉, 调离岗位, 改任职级, 免职, 降职 …) are `org.SanctionRecord` rows of
the category 组织处理: the annual results already read them, and this app adds their waiting periods.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization, SanctionRecord


class WaitingPeriodRule(BaseModel):
    """How long a measure keeps a cadre off promotion and off leading posts. Rows without an organization are the
    national defaults (《中国共产党组织处理规定(试行)》2021; 《党政领导干部选拔任用工作条例》); an organization's row for
    the same kind overrides them."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("措施种类"), max_length=30, choices=SanctionRecord.Kind.choices)
    no_promotion_months = models.PositiveSmallIntegerField(_("不得提拔(月)"), default=0)
    no_leading_post_months = models.PositiveSmallIntegerField(_("不得担任领导职务(月)"), default=0)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("影响期规则")
        verbose_name_plural = _("影响期规则")
        ordering = ["organization", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="waiting_rule_once_per_org"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(organization__isnull=True), name="waiting_rule_once_national"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}"


class DismissalProtection(BaseModel):
    """A period in which a cadre may not be dismissed (辞退), whatever their grades (《公务员法》)."""

    class Kind(models.TextChoices):
        PREGNANCY = "pregnancy", _("孕期")
        MATERNITY = "maternity", _("产假")
        NURSING = "nursing", _("哺乳期")
        MEDICAL = "medical", _("医疗期")
        WORK_INJURY = "work_injury", _("因公致残")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="dismissal_protections"
    )
    kind = models.CharField(_("情形"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("开始日期"))
    # Empty: still lasting (a work-injury disability has no end).
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = user_reference(_("登记人"))

    class Meta:
        verbose_name = _("不得辞退情形")
        verbose_name_plural = _("不得辞退情形")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="protection_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.get_kind_display()}"
