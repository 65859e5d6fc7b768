"""Cadres, the posts they hold (appointments), and their sanctions and organizational measures."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from org.models.structure import Organization, Post, Unit


class Cadre(BaseModel):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="cadres"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="cadres")
    employee_no = models.CharField(_("工号"), max_length=32)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    # 职级 is the cadre's own rank grade; it stays when a post is given up (保留职级).
    rank_grade = models.CharField(_("职级"), max_length=50, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    # A cadre who leaves the organization (调离、退休…) keeps every record; the login is switched off.
    left_on = models.DateField(_("离开日期"), null=True, blank=True)
    left_reason = models.CharField(_("离开原因"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["organization", "employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "employee_no"], name="cadre_unique_employee_no"),
        ]

    def __str__(self):
        return f"{self.name}({self.employee_no})"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Appointment(BaseModel):
    """A cadre holding a post over [start_date, end_date); end_date empty while it lasts."""

    class StartReason(models.TextChoices):
        APPOINTED = "appointed", _("任命")
        HIRED = "hired", _("聘任")
        COMPETITION = "competition", _("竞聘")
        EXCEPTIONAL = "exceptional", _("破格提拔")

    class EndReason(models.TextChoices):
        STEP_DOWN = "step_down", _("主动让贤")
        REMOVED = "removed", _("免职")
        DEMOTED = "demoted", _("降职")
        RANK_CHANGE = "rank_change", _("改任职级")
        TERM_END = "term_end", _("任期届满")
        EXCHANGE = "exchange", _("交流")
        RECALL = "recall", _("召回")
        RETIRED = "retired", _("退休")
        REASSIGNED = "reassigned", _("职务调整")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="appointments")
    post = models.ForeignKey(Post, verbose_name=_("职务"), on_delete=models.PROTECT, related_name="appointments")
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("免职日期"), null=True, blank=True)
    start_reason = models.CharField(
        _("任职方式"), max_length=20, choices=StartReason.choices, default=StartReason.APPOINTED
    )
    end_reason = models.CharField(_("离任原因"), max_length=20, choices=EndReason.choices, blank=True)
    # The appointment and removal decisions (任免文件): document number and date of each.
    start_document_no = models.CharField(_("任职文号"), max_length=100, blank=True)
    start_document_date = models.DateField(_("任职决定日期"), null=True, blank=True)
    end_document_no = models.CharField(_("免职文号"), max_length=100, blank=True)
    end_document_date = models.DateField(_("免职决定日期"), null=True, blank=True)
    # 《党政领导干部选拔任用工作条例》第五十七条: a newly promoted leader serves a probation (试用期) of one year.
    probation_ends_on = models.DateField(
        _("试用期满日期"),
        null=True,
        blank=True,
        help_text=_("新提拔的领导干部实行任职试用期,一般为一年;试用期满前将提醒组织人事部门安排考核。"),
    )

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")), name="appointment_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="") | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="appointment_end_reason_with_end_date",
            ),
            models.CheckConstraint(
                condition=Q(probation_ends_on__isnull=True) | Q(probation_ends_on__gt=F("start_date")),
                name="appointment_probation_after_start",
                violation_error_message=_("试用期满日期必须晚于任职日期。"),
            ),
            models.UniqueConstraint(
                fields=["cadre", "post"], condition=Q(end_date__isnull=True), name="appointment_one_open_per_post"
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.post}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class SanctionRecord(BaseModel):
    """A sanction (处分) or organizational measure (组织处理) with its dates; later rules read these
    (grades: 《公务员考核规定》; waiting periods: 《中国共产党组织处理规定(试行)》)."""

    class Category(models.TextChoices):
        SANCTION = "sanction", _("处分")
        MEASURE = "measure", _("组织处理")

    class Kind(models.TextChoices):
        PARTY_WARNING = "party_warning", _("党内警告")
        PARTY_SERIOUS_WARNING = "party_serious_warning", _("党内严重警告")
        PARTY_POST_REVOKED = "party_post_revoked", _("撤销党内职务")
        PARTY_PROBATION = "party_probation", _("留党察看")
        GOV_WARNING = "gov_warning", _("政务警告")
        GOV_DEMERIT = "gov_demerit", _("记过")
        GOV_MAJOR_DEMERIT = "gov_major_demerit", _("记大过")
        GOV_DEMOTION = "gov_demotion", _("降级")
        GOV_DISMISSAL_FROM_POST = "gov_dismissal_from_post", _("撤职")
        REMINDER_TALK = "reminder_talk", _("提醒谈话")
        ADMONISHMENT = "admonishment", _("诫勉")
        POST_ADJUSTED = "post_adjusted", _("调整职务")
        TRANSFERRED = "transferred", _("调离岗位")
        RANK_CHANGED = "rank_changed", _("改任职级")
        ORDERED_RESIGN = "ordered_resign", _("责令辞职")
        REMOVED = "removed", _("免职")
        DEMOTED = "demoted", _("降职")

    SANCTION_KINDS = frozenset(
        {
            Kind.PARTY_WARNING,
            Kind.PARTY_SERIOUS_WARNING,
            Kind.PARTY_POST_REVOKED,
            Kind.PARTY_PROBATION,
            Kind.GOV_WARNING,
            Kind.GOV_DEMERIT,
            Kind.GOV_MAJOR_DEMERIT,
            Kind.GOV_DEMOTION,
            Kind.GOV_DISMISSAL_FROM_POST,
        }
    )

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="sanctions")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("种类"), max_length=30, choices=Kind.choices)
    decided_on = models.DateField(_("决定日期"))
    effective_from = models.DateField(_("生效日期"))
    effective_until = models.DateField(_("期满日期"), null=True, blank=True)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("处分与组织处理")
        verbose_name_plural = _("处分与组织处理")
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=F("effective_from")),
                name="sanction_until_after_from",
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.get_kind_display()}"
