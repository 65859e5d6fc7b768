"""Annual results: the national grades, the no-grade states, each computation (a version of the results), its rows, the
committee's tie decisions and the year's publication."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.schemes import Scheme
from common.models import BaseModel, user_reference
from org.models import Cadre, Organization


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

    class ReasonKind(models.TextChoices):
        """Why, as the code table of annual results (年度考核结果代码, A1517) tells the no-grade states apart.
        《公务员考核规定》: 不定等次 (probation; under investigation until closed; during a sanction's effect)
        and 不进行考核 (e.g. leave of more than half a year). The code each gives is in assessments.exports.table."""

        PROBATION = "probation", _("新录用人员试用期内")
        INVESTIGATION = "investigation", _("被立案调查尚未结案")
        SANCTION = "sanction", _("受处分期间")
        LONG_LEAVE = "long_leave", _("病、事假累计超过半年")
        OTHER = "other", _("其他原因")

    # Which reasons go with which state.
    KINDS_BY_STATE = {
        State.UNDETERMINED: (ReasonKind.PROBATION, ReasonKind.INVESTIGATION, ReasonKind.SANCTION, ReasonKind.OTHER),
        State.NOT_ASSESSED: (ReasonKind.LONG_LEAVE, ReasonKind.OTHER),
    }

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("情形"), max_length=14, choices=State.choices)
    # Empty on a state recorded before the kinds existed: its code carries no letter.
    reason_kind = models.CharField(_("原因类别"), max_length=14, choices=ReasonKind.choices, blank=True)
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
    # The background job that carries the computation out (its lease, its worker, its progress page); empty on a run
    # that had finished before computations were background jobs.
    job = models.OneToOneField(
        "common.BackgroundJob",
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.JSONField(_("计算摘要"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    # The digest of the year's inputs when it was computed (selectors.readiness.year_fingerprint): another digest
    # now means the version is stale.
    inputs_fingerprint = models.CharField(_("数据指纹"), max_length=64, blank=True, default="")

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
    in_bottom = models.BooleanField(_("末位"), default=False)  # the bottom set, its ratio the scheme's
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
        BOTTOM = "bottom", _("末位边界并列")  # named on pages with the scheme's ratio (results.display)
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
