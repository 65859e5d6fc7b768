"""回炉再造 (seed 003, Dongtou): recall policies, yellow and red cards, competition losses, recall batches and cases
with their training records. DOMAIN.md §4; REGULATIONS.md "Recall".

Every number of the scheme lives in a RecallPolicy row (versioned, with an effective date: a policy applies only to
results, cards and competitions dated on or after it, 不溯及既往). The case's stages are django-fsm transitions; the
services (recall.services) check who acts and when, save with a guarded update and write the audit row.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Appointment, Cadre, Organization, Post, SanctionRecord, Unit

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


class Card(ConcurrentTransitionMixin, BaseModel):
    """黄牌 / 红牌, issued from the points assessment (全程积分) or by decision; HR records, the committee approves. Two
    approved yellow cards within the policy's window make one red card, created once and linked to both."""

    class Color(models.TextChoices):
        YELLOW = "yellow", _("黄牌")
        RED = "red", _("红牌")

    class Source(models.TextChoices):
        POINTS = "points", _("全程积分考核")
        DECISION = "decision", _("组织决定")
        TWO_YELLOWS = "two_yellows", _("两张黄牌折算")

    class State(models.TextChoices):
        PENDING = "pending", _("待党组审定")
        APPROVED = "approved", _("已审定")
        REJECTED = "rejected", _("不予认定")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="recall_cards")
    color = models.CharField(_("类别"), max_length=10, choices=Color.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.POINTS)
    issued_on = models.DateField(_("警示日期"))
    reason = models.TextField(_("警示事由"))
    evidence_file = models.FileField(_("依据材料"), upload_to="recall/cards/%Y/", blank=True, max_length=200)
    evidence_note = models.CharField(_("依据材料说明"), max_length=200, blank=True)
    state = FSMField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING, protected=True)
    recorded_by = user_reference(_("登记人"))
    decided_by = user_reference(_("审定人"))
    decided_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审定意见"), blank=True)
    # The red card this yellow one became part of (two yellows make one red).
    red_card = models.ForeignKey(
        "self", verbose_name=_("折算的红牌"), null=True, blank=True, on_delete=models.PROTECT, related_name="yellows"
    )
    # A red card's fixed deduction of the assessment bonus, set when it is approved for a section-level cadre.
    deduction = models.DecimalField(_("扣减考绩奖(元)"), max_digits=10, decimal_places=2, null=True, blank=True)
    policy = models.ForeignKey(
        RecallPolicy, verbose_name=_("适用办法"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("黄牌红牌")
        verbose_name_plural = _("黄牌红牌")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(red_card__isnull=True) | Q(color="yellow"), name="recall_card_red_of"),
            models.CheckConstraint(condition=Q(deduction__isnull=True) | Q(color="red"), name="recall_card_deduction"),
        ]
        indexes = [models.Index(fields=["cadre", "color", "state"], name="recall_card_by_cadre")]

    def __str__(self):
        return f"{self.cadre.name} {self.get_color_display()} {self.issued_on:%Y-%m-%d}"

    @transition(field=state, source=State.PENDING, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=State.PENDING, target=State.REJECTED)
    def reject(self):
        pass


