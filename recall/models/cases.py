"""Recall batches, the recall case with its stages, and its training records."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Appointment, Cadre, Organization, Post, SanctionRecord, Unit
from recall.models.cards import Card, CompetitionLoss
from recall.models.policies import RecallCategory, RecallPolicy


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
    """One cadre's recall, from the proposal to the conclusion (洞头区“回炉再造”体系):
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
