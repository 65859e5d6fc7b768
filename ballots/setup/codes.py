"""Wiring of the one-time codes: their audit words. (Votes have none, by design: ballots.services.voting.)"""

from django.utils.translation import gettext_lazy


def _format_label(value) -> str:
    from ballots.models import CodeBatch

    return str(CodeBatch.Format(value).label) if value in CodeBatch.Format.values else str(value)


def ready() -> None:
    """Registers this area's audit words (called from BallotsConfig.ready)."""
    from common.audit_display import Field, register_actions, register_fields

    register_actions(
        {
            "ballots.codes.issue": gettext_lazy("发放测评码"),
            "ballots.code.void": gettext_lazy("作废测评码"),
            "ballots.batch.void": gettext_lazy("作废测评码批次"),
        }
    )
    register_fields(
        "ballots.codes.issue",
        {
            "batch": Field(label=gettext_lazy("批次号")),
            "unit_name": Field(label=gettext_lazy("发放单位")),
            "category_name": Field(label=gettext_lazy("参评人员类别")),
            "size": Field(label=gettext_lazy("数量")),
            "format": Field(label=gettext_lazy("文件格式"), render=_format_label),
        },
    )
    register_fields("ballots.batch.void", {"voided": Field(label=gettext_lazy("作废数量"))})
