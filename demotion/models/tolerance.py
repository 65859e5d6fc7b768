"""Error tolerance (容错免责) with its correction (纠错) in five steps."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization


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
