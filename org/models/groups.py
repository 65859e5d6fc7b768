"""Assessment groups: the sets within which cadres are ranked, one group per cadre a year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from org.models.people import Cadre
from org.models.structure import Organization


class AssessmentGroup(BaseModel):
    """The set within which cadres are ranked for one year (e.g. 所长组、科长组)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="assessment_groups"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("考核组名称"), max_length=100)
    members = models.ManyToManyField(
        Cadre, verbose_name=_("成员"), through="GroupMembership", related_name="assessment_groups"
    )

    class Meta:
        verbose_name = _("考核组")
        verbose_name_plural = _("考核组")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "name"], name="group_unique_name_per_year"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.name}"


class GroupMembership(BaseModel):
    group = models.ForeignKey(
        AssessmentGroup, verbose_name=_("考核组"), on_delete=models.CASCADE, related_name="memberships"
    )
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="memberships")
    # Copied from the group so that "one group per cadre per year" is a database constraint.
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)

    class Meta:
        verbose_name = _("考核组成员")
        verbose_name_plural = _("考核组成员")
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="membership_one_group_per_year"),
        ]

    def __str__(self):
        return f"{self.group} · {self.cadre}"
