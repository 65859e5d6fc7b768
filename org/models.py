from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, ImportJobBase


class Organization(BaseModel):
    code = models.SlugField(_("机构代码"), max_length=50, unique=True)
    name = models.CharField(_("机构名称"), max_length=100)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Unit(BaseModel):
    """A unit in the tree (科室、所、街道 …). `path` holds the ids from the root, e.g. "/1/5/", so a subtree is
    one indexed prefix filter; services keep it right."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("局机关")
        OFFICE = "office", _("机关科室")
        STATION = "station", _("市场监管所")
        STREET = "street", _("街道")
        TEAM = "team", _("领导班子")
        OTHER = "other", _("其他")

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类别"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "parent", "name"], name="unit_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["organization", "name"], condition=Q(parent__isnull=True), name="unit_unique_root_name"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Post(BaseModel):
    class Kind(models.TextChoices):
        PRINCIPAL = "principal", _("正职")
        DEPUTY = "deputy", _("副职")
        MIDDLE = "middle", _("中层负责人")
        STAFF = "staff", _("一般干部")

    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="posts")
    name = models.CharField(_("职务名称"), max_length=100)
    kind = models.CharField(_("职务类别"), max_length=20, choices=Kind.choices)
    is_leadership = models.BooleanField(_("领导职务"), default=True)
    headcount = models.PositiveSmallIntegerField(_("职数"), default=1)

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["unit__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="post_unique_name_in_unit"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="post_headcount_positive"),
        ]

    def __str__(self):
        return f"{self.unit.name}{self.name}"


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
            models.UniqueConstraint(
                fields=["cadre", "post"], condition=Q(end_date__isnull=True), name="appointment_one_open_per_post"
            ),
        ]

    def __str__(self):
        return f"{self.cadre.name} {self.post}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class AssessmentGroup(BaseModel):
    """The set within which cadres are ranked for one year (e.g. 所长组、科长组)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="assessment_groups"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("考核组名称"), max_length=100)
    members = models.ManyToManyField(
        Cadre, verbose_name=_("成员"), through="GroupMembership", related_name="assessment_groups"
    )

    class Meta:
        verbose_name = _("考核组")
        verbose_name_plural = _("考核组")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "name"], name="group_unique_name_per_year"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.name}"


class GroupMembership(BaseModel):
    group = models.ForeignKey(
        AssessmentGroup, verbose_name=_("考核组"), on_delete=models.CASCADE, related_name="memberships"
    )
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="memberships")
    # Copied from the group so that "one group per cadre per year" is a database constraint.
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)

    class Meta:
        verbose_name = _("考核组成员")
        verbose_name_plural = _("考核组成员")
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="membership_one_group_per_year"),
        ]

    def __str__(self):
        return f"{self.group} · {self.cadre}"


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


class RoleAssignment(BaseModel):
    """What a user may do, and over which units. The cadre role is not here: it follows from Cadre.user."""

    class Role(models.TextChoices):
        HR = "hr", _("组织人事")
        COMMITTEE = "committee", _("党组成员")
        RATER = "rater", _("评议人")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    # The scope's root: this unit and all below it; empty means the whole organization.
    unit = models.ForeignKey(
        Unit, verbose_name=_("范围单位"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization", "unit"], name="role_unique_in_unit"),
            models.UniqueConstraint(
                fields=["user", "role", "organization"], condition=Q(unit__isnull=True), name="role_unique_in_org"
            ),
        ]

    def __str__(self):
        scope = self.unit.name if self.unit_id else self.organization.name
        return f"{self.user} · {self.get_role_display()} · {scope}"


class RosterImportJob(ImportJobBase):
    """A confirmed roster import, carried out by a background worker so that a large file never freezes the page."""

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.JSONField(_("变更摘要"), default=list, blank=True)

    class Meta:
        verbose_name = _("花名册导入任务")
        verbose_name_plural = _("花名册导入任务")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="roster_job_progress_percent"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
