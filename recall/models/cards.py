"""Yellow and red cards (黄牌 / 红牌) and competition losses (落聘): what recall candidates are proposed from,
besides the published grades."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from common.models import BaseModel, user_reference
from org.models import Cadre, Organization
from recall.models.policies import RecallPolicy


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
