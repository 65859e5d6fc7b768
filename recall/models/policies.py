"""The recall policy (召回管理办法) in numbers, versioned, and the catalog of recall categories."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Organization

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
DEFAULT_SECTION_LEVEL_RANKS = (
    "一级调研员,二级调研员,三级调研员,四级调研员,一级主任科员,二级主任科员,三级主任科员,四级主任科员"
)


class EvidenceSource(models.TextChoices):
    """Where the facts behind a recall come from (砚山: 日常监督、民主测评、组织评价; and the assessment result)."""

    SUPERVISION = "supervision", _("日常监督")
    DEMOCRATIC = "democratic", _("民主测评")
    ORGANIZATIONAL = "organizational", _("组织评价")
    ASSESSMENT = "assessment", _("考核结果")


class RecallPolicy(BaseModel):
    """召回管理办法 in numbers, one row per version. Seed 003's defaults: two yellow cards make a red one, 3 months of
    frontline retraining, a 1-year follow-up after a secondary assignment, 30% of the performance bonus withheld while
    retraining and all of it during the secondary assignment, a red card costing a section-level cadre over 20,000
    yuan of the assessment bonus, the personnel relationship held by 区人才市场管理办公室."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField(_("版本"))
    name = models.CharField(_("办法名称"), max_length=100, default="不胜任现职干部召回管理办法")
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    effective_from = models.DateField(_("施行日期"))
    # Empty: the cards count however far apart (累计).
    card_window_months = models.PositiveSmallIntegerField(
        _("两黄折一红的期限(月)"), null=True, blank=True, default=12, validators=[MinValueValidator(1)]
    )
    retraining_months = models.PositiveSmallIntegerField(
        _("一线回炉锻炼期限(月)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    probation_enabled = models.BooleanField(_("回炉后进行适岗考核"), default=False)
    probation_months = models.PositiveSmallIntegerField(
        _("适岗考核期限(月)"), default=3, validators=[MinValueValidator(3), MaxValueValidator(6)]
    )
    evaluation_working_days = models.PositiveSmallIntegerField(
        _("鉴定评价期限(回炉期满后工作日)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("二次调配跟踪考察期限(月)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    announcement_working_days = models.PositiveSmallIntegerField(
        _("召回公示期限(工作日)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    retraining_withheld_percent = models.DecimalField(
        _("回炉锻炼期间扣发绩效奖比例(%)"), max_digits=5, decimal_places=2, default=Decimal("30"), validators=PERCENT
    )
    probation_withheld_percent = models.DecimalField(
        _("适岗考核期间扣发绩效奖比例(%)"), max_digits=5, decimal_places=2, default=Decimal("30"), validators=PERCENT
    )
    reassignment_withheld_percent = models.DecimalField(
        _("二次调配期间扣发绩效奖比例(%)"), max_digits=5, decimal_places=2, default=Decimal("100"), validators=PERCENT
    )
    red_card_deduction = models.DecimalField(
        _("红牌科级干部扣减考绩奖(元)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("20000"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    holding_office = models.CharField(_("人事关系暂挂单位"), max_length=100, default="区人才市场管理办公室")
    order_prefix = models.CharField(_("召回令编号字头"), max_length=20, default="召")
    # 科级干部: the rank grades that count as section level besides a leading post (comma-separated).
    section_level_ranks = models.TextField(_("科级职级(逗号分隔)"), default=DEFAULT_SECTION_LEVEL_RANKS)
    note = models.TextField(_("说明"), blank=True)
    created_by = user_reference(_("制定人"))

    class Meta:
        verbose_name = _("召回管理办法")
        verbose_name_plural = _("召回管理办法")
        ordering = ["organization", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="recall_policy_version_once"),
            models.UniqueConstraint(fields=["organization", "effective_from"], name="recall_policy_date_once"),
            models.CheckConstraint(condition=Q(retraining_months__gte=1), name="recall_policy_retraining_months"),
            models.CheckConstraint(
                condition=Q(probation_months__gte=3, probation_months__lte=6), name="recall_policy_probation_months"
            ),
            models.CheckConstraint(
                condition=Q(retraining_withheld_percent__gte=0, retraining_withheld_percent__lte=100)
                & Q(probation_withheld_percent__gte=0, probation_withheld_percent__lte=100)
                & Q(reassignment_withheld_percent__gte=0, reassignment_withheld_percent__lte=100),
                name="recall_policy_percents",
            ),
        ]

    def __str__(self):
        return f"{self.name}(第{self.version}版)"

    @property
    def ranks(self) -> set[str]:
        return {r.strip() for r in self.section_level_ranks.replace("、", ",").split(",") if r.strip()}


class RecallCategory(BaseModel):
    """The seven kinds of recall targets (召回对象). Rows without an organization are the shipped defaults; an
    organization's row with the same code replaces one, and it may add its own."""

    class Source(models.TextChoices):
        RED_CARD = "red_card", _("红牌")
        GRADE = "grade", _("年度考核等次")
        COMPETITION = "competition", _("竞聘落聘")
        MANUAL = "manual", _("组织认定")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("类别名称"), max_length=100)
    source = models.CharField(_("依据来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("召回对象类别")
        verbose_name_plural = _("召回对象类别")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="recall_category_code_once"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(organization__isnull=True), name="recall_category_default_once"
            ),
        ]

    def __str__(self):
        return self.name
