import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def user_reference(verbose_name, *, blank: bool = True) -> models.ForeignKey:
    """Who recorded, decided or requested something: a user, kept as empty if the account is ever deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


def _job_token() -> str:
    return uuid.uuid4().hex


class BackgroundJob(BaseModel):
    """Work a background worker carries out for a user: an import, an export (common.jobs). One row per request,
    whatever its kind; `arguments` holds what the kind's worker needs, `result` what the progress page shows."""

    class Kind(models.TextChoices):
        ROSTER_IMPORT = "roster_import", _("花名册导入")
        SCORE_IMPORT = "score_import", _("评分导入")
        POINT_IMPORT = "point_import", _("加减分导入")
        VETO_IMPORT = "veto_import", _("一票否决导入")
        RESULTS_EXPORT = "results_export", _("考核结果导出")
        IMPORT_PREVIEW = "import_preview", _("导入文件检查")
        RESULTS_COMPUTE = "results_compute", _("考核结果计算")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("未导入")
        CHANGED = "changed", _("数据已变化")

    # An export's words for the states an import names by importing.
    EXPORT_STATUS_LABELS = {Status.RUNNING: _("生成中"), Status.FAILED: _("失败")}
    COMPUTE_STATUS_LABELS = {Status.RUNNING: _("计算中"), Status.FAILED: _("失败")}
    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CHANGED)

    kind = models.CharField(_("任务类别"), max_length=20, choices=Kind.choices, db_index=True)
    # The page's reference to the job: random, so a job's address says nothing about how many there are.
    token = models.CharField(_("任务标识"), max_length=32, unique=True, default=_job_token, editable=False)
    organization = models.ForeignKey(
        "org.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    # Empty only on a job the system started itself (a result computation run from the command line).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    arguments = models.JSONField(_("任务参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Renewed while the job runs: a RUNNING job past it has lost its worker (common.jobs.services.jobs_reap_dead).
    lease_expires_at = models.DateTimeField(_("租约到期"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="background_job_progress_percent")]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="background_job_lease")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"

    @property
    def is_export(self) -> bool:
        return self.kind == self.Kind.RESULTS_EXPORT

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    def get_status_display(self) -> str:  # type: ignore[no-redef]  # Django's display, with the export's own words
        if self.is_export and self.status in self.EXPORT_STATUS_LABELS:
            return str(self.EXPORT_STATUS_LABELS[self.Status(self.status)])
        if self.kind == self.Kind.RESULTS_COMPUTE and self.status in self.COMPUTE_STATUS_LABELS:
            return str(self.COMPUTE_STATUS_LABELS[self.Status(self.status)])
        return str(self.Status(self.status).label) if self.status in self.Status.values else self.status

    # What the pages of each kind read, by the names the import and export pages have always used.
    @property
    def year(self) -> int | None:
        return self.arguments.get("year")

    @property
    def run_id(self) -> int | None:
        return self.arguments.get("run_id")

    @property
    def group_id(self) -> int | None:
        return self.arguments.get("group_id")

    @property
    def summary(self) -> list:
        return self.result.get("summary", [])

    @property
    def issues(self) -> list:
        return self.result.get("issues", [])

    @property
    def rows(self) -> int:
        return self.result.get("rows", 0)

    @property
    def produced_file(self) -> str:
        """The storage name of the workbook the job made ("" when it made none, or it has expired)."""
        return self.result.get("file", "")


class AppendOnlyQuerySet(models.QuerySet):
    """The audit trail has no update or delete path in the application. (Sealing a row into the chain fills its
    chain columns once, through common.audit_chain; PostgreSQL's trigger refuses anything else, common.audit_guard.)"""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.label} is append-only: rows are never updated")

    def delete(self):
        raise TypeError(f"{self.model._meta.label} is append-only: rows are never deleted")