class CompetitionLoss(BaseModel):
    """全员竞聘落聘: a cadre who was not appointed in a competition, recorded by HR or imported."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="recall_competition_losses"
    )
    competition = models.CharField(_("竞聘名称"), max_length=100)
    held_on = models.DateField(_("竞聘日期"))
    post_sought = models.CharField(_("竞聘岗位"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = user_reference(_("登记人"))

    class Meta:
        verbose_name = _("竞聘落聘")
        verbose_name_plural = _("竞聘落聘")
        ordering = ["-held_on", "cadre__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "competition", "held_on"], name="recall_competition_loss_once")
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.competition}"


class RecallBatch(BaseModel):
    """One round of recall (e.g. 2026年第一批): the candidates proposed, decided and ordered together."""

    class State(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束提名")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("批次名称"), max_length=100)
    # The assessment year whose published grades the batch proposes from.
    year = models.PositiveSmallIntegerField(_("考核年度"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.TextField(_("说明"), blank=True)
    created_by = user_reference(_("创建人"))

    class Meta:
        verbose_name = _("召回批次")
        verbose_name_plural = _("召回批次")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="recall_batch_name_once")]

    def __str__(self):
        return self.name


class RecallCase(ConcurrentTransitionMixin, BaseModel):
    """One cadre's recall, from the proposal to the conclusion (DOMAIN.md §4):
    proposed → ordered → training → retraining → (probation) → evaluating → returned | reassigned | measures → closed,
    and withdrawn. The transitions below only name which state may follow which; who acts and when is in
    recall.services."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("待党组决定")
        ORDERED = "ordered", _("已发召回令")
        TRAINING = "training", _("谈心培训")
        RETRAINING = "retraining", _("一线回炉")
        PROBATION = "probation", _("适岗考核")
        EVALUATING = "evaluating", _("鉴定评价")
        RETURNED = "returned", _("考核合格,返岗")
        REASSIGNED = "reassigned", _("二次调配,跟踪考察")
        MEASURES = "measures", _("组织处理")
        CLOSED = "closed", _("已结案")
        WITHDRAWN = "withdrawn", _("已撤回")

    # The personnel relationship is held (人编分离) from the order until the cadre returns or is placed again.
    HOLD_STATES = (State.ORDERED, State.TRAINING, State.RETRAINING, State.PROBATION, State.EVALUATING)
    ENDED_STATES = (State.CLOSED, State.WITHDRAWN)

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(RecallBatch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="cases")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="recall_cases")
    category = models.ForeignKey(
        RecallCategory, verbose_name=_("召回对象类别"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("依据来源"), max_length=20, choices=RecallCategory.Source.choices)
    card = models.ForeignKey(
        Card, verbose_name=_("红牌"), null=True, blank=True, on_delete=models.PROTECT, related_name="recall_cases"
    )
    competition_loss = models.ForeignKey(
        CompetitionLoss, verbose_name=_("竞聘落聘"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grade_year = models.PositiveSmallIntegerField(_("考核年度"), null=True, blank=True)
    grade = models.CharField(_("等次代码"), max_length=1, blank=True)
    grade_label = models.CharField(_("考核等次"), max_length=20, blank=True)
    basis_date = models.DateField(_("依据日期"))
    basis = models.TextField(_("召回依据"))
    evidence_sources = models.JSONField(_("信息来源"), default=list, blank=True)
    policy = models.ForeignKey(RecallPolicy, verbose_name=_("适用办法"), on_delete=models.PROTECT, related_name="+")
    home_unit = models.ForeignKey(Unit, verbose_name=_("原单位"), on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("原任职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_leader = models.BooleanField(_("领导职务"), default=False)
    state = FSMField(_("状态"), max_length=12, choices=State.choices, default=State.PROPOSED, protected=True)
    proposed_by = user_reference(_("提名人"))

    decided_by = user_reference(_("决定人"))
    decided_at = models.DateTimeField(_("党组决定时间"), null=True, blank=True)
    decided_on = models.DateField(_("党组决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("党组意见"), blank=True)
    announce_from = models.DateField(_("公示开始日期"), null=True, blank=True)
    announce_until = models.DateField(_("公示截止日期"), null=True, blank=True)
    order_year = models.PositiveSmallIntegerField(_("召回令年度"), null=True, blank=True)
    order_seq = models.PositiveIntegerField(_("召回令序号"), null=True, blank=True)
    order_no = models.CharField(_("召回令编号"), max_length=40, blank=True)
    ordered_on = models.DateField(_("召回日期"), null=True, blank=True)
    ordered_by = user_reference(_("发令人"))
    holding_office = models.CharField(_("人事关系暂挂单位"), max_length=100, blank=True)

    placement_unit = models.ForeignKey(
        Unit, verbose_name=_("回炉锻炼单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placement = models.CharField(_("回炉锻炼岗位"), max_length=200, blank=True)
    retraining_start = models.DateField(_("回炉开始日期"), null=True, blank=True)
    retraining_end = models.DateField(_("回炉期满日期"), null=True, blank=True)
    probation_start = models.DateField(_("适岗考核开始日期"), null=True, blank=True)
    probation_end = models.DateField(_("适岗考核期满日期"), null=True, blank=True)
    evaluation_due = models.DateField(_("鉴定评价截止日期"), null=True, blank=True)
    home_opinion = models.TextField(_("原单位鉴定意见"), blank=True)
    home_passed = models.BooleanField(_("原单位意见合格"), null=True, blank=True)
    org_opinion = models.TextField(_("组织部门考核意见"), blank=True)
    org_passed = models.BooleanField(_("组织部门意见合格"), null=True, blank=True)
    evaluated_on = models.DateField(_("评价日期"), null=True, blank=True)
    passed = models.BooleanField(_("评价结论合格"), null=True, blank=True)

    returned_on = models.DateField(_("返岗日期"), null=True, blank=True)
    return_post = models.ForeignKey(
        Post, verbose_name=_("返回职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reassigned_on = models.DateField(_("二次调配日期"), null=True, blank=True)
    reassign_post = models.ForeignKey(
        Post, verbose_name=_("调配职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reassignment = models.CharField(_("调配岗位"), max_length=200, blank=True)
    follow_up_end = models.DateField(_("跟踪考察期满日期"), null=True, blank=True)
    follow_up_conclusion = models.TextField(_("跟踪考察结论"), blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    measures = models.ManyToManyField(SanctionRecord, verbose_name=_("组织处理措施"), blank=True, related_name="+")
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    close_note = models.TextField(_("结案说明"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)

    class Meta:
        verbose_name = _("召回事项")
        verbose_name_plural = _("召回事项")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live case per cadre; a withdrawn or closed one may be followed by another.
            models.UniqueConstraint(
                fields=["cadre"], condition=~Q(state__in=["withdrawn", "closed"]), name="recall_case_one_live"
            ),
            models.UniqueConstraint(fields=["organization", "order_year", "order_seq"], name="recall_order_no_once"),
            models.CheckConstraint(
                condition=Q(order_seq__isnull=True) | Q(order_year__isnull=False), name="recall_order_numbered"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state"], name="recall_case_by_state"),
            models.Index(fields=["batch", "state"], name="recall_case_by_batch"),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self._meta.verbose_name}"

    # --- which state may follow which ------------------------------------------------------------------------------

    @transition(field=state, source=State.PROPOSED, target=State.ORDERED)
    def order(self):
        pass

    @transition(field=state, source=State.ORDERED, target=State.TRAINING)
    def start_training(self):
        pass

    @transition(field=state, source=State.TRAINING, target=State.RETRAINING)
    def start_retraining(self):
        pass

    @transition(field=state, source=State.RETRAINING, target=State.PROBATION)
    def start_probation(self):
        pass

    @transition(field=state, source=[State.RETRAINING, State.PROBATION], target=State.EVALUATING)
    def start_evaluation(self):
        pass

    @transition(field=state, source=State.EVALUATING, target=State.RETURNED)
    def return_to_post(self):
        pass

    @transition(field=state, source=[State.EVALUATING, State.MEASURES], target=State.REASSIGNED)
    def reassign(self):
        pass

    @transition(field=state, source=State.EVALUATING, target=State.MEASURES)
    def take_measures(self):
        pass

    @transition(field=state, source=[State.RETURNED, State.REASSIGNED, State.MEASURES], target=State.CLOSED)
    def close(self):
        pass

    @transition(
        field=state,
        source=[
            State.PROPOSED, State.ORDERED, State.TRAINING, State.RETRAINING, State.PROBATION, State.EVALUATING,
        ],
        target=State.WITHDRAWN,
    )  # fmt: skip
    def withdraw(self):
        pass

    @property
    def holds(self) -> bool:
        return self.state in self.HOLD_STATES

    @property
    def stage_end(self):
        """The last day of the stage before the evaluation (probation if there was one, else retraining)."""
        return self.probation_end or self.retraining_end


class TrainingRecord(BaseModel):
    """谈心培训 and 专题党性教育 sessions of a case, each with its date and content."""

    class Kind(models.TextChoices):
        TALK = "talk", _("谈心培训")
        PARTY_EDUCATION = "party_education", _("专题党性教育")

    case = models.ForeignKey(RecallCase, verbose_name=_("召回事项"), on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    content = models.TextField(_("内容"))
    recorded_by = user_reference(_("登记人"))

    class Meta:
        verbose_name = _("谈心培训记录")
        verbose_name_plural = _("谈心培训记录")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.case.cadre.name} {self.get_kind_display()} {self.held_on:%Y-%m-%d}"
