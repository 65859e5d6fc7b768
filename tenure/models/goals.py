"""Term goals (任期目标, 正职任期制、副职聘任制的地方办法): overall and annual, in eight areas, quantified or described, shared by a unit's
team or personal to one member; proposed by the unit, reviewed, approved by the committee. Only approved goals count."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization, Unit


class GoalArea(models.TextChoices):
    DUTIES = "duties", _("工作职能和职责")
    PRIORITIES = "priorities", _("市委市政府工作重点")
    GRASSROOTS = "grassroots", _("基层组织建设与群团组织建设")
    TEAM = "team", _("班子和干部队伍建设")
    CIVILITY = "civility", _("精神文明建设")
    INTEGRITY = "integrity", _("党风廉政建设")
    PLANNING = "planning", _("中长期发展规划目标")
    OTHER = "other", _("其他重点工作")


class TermGoal(BaseModel):
    class Scope(models.TextChoices):
        OVERALL = "overall", _("任期总体目标")
        ANNUAL = "annual", _("年度目标")

    class Kind(models.TextChoices):
        QUANTIFIED = "quantified", _("量化指标")
        DESCRIBED = "described", _("定性描述")

    class Responsibility(models.TextChoices):
        SHARED = "shared", _("共同责任")
        PERSONAL = "personal", _("岗位责任")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        REVIEWED = "reviewed", _("已审核,待党组批准")
        APPROVED = "approved", _("已批准")
        RETURNED = "returned", _("已退回修改")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="tenure_goals")
    # A personal goal (岗位责任) is one team member's; a shared one (共同责任) every member's of the unit's team.
    responsibility = models.CharField(_("责任类型"), max_length=10, choices=Responsibility.choices)
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="tenure_goals"
    )
    scope = models.CharField(_("目标类型"), max_length=10, choices=Scope.choices)
    # Annual: the year. Overall: the term's first and last year.
    year = models.PositiveSmallIntegerField(_("年度(起)"))
    end_year = models.PositiveSmallIntegerField(_("年度(止)"))
    area = models.CharField(_("目标领域"), max_length=20, choices=GoalArea.choices)
    title = models.CharField(_("目标名称"), max_length=200)
    kind = models.CharField(_("指标类型"), max_length=12, choices=Kind.choices)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    measure_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    description = models.TextField(_("目标描述"), blank=True)
    measures = models.TextField(_("落实措施"), blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=Decimal(10))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = user_reference(_("提出人"))
    reviewed_by = user_reference(_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = user_reference(_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("任期目标")
        verbose_name_plural = _("任期目标")
        ordering = ["unit__path", "year", "area", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("year")), name="tenure_goal_years"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="tenure_goal_weight_positive"),
            models.CheckConstraint(
                condition=Q(responsibility="shared", cadre__isnull=True)
                | Q(responsibility="personal", cadre__isnull=False),
                name="tenure_goal_personal_has_cadre",
            ),
            models.CheckConstraint(
                condition=~Q(kind="quantified") | Q(target__isnull=False), name="tenure_goal_quantified_has_target"
            ),
        ]
        indexes = [models.Index(fields=["organization", "state", "year"], name="tenure_goal_by_state")]

    def __str__(self):
        return self.title

    @property
    def counts(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def target_text(self) -> str:
        if self.kind != self.Kind.QUANTIFIED or self.target is None:
            return ""
        return f"{self.target.normalize():f}{self.measure_unit}"
