"""One rater's score of one cadre on one component in one period."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models.schemes import Component, Period, Scheme
from common.models import BaseModel, user_reference
from org.models import Cadre


class Score(BaseModel):
    """One rater's score of one cadre on one component in one period.

    The component's range is copied onto the row so the database itself refuses a score out of range; a component
    with scores never changes (a change makes a new scheme version), so the copy cannot go stale.
    """

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="scores")
    component = models.ForeignKey(
        Component, verbose_name=_("考核项目"), on_delete=models.CASCADE, related_name="scores"
    )
    period = models.ForeignKey(Period, verbose_name=_("期间"), on_delete=models.CASCADE, related_name="scores")
    rater = models.ForeignKey(Cadre, verbose_name=_("评分人"), on_delete=models.PROTECT, related_name="+")
    ratee = models.ForeignKey(Cadre, verbose_name=_("被评人"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("分数"), max_digits=6, decimal_places=2)
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("最高分"), max_digits=6, decimal_places=2)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    revision = models.PositiveIntegerField(_("修订号"), default=1)
    entered_by = user_reference(_("录入人"))

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["rater", "ratee", "component", "period"], name="score_unique_cell"),
            models.CheckConstraint(
                condition=Q(value__gte=F("min_score"), value__lte=F("max_score")), name="score_in_range"
            ),
        ]
        # Serves the annual computation: scores of a scheme in (ratee, component, period) order, no sort.
        indexes = [models.Index(fields=["scheme", "ratee", "component", "period"], name="score_cells")]

    def __str__(self):
        # The enum's label, not get_kind_display(): that rebuilds the choices on every call, which an import of ten
        # thousand audited scores feels.
        return f"{self.ratee}·{self.component}·{Period.Kind(self.period.kind).label}"
