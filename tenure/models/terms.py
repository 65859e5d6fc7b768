"""Terms computed from appointments (never typed), their reminders, and the committee's placement at term end."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference
from org.models import Appointment, Cadre, Organization, Post
from tenure.models.policy import Regime, TenurePolicy


class Term(BaseModel):
    """One term (任期) or contract period (聘期) of one appointment. An appointment that lasts beyond its term runs on
    into the next one, so one appointment may hold several (`seq`). Written only by the term sync
    (tenure.services.terms), from the appointments and the policy."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("任职"), on_delete=models.CASCADE, related_name="tenure_terms"
    )
    seq = models.PositiveSmallIntegerField(_("任职内序号"), default=1)
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="tenure_terms")
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.CASCADE, related_name="tenure_terms")
    policy = models.ForeignKey(TenurePolicy, verbose_name=_("适用办法"), on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(_("实行"), max_length=10, choices=Regime.choices)
    # The cadre's n-th term in this post.
    number = models.PositiveSmallIntegerField(_("第几任期"))
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期届满"))
    # The last day served when the appointment ended before the term did (cut short); empty otherwise.
    ended_on = models.DateField(_("实际结束"), null=True, blank=True)
    # The successor of a cadre who left mid-term finishes the post's running term (正职任期制、副职聘任制的地方办法).
    inherited = models.BooleanField(_("接续前任任期"), default=False)

    class Meta:
        verbose_name = _("任期")
        verbose_name_plural = _("任期")
        ordering = ["post", "starts_on", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "seq"], name="tenure_term_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="tenure_term_dates"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__lt=F("ends_on")), name="tenure_term_cut_short"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "ends_on"], name="tenure_term_by_end"),
            models.Index(fields=["cadre", "starts_on"], name="tenure_term_by_cadre"),
        ]

    def __str__(self):
        return _("%(cadre)s %(post)s 第%(n)s任期") % {"cadre": self.cadre.name, "post": self.post, "n": self.number}

    @property
    def last_day(self):
        """The last day of the term as served or to be served."""
        return self.ended_on or self.ends_on

    @property
    def is_cut_short(self) -> bool:
        return self.ended_on is not None


class TermReminder(BaseModel):
    """A day on which HR (and the cadre) are told about a term: N months before it ends, or when the cadre has held
    the post N years (任现职 ladder). One row per reminder and date; its notice goes out once (notices.registry)."""

    class Kind(models.TextChoices):
        TERM_END = "term_end", _("任期届满提醒")
        LADDER = "ladder", _("任现职年限提醒")

    term = models.ForeignKey(Term, verbose_name=_("任期"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    # Months before the term's end (TERM_END) or years in the post (LADDER).
    count = models.PositiveSmallIntegerField(_("月数或年数"))
    fires_on = models.DateField(_("提醒日期"))

    class Meta:
        verbose_name = _("任期提醒")
        verbose_name_plural = _("任期提醒")
        ordering = ["fires_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "count", "fires_on"], name="tenure_reminder_once"),
        ]
        indexes = [models.Index(fields=["fires_on"], name="tenure_reminder_by_day")]

    def __str__(self):
        return f"{self.term} {self.get_kind_display()} {self.fires_on}"


class Placement(BaseModel):
    """届满安置: what the committee decided for a term's holder; the appointment changes are written through
    org.services when it is recorded (正职任期制、副职聘任制的地方办法)."""

    class Outcome(models.TextChoices):
        PROMOTE = "promote", _("提拔任用")
        REAPPOINT = "reappoint", _("连任")
        RENEW = "renew", _("续聘")
        NOT_RENEWED = "not_renewed", _("不再续聘")
        EXCHANGE = "exchange", _("交流任职")
        NON_LEADERSHIP = "non_leadership", _("改任非领导职务(职级)")
        SUBORDINATE = "subordinate", _("到所属单位任职")
        EARLY_RETIREMENT = "early_retirement", _("提前离岗(退休)")
        WAITING = "waiting", _("待岗")

    # A term is derived data the sync may rewrite; the placement stays with the appointment it ended.
    term = models.OneToOneField(
        Term, verbose_name=_("任期"), null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("原任职"), on_delete=models.PROTECT, related_name="tenure_placements"
    )
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("安置方式"), max_length=20, choices=Outcome.choices)
    effective_on = models.DateField(_("生效日期"))
    document_no = models.CharField(_("任免文号"), max_length=100)
    document_date = models.DateField(_("决定日期"))
    new_post = models.ForeignKey(
        Post, verbose_name=_("新任职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_appointment = models.ForeignKey(
        Appointment, verbose_name=_("新任职"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 提前离岗: only with the cadre's own consent (本人自愿), recorded with its date.
    consent_on = models.DateField(_("本人同意日期"), null=True, blank=True)
    note = models.TextField(_("党组意见"), blank=True)
    decided_by = user_reference(_("决定人"))

    class Meta:
        verbose_name = _("届满安置")
        verbose_name_plural = _("届满安置")
        ordering = ["-effective_on", "-id"]

    def __str__(self):
        return f"{self.cadre.name} {self.get_outcome_display()}"
