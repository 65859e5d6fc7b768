"""主动让贤: the organization's step-down rule (StepDownPolicy, the 3-working-day application period among its
numbers), commitment letters and step-down cases (a django-fsm-2 state machine)."""

from django.db import models
from django.db.models import Q
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
