"""Schemes (考核方案), their components and periods, and who rates whom.

A scheme (考核方案) is one organization's rules for one year. It is versioned: a scheme that has scores is never
edited in place; the edit makes the next version, the old one keeps its scores and becomes read-only.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization


class Scheme(BaseModel):
    class Status(models.TextChoices):
        CURRENT = "current", _("现行")
        SUPERSEDED = "superseded", _("已被新版本取代")

    class Template(models.TextChoices):
        FOUR_PART = "four_part", _("四项考核(季度述职评议等)")
        FIVE_IN_ONE = "five_in_one", _("五位一体多元评价")
        CUSTOM = "custom", _("自定义")

    class Rounding(models.TextChoices):
        FLOOR = "floor", _("向下取整")
        ROUND = "round", _("四舍五入")
        CEIL = "ceil", _("向上取整")

    class GradeScale(models.TextChoices):
        CADRE = "cadre", _("优秀 / 称职 / 基本称职 / 不称职")
        INSTITUTION = "institution", _("优秀 / 合格 / 基本合格 / 不合格")

    class VetoCap(models.TextChoices):
        BASIC = "basic", _("最高基本称职")
        INCOMPETENT = "incompetent", _("不称职")
        NONE = "none", _("不限制等次")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="schemes"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.CURRENT)
    name = models.CharField(_("方案名称"), max_length=100)
    template = models.CharField(_("模板"), max_length=12, choices=Template.choices, default=Template.CUSTOM)
    effective_date = models.DateField(_("施行日期"))
    bottom_ratio = models.DecimalField(_("末位比例"), max_digits=4, decimal_places=3, default=Decimal("0.100"))
    bottom_rounding = models.CharField(
        _("末位人数取整"), max_length=8, choices=Rounding.choices, default=Rounding.FLOOR
    )
    bottom_minimum = models.PositiveSmallIntegerField(_("末位最少人数"), default=1)
    bottom_minimum_group_size = models.PositiveSmallIntegerField(_("适用最少人数的组规模"), default=10)
    min_group_size = models.PositiveSmallIntegerField(_("考核组最少人数"), default=1)
    excellent_quota = models.DecimalField(_("优秀比例"), max_digits=4, decimal_places=3, default=Decimal("0.200"))
    excellent_quota_approval = models.CharField(_("提高优秀比例批准文号"), max_length=100, blank=True)
    bonus_cap = models.DecimalField(_("年度加分上限"), max_digits=6, decimal_places=2, default=Decimal("3.00"))
    deduction_cap = models.DecimalField(_("年度扣分上限"), max_digits=6, decimal_places=2, default=Decimal("10.00"))
    grade_scale = models.CharField(_("等次序列"), max_length=12, choices=GradeScale.choices, default=GradeScale.CADRE)
    basic_below = models.DecimalField(_("低于此分为基本称职"), max_digits=6, decimal_places=2, default=Decimal("70.00"))
    incompetent_below = models.DecimalField(
        _("低于此分为不称职"), max_digits=6, decimal_places=2, default=Decimal("60.00")
    )
    veto_cap = models.CharField(_("一票否决后等次"), max_length=12, choices=VetoCap.choices, default=VetoCap.BASIC)
    appeal_working_days = models.PositiveSmallIntegerField(_("申诉期限(工作日)"), default=5)
    warning_ratio = models.DecimalField(_("预警比例"), max_digits=4, decimal_places=3, default=Decimal("0.200"))
    created_by = user_reference(_("创建人"))

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "organization", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "version"], name="scheme_unique_version"),
            models.UniqueConstraint(
                fields=["organization", "year"], condition=Q(status="current"), name="scheme_one_current"
            ),
            models.CheckConstraint(
                condition=Q(bottom_ratio__gte=0, bottom_ratio__lte=1), name="scheme_bottom_ratio_range"
            ),
            models.CheckConstraint(
                condition=Q(excellent_quota__gte=0, excellent_quota__lte=Decimal("0.25")),
                name="scheme_excellent_quota_range",
            ),
            models.CheckConstraint(condition=Q(bonus_cap__gte=0, deduction_cap__gte=0), name="scheme_caps_positive"),
            models.CheckConstraint(
                condition=Q(incompetent_below__lte=F("basic_below")), name="scheme_grade_thresholds_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.name}(第{self.version}版)"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class Component(BaseModel):
    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("每季度")
        HALF_YEARLY = "half_yearly", _("每半年")
        YEARLY = "yearly", _("每年")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("平均分")
        TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后平均")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(_("项目代码"), max_length=40)
    name = models.CharField(_("考核项目"), max_length=100)
    weight = models.DecimalField(_("权重(%)"), max_digits=5, decimal_places=2)
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2, default=Decimal("0"))
    max_score = models.DecimalField(_("最高分"), max_digits=6, decimal_places=2, default=Decimal("100"))
    frequency = models.CharField(_("频次"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY)
    aggregation = models.CharField(_("汇总方式"), max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["scheme", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="component_unique_code"),
            models.UniqueConstraint(fields=["scheme", "name"], name="component_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="component_weight_range"),
            models.CheckConstraint(condition=Q(max_score__gt=F("min_score")), name="component_range_ordered"),
        ]

    def __str__(self):
        return self.name

    @property
    def period_kinds(self) -> list[str]:
        return PERIOD_KINDS_BY_FREQUENCY[self.frequency]


class Period(BaseModel):
    class Kind(models.TextChoices):
        Q1 = "Q1", _("第一季度")
        Q2 = "Q2", _("第二季度")
        Q3 = "Q3", _("第三季度")
        Q4 = "Q4", _("第四季度")
        H1 = "H1", _("上半年")
        H2 = "H2", _("下半年")
        YEAR = "Y", _("全年")

    class Status(models.TextChoices):
        PENDING = "pending", _("未开始")
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("已结束")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("期间"), max_length=2, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("截止日期"))
    due_date = models.DateField(_("评分截止日期"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始评分时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束评分时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核期间")
        verbose_name_plural = _("考核期间")
        ordering = ["scheme", "start_date", "end_date"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind"], name="period_unique_kind"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="period_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.scheme.year}年{self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


PERIOD_KINDS_BY_FREQUENCY: dict[str, list[str]] = {
    Component.Frequency.QUARTERLY: [Period.Kind.Q1, Period.Kind.Q2, Period.Kind.Q3, Period.Kind.Q4],
    Component.Frequency.HALF_YEARLY: [Period.Kind.H1, Period.Kind.H2],
    Component.Frequency.YEARLY: [Period.Kind.YEAR],
}
# The periods after which the running composite is taken (过程得分) and the early warning sent.
QUARTERS = (Period.Kind.Q1, Period.Kind.Q2, Period.Kind.Q3, Period.Kind.Q4)


class RaterAssignment(BaseModel):
    """`rater` rates `ratee` on `component` in each of the component's periods."""

    component = models.ForeignKey(
        Component, verbose_name=_("考核项目"), on_delete=models.CASCADE, related_name="assignments"
    )
    rater = models.ForeignKey(Cadre, verbose_name=_("评分人"), on_delete=models.PROTECT, related_name="+")
    ratee = models.ForeignKey(Cadre, verbose_name=_("被评人"), on_delete=models.PROTECT, related_name="+")
    # Denormalized from the component, so a rater's grid is one indexed filter.
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("评分关系")
        verbose_name_plural = _("评分关系")
        constraints = [
            models.UniqueConstraint(fields=["component", "rater", "ratee"], name="assignment_unique"),
            models.CheckConstraint(condition=~Q(rater=F("ratee")), name="assignment_not_self"),
        ]
        indexes = [models.Index(fields=["scheme", "rater"])]

    def __str__(self):
        return f"{self.rater} → {self.ratee}:{self.component}"
