"""Confirmed roster imports, carried out by a background worker."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import ImportJobBase
from org.models.structure import Organization


class RosterImportJob(ImportJobBase):
    """A confirmed roster import, carried out by a background worker so that a large file never freezes the page."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.JSONField(_("变更摘要"), default=list, blank=True)
    # HR's answers in the preview about new names close to existing ones (org.roster.names).
    name_choices = models.JSONField(_("相近名称的选择"), default=dict, blank=True)

    class Meta:
        verbose_name = _("花名册导入任务")
        verbose_name_plural = _("花名册导入任务")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="roster_job_progress_percent"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
