"""What the 年度考核登记表 needs that no other app keeps: the cadre's 个人总结 of the year (written online before the
deadline HR sets, or a paper one HR uploads) and the cadre's own acknowledgement (本人意见)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization


class SummaryDeadline(BaseModel):
    """The last day a cadre may write or change the year's 个人总结 online (HR sets it per organization and year)."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("个人总结截止日期"))
    set_by = user_reference(_("设置人"))

    class Meta:
        verbose_name = _("个人总结截止日期")
        verbose_name_plural = _("个人总结截止日期")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="summary_deadline_unique_year"),
        ]

    def __str__(self):
        return f"{self.year} {self.deadline}"


class PersonalSummary(BaseModel):
    """A cadre's 个人总结 of one year, and the cadre's own opinion on the form (本人意见)."""

    class Source(models.TextChoices):
        ONLINE = "online", _("网上填写")
        PAPER = "paper", _("纸质上传")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="summaries")
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    text = models.TextField(_("个人总结"), blank=True)
    paper = models.FileField(_("纸质总结扫描件"), upload_to="papers/summaries/", blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = user_reference(_("提交人"))
    own_opinion = models.CharField(_("本人意见"), max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(_("本人签署时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人总结")
        verbose_name_plural = _("个人总结")
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="personal_summary_unique_year"),
        ]

    def __str__(self):
        return f"{self.cadre} {self.year}"
