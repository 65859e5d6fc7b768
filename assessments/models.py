"""Schemes, their components and periods, who rates whom, the scores, and the point and veto records.

A scheme (考核方案) is one organization's rules for one year. It is versioned: a scheme that has scores is never
edited in place; the edit makes the next version, the old one keeps its scores and becomes read-only.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, ImportJobBase, user_reference
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


PERIOD_KINDS_BY_FREQUENCY = {
    Component.Frequency.QUARTERLY: [Period.Kind.Q1, Period.Kind.Q2, Period.Kind.Q3, Period.Kind.Q4],
    Component.Frequency.HALF_YEARLY: [Period.Kind.H1, Period.Kind.H2],
    Component.Frequency.YEARLY: [Period.Kind.YEAR],
}


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


# --- annual results ---------------------------------------------------------------------------------------------


class Grade(models.TextChoices):
    """等次, stored as the national code so that other cadre-management software can read exports."""

    EXCELLENT = "1", _("优秀")
    COMPETENT = "2", _("称职")
    BASIC = "3", _("基本称职")
    INCOMPETENT = "4", _("不称职")
    UNDETERMINED = "5", _("不定等次")
    NOT_ASSESSED = "6", _("不进行考核")


# The institution scale (事业单位) names the same codes differently.
INSTITUTION_GRADE_LABELS = {
    Grade.EXCELLENT: _("优秀"),
    Grade.COMPETENT: _("合格"),
    Grade.BASIC: _("基本合格"),
    Grade.INCOMPETENT: _("不合格"),
    Grade.UNDETERMINED: _("不定等次"),
    Grade.NOT_ASSESSED: _("不进行考核"),
}


class SpecialStatus(BaseModel):
    """A cadre's no-grade state for a year, recorded by HR: 不定等次 (probation, under investigation) or
    不进行考核 (e.g. leave of more than half a year)."""

    class State(models.TextChoices):
        UNDETERMINED = "undetermined", _("不定等次")
        NOT_ASSESSED = "not_assessed", _("不进行考核")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("情形"), max_length=14, choices=State.choices)
    reason = models.CharField(_("原因"), max_length=200)
    recorded_by = user_reference(_("登记人"))

    class Meta:
        verbose_name = _("不定等次/不进行考核情形")
        verbose_name_plural = _("不定等次/不进行考核情形")
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="special_status_one_per_year")]

    def __str__(self):
        return f"{self.cadre} {self.year}年 {self.get_state_display()}"


class ResultRun(BaseModel):
    """One computation of an organization's year (or one group): a version of the results."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("计算中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(_("版本"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs")
    group = models.ForeignKey(
        "org.AssessmentGroup",
        verbose_name=_("考核组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    reason = models.CharField(_("计算原因"), max_length=200, blank=True)
    requested_by = user_reference(_("发起人"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    summary = models.JSONField(_("计算摘要"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("考核结果计算")
        verbose_name_plural = _("考核结果计算")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "version"], name="result_run_unique_version"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="result_run_progress"),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}年 第{self.version}版"


class Result(models.Model):
    """One cadre's annual result in one run. Written set-wise by the computation (assessments.results.engine).

    `sanction_effect`: "" none, "not_excellent" (警告, 诫勉, 调整职务: not 优秀 that year), "no_grade" (记过 that year;
    记大过/降级/撤职 that year and the next; 责令辞职/免职/降职), "incompetent" (撤销党内职务, 留党察看)."""

    class SanctionEffect(models.TextChoices):
        NONE = "", _("无")
        NOT_EXCELLENT = "not_excellent", _("当年不得评为优秀")
        NO_GRADE = "no_grade", _("不定等次")
        INCOMPETENT = "incompetent", _("确定为不称职")

    # Derived rows, written 100,000 at a time by one statement from rows that are themselves constrained: no
    # per-row foreign-key checks and no single-column indexes (the two composite ones below cover every read).
    run = models.ForeignKey(
        ResultRun,
        verbose_name=_("计算版本"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    group = models.ForeignKey(
        "org.AssessmentGroup",
        verbose_name=_("考核组"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("干部"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # "component id:score" pairs, comma-separated (string aggregation is far cheaper than building JSON for
    # 100,000 rows); read through component_scores().
    components = models.TextField(_("各项得分"), blank=True, default="")
    bonus = models.DecimalField(_("加分"), max_digits=6, decimal_places=2, default=Decimal("0"))
    deduction = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2, default=Decimal("0"))
    composite = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("组内排名"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("组内人数"), default=0)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    in_bottom = models.BooleanField(_("后10%"), default=False)
    boundary_tie = models.BooleanField(_("边界并列"), default=False)
    special_status = models.CharField(_("特殊情形"), max_length=14, blank=True)
    sanction_effect = models.CharField(_("处分影响"), max_length=14, blank=True)
    incomplete = models.BooleanField(_("评分不完整"), default=False)
    excellent_tie = models.BooleanField(_("优秀名额边界并列"), default=False)
    quota_reached = models.BooleanField(_("优秀名额已满"), default=False)
    grade = models.CharField(_("拟定等次"), max_length=1, choices=Grade.choices, blank=True)

    class Meta:
        verbose_name = _("年度考核结果")
        verbose_name_plural = _("年度考核结果")
        constraints = [models.UniqueConstraint(fields=["run", "cadre"], name="result_one_per_cadre")]
        indexes = [models.Index(fields=["run", "group", "rank"])]

    def __str__(self):
        return f"{self.cadre} {self.composite}"

    def component_scores(self) -> dict[int, Decimal]:
        """{component id: score} of the components that had scores."""
        pairs = (item.split(":") for item in self.components.split(",") if item)
        return {int(k): Decimal(v) for k, v in pairs}


class TieDecision(BaseModel):
    """The party committee's word on a tie the computation will not break: who of the cadres tied across the bottom
    cut falls in the bottom set, or who of those tied at the 优秀 quota is graded 优秀. Tied to the run decided on."""

    class Kind(models.TextChoices):
        BOTTOM = "bottom", _("后10%边界并列")
        EXCELLENT = "excellent", _("优秀名额边界并列")

    run = models.ForeignKey(ResultRun, verbose_name=_("计算版本"), on_delete=models.CASCADE, related_name="decisions")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    chosen = models.BooleanField(_("列入"))  # in the bottom set / graded 优秀
    reason = models.TextField(_("理由"))
    decided_by = user_reference(_("决定人"), blank=False)

    class Meta:
        verbose_name = _("边界并列裁定")
        verbose_name_plural = _("边界并列裁定")
        constraints = [models.UniqueConstraint(fields=["run", "cadre", "kind"], name="tie_decision_once")]

    def __str__(self):
        return f"{self.cadre} {self.get_kind_display()} {'列入' if self.chosen else '不列入'}"


class Publication(BaseModel):
    """An organization's year on its way out: the committee confirms a run, 优秀 candidates are posted (公示) for
    five working days, then HR publishes. Publication locks the year's scores; a later appeal or tolerance case
    re-versions the result and moves `run` to the new version (audited)."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("党组已确认")
        POSTED = "posted", _("优秀人选公示中")
        PUBLISHED = "published", _("已公布")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    run = models.ForeignKey(ResultRun, verbose_name=_("结果版本"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.CONFIRMED)
    confirmed_by = user_reference(_("确认人"), blank=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    posted_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    posting_ends_on = models.DateField(_("公示截止日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    published_by = user_reference(_("公布人"))

    class Meta:
        verbose_name = _("考核结果公布")
        verbose_name_plural = _("考核结果公布")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="publication_one_per_year")]

    def __str__(self):
        return f"{self.organization} {self.year}年 {self.get_state_display()}"


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
