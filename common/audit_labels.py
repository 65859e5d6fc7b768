"""The words for the audit rows common writes: what the protection of residual information (剩余信息保护) deletes, and
the backups and restores (数据备份恢复)."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields
from common.models import BackgroundJob


def _status(value) -> str:
    return str(dict(BackgroundJob.Status.choices).get(value, value))


register_actions(
    {
        "import.upload_deleted": _("删除导入的上传文件"),
        "export.file_expired": _("删除过期的导出文件"),
        "system.files_expired": _("删除过期文件"),
        "system.backup": _("数据备份"),
        "system.restore": _("数据恢复"),
    }
)
for action in ("system.backup", "system.restore"):
    register_fields(
        action,
        {
            "tables": Field(label=_("表数")),
            "rows": Field(label=_("行数")),
            "files": Field(label=_("文件数")),
            "folder": Field(label=_("备份目录")),
            "created_at": Field(label=_("备份时间")),
        },
    )
register_fields(
    "import.upload_deleted",
    {"file_name": Field(label=_("文件名")), "status": Field(label=_("导入结果"), render=_status)},
)
register_fields(
    "export.file_expired",
    {
        "file_name": Field(label=_("文件名")),
        "rows": Field(label=_("行数")),
        "created_at": Field(label=_("导出时间")),
    },
)
register_fields(
    "system.files_expired",
    {
        "kind": Field(label=_("文件类别")),
        "files": Field(label=_("文件数")),
        "max_age_hours": Field(label=_("保存期限(小时)")),
    },
)
