"""The term evaluation (任期年度考评, 正职任期制、副职聘任制的地方办法): a round per organization, year and stage (annual, mid-term 届中,
term-end 届满; the same form), one row per term: 工作实绩 from the attainment of approved goals, 民意测评 imported
(or, later, from the democratic evaluation), combined by the round's weights, ranked within level and system."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization, Post
from tenure.models.goals import TermGoal
from tenure.models.policy import EvaluationSystem, TenurePolicy
from tenure.models.terms import Term


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class EvaluationRound(BaseModel):
    class Stage(models.TextChoices):
        ANNUAL = "annual", _("年度考评")
        MID = "mid", _("届中考评")
        END = "end", _("届满考评")

    class State(models.TextChoices):
        SCORING = "scoring", _("评分中")
        RANKED = "ranked", _("已排序")
        CLOSED = "closed", _("党组已确认")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    stage = models.CharField(_("考评类型"), max_length=10, choices=Stage.choices, default=Stage.ANNUAL)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.SCORING)
    # The policy's numbers as they were when the round opened: a later policy version leaves the round alone.
    policy = models.ForeignKey(TenurePolicy, verbose_name=_("适用办法"), on_delete=models.PROTECT, related_name="+")
    performance_weight = models.DecimalField(_("工作实绩权重(%)"), max_digits=5, decimal_places=2)
    democratic_weight = models.DecimalField(_("民意测评权重(%)"), max_digits=5, decimal_places=2)
    basic_below = models.DecimalField(_("低于此分为基本称职"), max_digits=5, decimal_places=2)
    incompetent_below = models.DecimalField(_("低于此分为不称职"), max_digits=5, decimal_places=2)
    excellent_quota = models.DecimalField(_("优秀比例上限"), max_digits=4, decimal_places=3)
    # 考评组: the people who enter the goals' attainment for this round.
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("考评组成员"), related_name="+", blank=True)
    ranked_at = models.DateTimeField(_("排序时间"), null=True, blank=True)
    ranked_by = user_reference(_("排序人"))
    # Scores changed after the ranking: it must be computed again before the committee confirms.
    stale = models.BooleanField(_("排序后分数有变动"), default=False)
    closed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    closed_by = user_reference(_("确认人"))

    class Meta:
        verbose_name = _("任期考评")
        verbose_name_plural = _("任期考评")
        ordering = ["-year", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "stage"], name="tenure_round_once"),
        ]

    def __str__(self):
        return _("%(year)s年%(stage)s") % {"year": self.year, "stage": self.get_stage_display()}

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED


# Where a row's 民意测评 came from.
DEMOCRATIC_SOURCES = {"import": _("导入"), "ballots": _("民主测评")}


class TermEvaluation(BaseModel):
    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="evaluations"
    )
    term = models.ForeignKey(Term, verbose_name=_("任期"), null=True, on_delete=models.SET_NULL, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="+")
    # Ranked within the same level (the post's kind) and system.
    level = models.CharField(_("层级"), max_length=20, choices=Post.Kind.choices)
    system = models.ForeignKey(
        EvaluationSystem, verbose_name=_("系统"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    performance = models.DecimalField(_("工作实绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    democratic = models.DecimalField(_("民意测评"), max_digits=5, decimal_places=2, null=True, blank=True)
    democratic_source = models.CharField(_("民意测评来源"), max_length=20, blank=True)
    combined = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("同层级同系统人数"), null=True, blank=True)
    grade = models.CharField(_("档次"), max_length=12, choices=Grade.choices, blank=True)
    # A tie straddling the 优秀 quota: the committee chooses (excellent_chosen), the system never picks silently.
    excellent_tie = models.BooleanField(_("优秀名额边界并列"), default=False)
    excellent_chosen = models.BooleanField(_("党组确定为优秀"), null=True, blank=True)
    quota_reached = models.BooleanField(_("优秀名额已满"), default=False)
    comment = models.TextField(_("考评意见"), blank=True)

    class Meta:
        verbose_name = _("任期年度考评表")
        verbose_name_plural = _("任期年度考评表")
        ordering = ["round", "level", "rank", "cadre__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre", "post"], name="tenure_evaluation_once"),
            models.CheckConstraint(
                condition=Q(democratic__isnull=True) | Q(democratic__gte=0, democratic__lte=100),
                name="tenure_evaluation_democratic_range",
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.cadre.name}"

    @property
    def democratic_source_label(self) -> str:
        return str(DEMOCRATIC_SOURCES.get(self.democratic_source, self.democratic_source))

    @property
    def final_grade(self) -> str:
        """The grade with the committee's word on a quota tie."""
        if self.excellent_tie and self.excellent_chosen:
            return Grade.EXCELLENT
        return self.grade

    @property
    def final_grade_label(self) -> str:
        grade = self.final_grade
        return str(Grade(grade).label) if grade else ""


class GoalAttainment(BaseModel):
    """How far one approved goal was attained in one round, 0–100, entered by a member of the round's 考评组. A shared
    goal's attainment counts for every member of the unit's team."""

    round = models.ForeignKey(EvaluationRound, verbose_name=_("考评"), on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(TermGoal, verbose_name=_("目标"), on_delete=models.PROTECT, related_name="attainments")
    score = models.DecimalField(_("完成得分"), max_digits=5, decimal_places=2)
    actual = models.CharField(_("完成情况"), max_length=200, blank=True)
    scored_by = user_reference(_("评分人"))

    class Meta:
        verbose_name = _("目标完成情况")
        verbose_name_plural = _("目标完成情况")
        ordering = ["round", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["round", "goal"], name="tenure_attainment_once"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="tenure_attainment_range"),
        ]

    def __str__(self):
        return f"{self.goal} {self.score}"
