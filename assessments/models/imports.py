"""A confirmed import of scores, points or vetoes, carried out by a background worker."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import ImportJobBase
from org.models import Organization


class ImportJob(ImportJobBase):
    """A confirmed import of scores, points or vetoes, carried out by a background worker (progress page)."""

    class Kind(models.TextChoices):
        SCORES = "scores", _("评分")
        POINTS = "points", _("加减分")
        VETOES = "vetoes", _("一票否决")

    kind = models.CharField(_("导入类别"), max_length=10, choices=Kind.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)

    class Meta:
        verbose_name = _("考核数据导入任务")
        verbose_name_plural = _("考核数据导入任务")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="assessment_import_progress")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"
