"""Democratic evaluation (民主测评 / 民意测评, DOMAIN §5a): an evaluation's form, its one-time codes, the ballots and
the sealed tally.

What links a ballot to a person is kept out by construction (README, "Democratic evaluation"): a ballot row holds the
evaluation, the rater category and the answers — no code, no unit, no time, no sequential id — and the models of
ballots and codes have no timestamps that a vote would set.
"""

import secrets
import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ballots.scales import DEFAULT_POINTS, Scale
from common.models import BaseModel, user_reference
from org.models import Cadre, Organization, Unit

PUBLIC_KEY_BYTES = 9  # 12 URL-safe characters: the vote page's address does not enumerate evaluations


def new_public_key() -> str:
    return secrets.token_urlsafe(PUBLIC_KEY_BYTES)


def default_points() -> dict:
    return dict(DEFAULT_POINTS)


class Evaluation(BaseModel):
    """一次民主测评: who is evaluated, on which form, by which rater categories, when; then its sealed tally."""

    class State(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("已发布")
        CLOSED = "closed", _("已结束")

    class SubjectKind(models.TextChoices):
        CADRE = "cadre", _("干部")
        TEAM = "team", _("领导班子")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    # The organizing unit: HR sees and runs the evaluation when this unit is in its scope; subjects and the units
    # codes are issued to lie under it.
    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("测评名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    subject_kind = models.CharField(
        _("测评对象类别"), max_length=10, choices=SubjectKind.choices, default=SubjectKind.CADRE
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    min_ballots = models.PositiveSmallIntegerField(_("每类最少有效票数"), default=5)
    top_cap_percent = models.PositiveSmallIntegerField(_("每票最高等次比例上限(%)"), null=True, blank=True)
    points = models.JSONField(_("等次折算分"), default=default_points)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    public_key = models.CharField(_("测评页标识"), max_length=16, unique=True, default=new_public_key, editable=False)
    created_by = user_reference(_("创建人"))
    opened_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["-year", "-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="evaluation_closes_after_opens"),
            models.CheckConstraint(condition=Q(min_ballots__gte=1), name="evaluation_min_ballots_positive"),
            models.CheckConstraint(
                condition=Q(top_cap_percent__isnull=True) | Q(top_cap_percent__gte=1, top_cap_percent__lte=100),
                name="evaluation_top_cap_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["state", "closes_at"], name="evaluation_by_state_close")]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


class Subject(models.Model):
    """被测评对象: a cadre, or a unit's leadership team (领导班子)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="subjects"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Unit, verbose_name=_("领导班子所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("测评对象")
        verbose_name_plural = _("测评对象")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadre__isnull=False, team__isnull=True) | Q(cadre__isnull=True, team__isnull=False),
                name="subject_cadre_or_team",
            ),
            models.UniqueConstraint(fields=["evaluation", "cadre"], name="subject_cadre_once"),
            models.UniqueConstraint(fields=["evaluation", "team"], name="subject_team_once"),
        ]

    def __str__(self):
        if self.cadre_id:
            return self.cadre.name
        return _("%(unit)s领导班子") % {"unit": self.team.name}


class Item(models.Model):
    """测评项目: one question of the form, answered for every subject on its scale."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="items"
    )
    text = models.CharField(_("测评项目"), max_length=100)
    scale = models.CharField(_("评价尺度"), max_length=10, choices=Scale.choices, default=Scale.GRADE4)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("测评项目")
        verbose_name_plural = _("测评项目")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.text


class RaterCategory(models.Model):
    """参评人员类别 (班子成员, 中层干部, 职工代表, 服务对象 …) and its weight in the score."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("参评人员类别"), max_length=50)
    weight = models.DecimalField(_("权重(%)"), max_digits=5, decimal_places=2)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("参评人员类别")
        verbose_name_plural = _("参评人员类别")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="category_name_once"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="category_weight_range"),
        ]

    def __str__(self):
        return self.name


class CodeBatch(models.Model):
    """One issue of codes for a unit and rater category: one sheet of slips (PDF) or one list (XLSX)."""

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF(打印裁切)")
        XLSX = "xlsx", _("XLSX(分发名单)")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="batches"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("发放单位"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        RaterCategory, verbose_name=_("参评人员类别"), on_delete=models.PROTECT, related_name="batches"
    )
    number = models.PositiveIntegerField(_("批次号"))
    size = models.PositiveIntegerField(_("数量"))
    file_format = models.CharField(_("文件格式"), max_length=4, choices=Format.choices)
    issued_at = models.DateTimeField(_("发放时间"), auto_now_add=True)
    issued_by = user_reference(_("发放人"))

    class Meta:
        verbose_name = _("测评码批次")
        verbose_name_plural = _("测评码批次")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="batch_number_once")]

    def __str__(self):
        return f"{_('第%(n)s批') % {'n': self.number}} {self.unit.name} {self.category.name}"


class BallotCode(models.Model):
    """测评码: stored only as its HMAC. Records whether it was used — never when, nor for which ballot. No
    `updated_at`: the vote would set it."""

    class State(models.TextChoices):
        ISSUED = "issued", _("未使用")
        USED = "used", _("已使用")
        VOIDED = "voided", _("已作废")

    batch = models.ForeignKey(CodeBatch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="codes")
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("发放单位"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        RaterCategory, verbose_name=_("参评人员类别"), on_delete=models.PROTECT, related_name="+"
    )
    serial = models.PositiveIntegerField(_("序号"))  # printed on the slip, so a lost slip can be voided
    code_hash = models.CharField(_("测评码摘要"), max_length=64, unique=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.ISSUED)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = user_reference(_("作废人"))

    class Meta:
        verbose_name = _("测评码")
        verbose_name_plural = _("测评码")
        ordering = ["batch", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "serial"], name="code_serial_once"),
            models.CheckConstraint(
                condition=Q(state="voided", voided_at__isnull=False) | ~Q(state="voided") & Q(voided_at__isnull=True),
                name="code_voided_with_time",
            ),
        ]
        indexes = [models.Index(fields=["evaluation", "unit", "category", "state"], name="code_turnout")]

    def __str__(self):
        return f"{self.batch.number}-{self.serial:03d}"


class PendingBallot(models.Model):
    """A ballot cast while the evaluation is open. The whole pool of the evaluation is rewritten in a random order,
    with new ids, at every vote (ballots.services.voting), so what is stored never shows who voted before whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(RaterCategory, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()

    class Meta:
        verbose_name = _("待计选票")
        verbose_name_plural = _("待计选票")

    def __str__(self):
        return str(self._meta.verbose_name)


class Ballot(models.Model):
    """A sealed ballot: written once, at the close, in a random order; read in the order of its digest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        RaterCategory, verbose_name=_("参评人员类别"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("评价"))
    digest = models.CharField(_("内容摘要"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["digest"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.digest[:12]}"


class Tally(models.Model):
    """The sealed count: the chain's head, the ballots per category and the digest of the results."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("民主测评"), on_delete=models.PROTECT, related_name="tally", primary_key=True
    )
    head = models.CharField(_("哈希链末端值"), max_length=64)
    ballot_count = models.PositiveIntegerField(_("有效票总数"))
    counts = models.JSONField(_("各类别票数"))
    results = models.JSONField(_("测评结果"))
    results_digest = models.CharField(_("结果摘要"), max_length=64)
    chain_version = models.CharField(_("算法版本"), max_length=8)
    sealed_at = models.DateTimeField(_("计票时间"))
    sealed_by = user_reference(_("结束人"))

    class Meta:
        verbose_name = _("计票结果")
        verbose_name_plural = _("计票结果")

    def __str__(self):
        return f"{self.evaluation} {self.head[:12]}"


class SubjectResult(models.Model):
    """One subject's result, written at the seal (the same figures as Tally.results, in rows for lists and feeds)."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="+")
    subject = models.OneToOneField(Subject, verbose_name=_("测评对象"), on_delete=models.CASCADE, related_name="result")
    score = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    complete = models.BooleanField(_("各类别均有效"), default=False)
    category_means = models.JSONField(_("各类别平均分"))
    distribution = models.JSONField(_("等次分布"))

    class Meta:
        verbose_name = _("测评对象结果")
        verbose_name_plural = _("测评对象结果")
        ordering = ["rank", "subject__sort_order"]

    def __str__(self):
        return f"{self.subject} {self.score}"
