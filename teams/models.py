"""Leadership teams (领导班子, DOMAIN §5a): a unit's team, its annual grade with the consequences the grade calls for,
and its post-evaluation (后评估) in six dimensions.

A team is its unit's leading posts (org.Post with is_leadership) and the cadres holding them now (org.Appointment);
its approved number of posts (职数) is the sum of those posts' headcounts. Nothing here copies the roster: the 结构
indicators are computed from it when a post-evaluation is recorded, and kept with it as they were that day.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization, Unit


class Team(BaseModel):
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="leadership_team")
    # 组建或换届: a post-evaluation looks at a team some months after it.
    formed_on = models.DateField(_("组建或换届日期"))
    created_by = user_reference(_("建立人"))

    class Meta:
        verbose_name = _("领导班子")
        verbose_name_plural = _("领导班子")
        ordering = ["unit__path"]

    def __str__(self):
        return _("%(unit)s领导班子") % {"unit": self.unit.name}


class MemberProfile(BaseModel):
    """What the 结构 indicators need of a cadre beyond the roster: political status, education, specialty."""

    class PoliticalStatus(models.TextChoices):
        PARTY = "party", _("中共党员")
        PROBATIONARY = "probationary", _("中共预备党员")
        DEMOCRATIC = "democratic", _("民主党派")
        NONE = "none", _("群众")

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", _("研究生")
        UNDERGRADUATE = "undergraduate", _("大学本科")
        COLLEGE = "college", _("大学专科")
        SECONDARY = "secondary", _("中专及以下")

    PARTY_STATUSES = (PoliticalStatus.PARTY, PoliticalStatus.PROBATIONARY)

    cadre = models.OneToOneField(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="team_profile")
    political_status = models.CharField(_("政治面貌"), max_length=15, choices=PoliticalStatus.choices, blank=True)
    education = models.CharField(_("学历"), max_length=15, choices=Education.choices, blank=True)
    specialty = models.CharField(_("专业"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("班子成员信息")
        verbose_name_plural = _("班子成员信息")

    def __str__(self):
        return f"{self.cadre.name} {self._meta.verbose_name}"


class Grade(models.TextChoices):
    """The teams' categories (正职任期制、副职聘任制的地方办法) and the national team scale they map to one to one."""

    FIRST = "1", _("一类(好)")
    SECOND = "2", _("二类(较好)")
    THIRD = "3", _("三类(一般)")
    FOURTH = "4", _("四类(较差)")


class TeamGrade(BaseModel):
    """The party committee's annual grade of a team, with what it rested on."""

    team = models.ForeignKey(Team, verbose_name=_("领导班子"), on_delete=models.PROTECT, related_name="grades")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("班子类别"), max_length=1, choices=Grade.choices)
    # The team's democratic evaluation score that year, as the committee saw it (ballots' feed), if there was one.
    evaluation_score = models.DecimalField(_("民主测评得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    evaluation_title = models.CharField(_("民主测评"), max_length=100, blank=True)
    basis = models.TextField(_("评定依据"))
    decided_on = models.DateField(_("评定日期"))
    decided_by = user_reference(_("评定人"))

    class Meta:
        verbose_name = _("班子年度类别")
        verbose_name_plural = _("班子年度类别")
        ordering = ["team", "-year"]
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="team_grade_once_a_year")]

    def __str__(self):
        return f"{self.team} {self.year} {self.get_grade_display()}"


class Consequence(BaseModel):
    """What a grade calls for (正职任期制、副职聘任制的地方办法): 一类 → 通报表扬 and 物质奖励; 三类 → 诫勉或提醒谈话 and an improvement plan
    with a deadline; 四类 → 组织调整. HR records when each was done."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("通报表扬")
        REWARD = "reward", _("物质奖励")
        TALK = "talk", _("诫勉或提醒谈话")
        IMPROVEMENT = "improvement", _("限期整改")
        ADJUSTMENT = "adjustment", _("组织调整")

    grade = models.ForeignKey(
        TeamGrade, verbose_name=_("班子年度类别"), on_delete=models.CASCADE, related_name="consequences"
    )
    kind = models.CharField(_("结果运用"), max_length=12, choices=Kind.choices)
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("对象"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = user_reference(_("经办人"))
    note = models.TextField(_("办理情况"), blank=True)

    class Meta:
        verbose_name = _("班子类别结果运用")
        verbose_name_plural = _("班子类别结果运用")
        ordering = ["grade", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "kind"], name="consequence_once_per_grade"),
            models.CheckConstraint(condition=Q(done_on__isnull=True) | ~Q(note=""), name="consequence_done_with_note"),
        ]

    def __str__(self):
        return f"{self.grade} {self.get_kind_display()}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Dimension(models.TextChoices):
    """The six dimensions of a post-evaluation (济南市换届“后评估”). 问题 is scored the other way round: 100 = no problem."""

    POLITICAL = "political", pgettext_lazy("后评估维度", "政治")
    OPERATION = "operation", pgettext_lazy("后评估维度", "运行")
    PROFESSIONAL = "professional", pgettext_lazy("后评估维度", "专业")
    STRUCTURE = "structure", pgettext_lazy("后评估维度", "结构")
    PERFORMANCE = "performance", pgettext_lazy("后评估维度", "实绩")
    PROBLEMS = "problems", pgettext_lazy("后评估维度", "问题")


class PostEvaluation(BaseModel):
    """后评估 of a team after it was formed or renewed (济南市换届“后评估”): five dimensions scored 0–100 by the evaluation
    team with evidence, 结构 computed from the roster against targets, and the "出彩型" cadres it names."""

    team = models.ForeignKey(
        Team, verbose_name=_("领导班子"), on_delete=models.PROTECT, related_name="post_evaluations"
    )
    evaluated_on = models.DateField(_("评估日期"))
    scores = models.JSONField(_("各维度得分"))  # {dimension: "87.50"}, 结构 included
    evidence = models.JSONField(_("评估依据"))  # {dimension: text}, the five scored ones
    structure = models.JSONField(_("结构指标"))  # teams.structure.Structure.as_dict(), as computed that day
    structure_targets = models.JSONField(_("结构目标"))
    outstanding = models.ManyToManyField(Cadre, verbose_name=_("出彩型干部"), blank=True, related_name="+")
    recorded_by = user_reference(_("录入人"))

    class Meta:
        verbose_name = _("班子后评估")
        verbose_name_plural = _("班子后评估")
        ordering = ["team", "-evaluated_on", "-id"]

    def __str__(self):
        return f"{self.team} {self.evaluated_on} {self._meta.verbose_name}"