class ChainedRecord(models.Model):
    """A row of a hash chain (安全审计, GB/T 22239-2019 8.1.4.3): once sealed, `seq` numbers it without gaps and
    `row_hash` is SHA-256 over the previous row's hash and this row's content, so a changed, removed or inserted row
    breaks the chain where it happened (common.audit_chain, `manage.py verify_audit`). Written once, never changed."""

    seq = models.BigIntegerField(_("序号"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64, blank=True, default="", editable=False)
    row_hash = models.CharField(_("摘要"), max_length=64, blank=True, default="", editable=False)
    # Where the request came from (the client address behind trusted proxies, common.client); empty for tasks.
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{self._meta.label} is append-only: rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.label} is append-only: rows are never deleted")

    # The columns (attnames) the row's hash covers besides its place in the chain; chain_values names them.
    CHAIN_COLUMNS: tuple[str, ...] = ()

    @classmethod
    def chain_values(cls, values: dict) -> dict:
        """What the hash covers, from the CHAIN_COLUMNS' values (a row's, or a values() query's without the model
        instances, as the seal reads them)."""
        raise NotImplementedError

    def chain_content(self) -> dict:
        return self.chain_values({name: getattr(self, name) for name in self.CHAIN_COLUMNS})


class AuditLog(ChainedRecord):
    """One row per state or score change: who, when, what, before, after, why. Never updated."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        # An account with a history is deactivated, never deleted: its rows keep naming it.
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("动作"), max_length=100, db_index=True)
    subject_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    subject_repr = models.CharField(_("对象"), max_length=255)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.TextField(_("原因"), blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.subject_repr}"

    def changes(self):
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    CHAIN_COLUMNS = (
        "created_at",
        "actor_id",
        "action",
        "subject_type_id",
        "subject_id",
        "subject_repr",
        "before",
        "after",
        "reason",
        "address",
    )

    @classmethod
    def chain_values(cls, values: dict) -> dict:
        subject_type = ContentType.objects.get_for_id(values["subject_type_id"])
        return {
            "created_at": values["created_at"],
            "actor": values["actor_id"],
            "action": values["action"],
            "subject_type": f"{subject_type.app_label}.{subject_type.model}",
            "subject_id": values["subject_id"],
            "subject_repr": values["subject_repr"],
            "before": values["before"],
            "after": values["after"],
            "reason": values["reason"],
            "address": values["address"],
        }


class ReadLog(ChainedRecord):
    """One row per view of a person's records by someone else (安全审计 of reads): who, whom, what, when, from where.
    A list records the query that was asked, not every row it showed (common.read_audit)."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查阅人"), on_delete=models.PROTECT, related_name="+"
    )
    view = models.CharField(_("页面"), max_length=100, db_index=True)  # the URL's name, e.g. "org:cadre_detail"
    path = models.CharField(_("地址"), max_length=500)
    query = models.CharField(_("查询条件"), max_length=1000, blank=True)
    # The person read, when the page is about one: the cadre's id, and name and 工号 as they were then.
    cadre_id = models.BigIntegerField(_("被查阅人编号"), null=True, blank=True)
    person = models.CharField(_("被查阅人"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("查阅记录")
        verbose_name_plural = _("查阅记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["cadre_id", "-created_at"], name="readlog_person_latest"),
            models.Index(fields=["actor", "-created_at"], name="readlog_actor_latest"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.view} {self.person}"

    CHAIN_COLUMNS = ("created_at", "actor_id", "view", "path", "query", "cadre_id", "person", "address")

    @classmethod
    def chain_values(cls, values: dict) -> dict:
        return {
            "created_at": values["created_at"],
            "actor": values["actor_id"],
            "view": values["view"],
            "path": values["path"],
            "query": values["query"],
            "cadre_id": values["cadre_id"],
            "person": values["person"],
            "address": values["address"],
        }


class AuditAnchor(models.Model):
    """Where a chain begins after a retention purge (`manage.py purge_audit`): the last purged row's number and
    hash, which the first remaining row points to. Written once, never changed."""

    chain = models.CharField(_("审计链"), max_length=50)
    seq = models.BigIntegerField(_("清理至序号"))
    row_hash = models.CharField(_("该条摘要"), max_length=64)
    purged = models.PositiveIntegerField(_("清理条数"))
    cutoff = models.DateTimeField(_("清理此前记录"))
    created_at = models.DateTimeField(_("清理时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计清理记录")
        verbose_name_plural = _("审计清理记录")
        ordering = ["chain", "-seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_anchor_unique")]

    def __str__(self):
        return f"{self.chain} ≤ {self.seq}"


class CalendarDay(BaseModel):
    """An admin's word on one day, overriding the official calendar package (e.g. a new year's calendar)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"
