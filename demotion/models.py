"""主动让贤 (commitment letters and step-down cases), 能上能下 measures' waiting periods, dismissal protections, and
error tolerance (容错免责) with its correction (纠错).

The organizational measures themselves (提醒谈话, 诫勉, 调离岗位, 改任职级, 免职, 降职 …) are `org.SanctionRecord` rows of
the category 组织处理: the annual results already read them, and this app adds their waiting periods.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Appointment, Cadre, Organization, Post, SanctionRecord


class StepDownPolicy(BaseModel):
    """The organization's 《中层负责人主动让贤实施办法》 in numbers (沂源县市场监管局)."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="step_down_policy"
    )
    # Letters are asked of appointments from this date on: the rule does not reach back (不溯及既往).
    letters_from = models.DateField(_("承诺书适用的任职起始日期"))
    letter_months = models.PositiveSmallIntegerField(_("承诺书签署期限(月)"), default=1)
    application_working_days = models.PositiveSmallIntegerField(_("主动让贤申请期限(工作日)"), default=3)

    class Meta:
        verbose_name = _("主动让贤办法")
        verbose_name_plural = _("主动让贤办法")
        constraints = [
            models.CheckConstraint(condition=Q(letter_months__gte=1), name="stepdown_policy_letter_months"),
            models.CheckConstraint(
                condition=Q(application_working_days__gte=1), name="stepdown_policy_application_days"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self._meta.verbose_name}"


class CommitmentLetter(BaseModel):
    """主动让贤承诺书: asked of every new middle-manager appointment, due one month after it (month-end rule)."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="commitment_letters"
    )
    appointment = models.OneToOneField(
        Appointment, verbose_name=_("任职"), on_delete=models.PROTECT, related_name="commitment_letter"
    )
    due_date = models.DateField(_("签署截止日期"))
    # The wording as issued: what the cadre signed stays what it was, whatever later letters say.
    text = models.TextField(_("承诺书内容"))
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    signed_name = models.CharField(_("签名"), max_length=50, blank=True)
    signed_by = user_reference(_("签署账号"))
    # A letter signed on paper and recorded by HR, with the scan of the signed page (served only through the letter's
    # page, to those who may open the letter).
    paper_signed_on = models.DateField(_("纸质签署日期"), null=True, blank=True)
    paper_scan = models.FileField(_("签署件扫描件"), upload_to="letters/", blank=True)
    paper_recorded_by = user_reference(_("登记人"))
    # HR's 催办 of an overdue letter (at most once a day) and its escalation to the party committee.
    reminded_on = models.DateField(_("最近催办日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("提交党组时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("主动让贤承诺书")
        verbose_name_plural = _("主动让贤承诺书")
        ordering = ["signed_at", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_name="") | Q(signed_at__isnull=False) & ~Q(signed_name=""),
                name="letter_signed_with_name",
            ),
        ]
        indexes = [models.Index(fields=["organization", "signed_at", "due_date"], name="letter_open_by_due")]

    def __str__(self):
        return f"{self.cadre.name} {self._meta.verbose_name}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class StepDownCase(ConcurrentTransitionMixin, BaseModel):
    """A 主动让贤 case: opened once for each cadre of a published year's bottom set or with a veto.

    The transitions below only name which state may follow which; the services (demotion.services) check who acts
    and when, save (a guarded update: the row changes only if its state is still the one read), and write the
    audit row in the same transaction."""

    class State(models.TextChoices):
        NOTIFIED = "notified", _("待提交申请")
        APPLIED = "applied", _("已提交申请")
        APPROVED = "approved", _("党组已准予")
        EXECUTED = "executed", _("已安排工作")
        REJECTED = "rejected", _("党组不予准予")
        ESCALATED = "escalated", _("逾期未申请,转组织调整")
        ADJUSTED = "adjusted", _("已组织调整")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Reason(models.TextChoices):
        # Shown with the ratio of the scheme the case was opened from (get_reason_display): 组内排名后10%.
        BOTTOM = "bottom", _("年度考核组内排名末位")
        VETO = "veto", _("一票否决")
        BOTH = "both", _("组内排名末位且一票否决")

    OPEN_STATES = (State.NOTIFIED, State.APPLIED, State.ESCALATED)

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="step_down_cases")
    publication = models.ForeignKey(
        "assessments.Publication", verbose_name=_("考核结果公布"), on_delete=models.PROTECT, related_name="+"
    )
    # The result version the case was opened from (a later version may withdraw it).
    run = models.ForeignKey(
        "assessments.ResultRun", verbose_name=_("结果版本"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=10, choices=Reason.choices)
    # What the result said when the case opened, kept for the party group's list.
    group_name = models.CharField(_("考核组"), max_length=100, blank=True)
    # The bottom ratio of the scheme the case was opened from: the reason names it (组内排名后10%).
    bottom_ratio = models.DecimalField(_("末位比例"), max_digits=4, decimal_places=3, null=True, blank=True)
    composite = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("组内排名"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("组内人数"), null=True, blank=True)
    # The day the cadre learned of it (the publication, or the adoption of a revised result) and the last day to
    # apply: N working days after it, that day not counted.
    published_on = models.DateField(_("公布日期"))
    deadline = models.DateField(_("申请截止日期"))
    # The middle-manager post to give up (the cadre's current one when the case opened).
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("现任职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("状态"), max_length=10, choices=State.choices, default=State.NOTIFIED, protected=True)

    application_text = models.TextField(_("申请书内容"), blank=True)
    applied_at = models.DateTimeField(_("申请时间"), null=True, blank=True)
    applied_by = user_reference(_("提交人"))
    # HR recorded a paper application handed in by the cadre (the date it was received is applied_on).
    paper_application = models.BooleanField(_("纸质申请"), default=False)
    applied_on = models.DateField(_("申请日期"), null=True, blank=True)

    decided_at = models.DateTimeField(_("党组决定时间"), null=True, blank=True)
    decided_by = user_reference(_("决定人"))
    decision_reason = models.TextField(_("党组意见"), blank=True)
    step_down_on = models.DateField(_("免去职务日期"), null=True, blank=True)
    # 安排适当工作: another post of the organization, or a description of the work (or nothing yet).
    new_post = models.ForeignKey(
        Post, verbose_name=_("新安排职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_assignment = models.CharField(_("安排的工作"), max_length=200, blank=True)
    executed_at = models.DateTimeField(_("安排时间"), null=True, blank=True)
    executed_by = user_reference(_("经办人"))
    executed_on = models.DateField(_("到岗日期"), null=True, blank=True)

    escalated_at = models.DateTimeField(_("转组织调整时间"), null=True, blank=True)
    # The organizational measure (免职 / 调整职务 / 降职) the party group decided for an escalated case.
    measure = models.ForeignKey(
        SanctionRecord,
        verbose_name=_("组织处理措施"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)

    class Meta:
        verbose_name = _("主动让贤事项")
        verbose_name_plural = _("主动让贤事项")
        ordering = ["-year", "group_name", "rank", "id"]
        constraints = [
            # Once per cadre and year, however often the opening job runs; a withdrawn case may be followed by a
            # new one when a later result version puts the cadre back.
            models.UniqueConstraint(
                fields=["cadre", "year"], condition=~Q(state="withdrawn"), name="stepdown_once_per_cadre_year"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "year", "state"], name="stepdown_by_year_state"),
            models.Index(fields=["state", "deadline"], name="stepdown_by_deadline"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.cadre.name} {self._meta.verbose_name}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def bottom_label(self) -> str:
        """The bottom set as the case's scheme names it (后10%); a case kept from before the ratio was recorded uses a
        new scheme's ratio."""
        from assessments.selectors.published import DEFAULT_BOTTOM_RATIO, bottom_label

        return bottom_label(self.bottom_ratio if self.bottom_ratio is not None else DEFAULT_BOTTOM_RATIO)

    def get_reason_display(self) -> str:
        """The reason, the bottom set named with the ratio of the scheme the case was opened from."""
        if self.reason == self.Reason.BOTTOM:
            return _("年度考核组内排名%(bottom)s") % {"bottom": self.bottom_label()}
        if self.reason == self.Reason.BOTH:
            return _("组内排名%(bottom)s且一票否决") % {"bottom": self.bottom_label()}
        return str(self.Reason(self.reason).label)

    # --- which state may follow which (who and when: demotion.services) -------------------------------------------

    @transition(field=state, source=State.NOTIFIED, target=State.APPLIED)
    def apply(self):
        pass

    @transition(field=state, source=State.APPLIED, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=[State.APPLIED, State.ESCALATED], target=State.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=State.APPROVED, target=State.EXECUTED)
    def execute(self):
        pass

    @transition(field=state, source=State.NOTIFIED, target=State.ESCALATED)
    def escalate(self):
        pass

    @transition(field=state, source=State.ESCALATED, target=State.ADJUSTED)
    def adjust(self):
        pass

    @transition(field=state, source=[State.NOTIFIED, State.APPLIED, State.ESCALATED], target=State.WITHDRAWN)
    def withdraw(self):
        pass


class WaitingPeriodRule(BaseModel):
    """How long a measure keeps a cadre off promotion and off leading posts. Rows without an organization are the
    national defaults (《中国共产党组织处理规定(试行)》2021; 《党政领导干部选拔任用工作条例》); an organization's row for
    the same kind overrides them."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("措施种类"), max_length=30, choices=SanctionRecord.Kind.choices)
    no_promotion_months = models.PositiveSmallIntegerField(_("不得提拔(月)"), default=0)
    no_leading_post_months = models.PositiveSmallIntegerField(_("不得担任领导职务(月)"), default=0)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("影响期规则")
        verbose_name_plural = _("影响期规则")
        ordering = ["organization", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="waiting_rule_once_per_org"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(organization__isnull=True), name="waiting_rule_once_national"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}"


class DismissalProtection(BaseModel):
    """A period in which a cadre may not be dismissed (辞退), whatever their grades (《公务员法》)."""

    class Kind(models.TextChoices):
        PREGNANCY = "pregnancy", _("孕期")
        MATERNITY = "maternity", _("产假")
        NURSING = "nursing", _("哺乳期")
        MEDICAL = "medical", _("医疗期")
        WORK_INJURY = "work_injury", _("因公致残")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="dismissal_protections"
    )
    kind = models.CharField(_("情形"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("开始日期"))
    # Empty: still lasting (a work-injury disability has no end).
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = user_reference(_("登记人"))

    class Meta:
        verbose_name = _("不得辞退情形")
        verbose_name_plural = _("不得辞退情形")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="protection_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.get_kind_display()}"


class ToleranceCase(ConcurrentTransitionMixin, BaseModel):
    """容错免责: a deduction or a veto the committee may exempt when the error passed the three tests (出于公心, 勤勉尽责,
    不谋私利; 《陕西省党政干部容错纠错办法(试行)》, 济南《关于建立党员干部纠错机制的实施办法(试行)》). An exemption
    takes the item out of the computation and re-versions the result; the object, event and reason of an exemption are
    disclosed (公开容错纠错对象、事件、原因)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("待认定")
        APPROVED = "approved", _("予以容错免责")
        REJECTED = "rejected", _("不予容错")

    class Target(models.TextChoices):
        DEDUCTION = "deduction", _("扣分")
        VETO = "veto", _("一票否决")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="tolerance_cases")
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.CharField(_("免责对象"), max_length=10, choices=Target.choices)
    point_entry = models.ForeignKey(
        "assessments.PointEntry",
        verbose_name=_("扣分记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    veto_entry = models.ForeignKey(
        "assessments.VetoEntry",
        verbose_name=_("一票否决记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.TextField(_("事件经过"))
    request_reason = models.TextField(_("申请理由"))
    requested_by = user_reference(_("申请人"))
    state = FSMField(_("状态"), max_length=10, choices=State.choices, default=State.REQUESTED, protected=True)
    # The three tests, each answered by the committee when it decides.
    public_interest = models.BooleanField(_("出于公心"), null=True, blank=True)
    diligent = models.BooleanField(_("勤勉尽责"), null=True, blank=True)
    no_private_gain = models.BooleanField(_("不谋私利"), null=True, blank=True)
    decided_by = user_reference(_("认定人"))
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    decision_reason = models.TextField(_("认定意见"), blank=True)
    # The result version that left the exempted item out, when the year had been computed.
    run = models.ForeignKey(
        "assessments.ResultRun",
        verbose_name=_("重新计算的结果版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("容错免责")
        verbose_name_plural = _("容错免责")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target="deduction", point_entry__isnull=False, veto_entry__isnull=True)
                | Q(target="veto", point_entry__isnull=True, veto_entry__isnull=False),
                name="tolerance_one_target",
            ),
            # One case at a time for an item: a rejected request may be made again with new facts.
            models.UniqueConstraint(
                fields=["point_entry"], condition=~Q(state="rejected"), name="tolerance_once_per_deduction"
            ),
            models.UniqueConstraint(
                fields=["veto_entry"], condition=~Q(state="rejected"), name="tolerance_once_per_veto"
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self._meta.verbose_name}"

    @property
    def entry(self):
        return self.point_entry if self.target == self.Target.DEDUCTION else self.veto_entry

    @transition(field=state, source=State.REQUESTED, target=State.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=State.REQUESTED, target=State.REJECTED)
    def reject(self):
        pass


class Correction(BaseModel):
    """纠错 after an approved tolerance case: five steps in this order, none skipped (济南《关于建立党员干部纠错机制的实施办法(试行)》)."""

    class Step(models.IntegerChoices):
        START = 1, _("启动纠错")
        NOTIFY = 2, _("发送通知")
        TALK = 3, _("谈话教育")
        RECTIFY = 4, _("督促整改")
        IMPROVE = 5, _("完善制度")

    tolerance_case = models.OneToOneField(
        ToleranceCase, verbose_name=_("容错免责"), on_delete=models.PROTECT, related_name="correction"
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("纠错")
        verbose_name_plural = _("纠错")
        ordering = ["completed_at", "-created_at"]

    def __str__(self):
        return f"{self.tolerance_case.cadre.name} {self._meta.verbose_name}"


class CorrectionStep(BaseModel):
    correction = models.ForeignKey(Correction, verbose_name=_("纠错"), on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("步骤"), choices=Correction.Step.choices)
    done_by = user_reference(_("办理人"))
    done_on = models.DateField(_("办理日期"))
    note = models.TextField(_("办理情况"))

    class Meta:
        verbose_name = _("纠错步骤")
        verbose_name_plural = _("纠错步骤")
        ordering = ["correction", "step"]
        constraints = [
            models.UniqueConstraint(fields=["correction", "step"], name="correction_step_once"),
            models.CheckConstraint(condition=Q(step__gte=1) & Q(step__lte=5), name="correction_step_range"),
        ]

    def __str__(self):
        return f"{self.correction} {self.get_step_display()}"
