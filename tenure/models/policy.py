"""The organization's tenure policy (任期制 / 聘任制 办法), versioned: every change is a new version with the date it
takes effect, and each rule is read from the version in effect on the day it is applied (《党政领导干部职务任期暂行规定》2006)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Organization, Post, Unit


class TenurePolicy(BaseModel):
    class StartRule(models.TextChoices):
        # Seed 004: decided on or before 30 June → 1 January of that year; after → 1 January of the next year.
        JUNE_30 = "june_30", _("6月30日规则")
        APPOINTMENT_DATE = "appointment_date", _("自任职决定之日起")
        PROBATION_START = "probation_start", _("自到岗(试用期开始)之日起")

    class PartialRule(models.TextChoices):
        MORE_THAN_YEARS = "years", _("任职超过规定年数的计为一个任期")
        MORE_THAN_HALF = "half", _("任职超过任期一半的计为一个任期")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="tenure_policies"
    )
    version = models.PositiveSmallIntegerField(_("版本"))
    effective_from = models.DateField(_("生效日期"))
    basis = models.CharField(_("依据文件"), max_length=200, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("任期年限"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    start_rule = models.CharField(
        _("任期起算规则"), max_length=20, choices=StartRule.choices, default=StartRule.JUNE_30
    )
    partial_rule = models.CharField(
        _("不满任期的计算"), max_length=10, choices=PartialRule.choices, default=PartialRule.MORE_THAN_YEARS
    )
    partial_years = models.PositiveSmallIntegerField(
        _("计为一个任期须超过的年数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # Months before a term's end at which HR and the cadre are reminded, and the 任现职 years that are marked.
    reminder_months = models.CharField(_("届满前提醒(月)"), max_length=50, default="6,3,1")
    ladder_years = models.CharField(_("任现职年限提示(年)"), max_length=50, default="5,8,10")
    # Seed 004: an open audit finding holds the cadre in 待岗 and refuses a transfer or a re-appointment.
    audit_holds = models.BooleanField(_("审计发现问题未整改完毕的暂停任免(待岗)"), default=True)
    goals_public = models.BooleanField(_("任期目标批准后在本单位内公示"), default=True)
    performance_weight = models.DecimalField(_("工作实绩权重(%)"), max_digits=5, decimal_places=2, default=Decimal(60))
    democratic_weight = models.DecimalField(_("民意测评权重(%)"), max_digits=5, decimal_places=2, default=Decimal(40))
    basic_below = models.DecimalField(_("低于此分为基本称职"), max_digits=5, decimal_places=2, default=Decimal(70))
    incompetent_below = models.DecimalField(_("低于此分为不称职"), max_digits=5, decimal_places=2, default=Decimal(60))
    excellent_quota = models.DecimalField(_("优秀比例上限"), max_digits=4, decimal_places=3, default=Decimal("0.200"))
    retirement_service_years = models.PositiveSmallIntegerField(_("提前离岗所需工龄(年)"), default=30)
    created_by = user_reference(_("设立人"))

    class Meta:
        verbose_name = _("任期制办法")
        verbose_name_plural = _("任期制办法")
        ordering = ["organization", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="tenure_policy_version"),
            models.UniqueConstraint(fields=["organization", "effective_from"], name="tenure_policy_one_a_day"),
            models.CheckConstraint(
                condition=Q(performance_weight__gte=0) & Q(democratic_weight__gte=0),
                name="tenure_policy_weights_positive",
            ),
            models.CheckConstraint(
                condition=Q(incompetent_below__lte=models.F("basic_below")), name="tenure_policy_thresholds_order"
            ),
        ]

    def __str__(self):
        return _("%(org)s任期制办法(第 %(v)s 版)") % {"org": self.organization, "v": self.version}

    @staticmethod
    def numbers(text: str) -> list[int]:
        """ "6,3,1" → [6, 3, 1]; the services keep the text clean."""
        return [int(part) for part in text.split(",") if part.strip()]

    @property
    def reminder_month_list(self) -> list[int]:
        return self.numbers(self.reminder_months)

    @property
    def ladder_year_list(self) -> list[int]:
        return self.numbers(self.ladder_years)


class Regime(models.TextChoices):
    TERM = "term", _("任期制")
    CONTRACT = "contract", _("聘任制")


class PolicyPostKind(models.Model):
    """Which post kinds serve terms (任期制, principals) and which appointment contracts (聘任制, deputies)."""

    policy = models.ForeignKey(
        TenurePolicy, verbose_name=_("办法"), on_delete=models.CASCADE, related_name="post_kinds"
    )
    post_kind = models.CharField(_("职务类别"), max_length=20, choices=Post.Kind.choices)
    regime = models.CharField(_("实行"), max_length=10, choices=Regime.choices)

    class Meta:
        verbose_name = _("实行任期制的职务类别")
        verbose_name_plural = _("实行任期制的职务类别")
        ordering = ["policy", "post_kind"]
        constraints = [models.UniqueConstraint(fields=["policy", "post_kind"], name="tenure_post_kind_once")]

    def __str__(self):
        return f"{self.get_post_kind_display()} · {self.get_regime_display()}"


class TermCap(models.Model):
    """A limit on terms or years (《党政领导干部职务任期暂行规定》: two consecutive terms in the same post, 15 years at
    the same level); several may apply. A blocking cap refuses the appointment; the others are flagged."""

    class Scope(models.TextChoices):
        POST = "post", _("同一职务")
        UNIT = "unit", _("同一单位")
        LEVEL = "level", _("同一层级")

    class Measure(models.TextChoices):
        TERMS = "terms", _("任期数")
        YEARS = "years", _("年数")

    policy = models.ForeignKey(TenurePolicy, verbose_name=_("办法"), on_delete=models.CASCADE, related_name="caps")
    scope = models.CharField(_("范围"), max_length=10, choices=Scope.choices)
    measure = models.CharField(_("计量"), max_length=10, choices=Measure.choices)
    limit = models.PositiveSmallIntegerField(_("上限"), validators=[MinValueValidator(1)])
    consecutive = models.BooleanField(_("连续计算"), default=False)
    blocks = models.BooleanField(_("达到后不再任命"), default=True)

    class Meta:
        verbose_name = _("任职上限")
        verbose_name_plural = _("任职上限")
        ordering = ["policy", "scope", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "scope", "measure"], name="tenure_cap_once"),
            models.CheckConstraint(condition=Q(limit__gte=1), name="tenure_cap_limit_positive"),
        ]

    def __str__(self):
        return self.describe()

    def describe(self) -> str:
        if self.measure == self.Measure.TERMS:
            text = _("%(scope)s%(cons)s任职满 %(n)s 个任期") % {
                "scope": self.get_scope_display(),
                "cons": _("连续") if self.consecutive else _("累计"),
                "n": self.limit,
            }
        else:
            text = _("%(scope)s累计任职满 %(n)s 年") % {"scope": self.get_scope_display(), "n": self.limit}
        return str(text)


class EvaluationSystem(BaseModel):
    """A 系统 within which term evaluations are ranked together with the same level (正职任期制、副职聘任制的地方办法: 同层级、同系统),
    e.g. 乡镇, 党群部门, 政府工作部门, 事业单位. A unit belongs to the system of itself or its nearest ancestor."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("系统名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    units = models.ManyToManyField(Unit, verbose_name=_("所含单位"), related_name="+", blank=True)

    class Meta:
        verbose_name = _("考评系统")
        verbose_name_plural = _("考评系统")
        ordering = ["organization", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="tenure_system_name")]

    def __str__(self):
        return self.name
