"""The words for the notices' audit rows."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields
from notices import registry


def _kind_label(code) -> str:
    kind = registry.get_kind(str(code))
    return str(kind.label) if kind is not None else str(code)


register_actions({"notices.deadline.recompute": _("按新日历重新计算截止日期")})
register_fields(
    "notices.deadline.recompute",
    {"deadline": Field(label=_("截止日期")), "kind": Field(label=_("期限类别"), render=_kind_label)},
)


def _warning_label(code) -> str:
    from notices.warnings.registry import get_warning

    kind = get_warning(str(code))
    return str(kind.label) if kind is not None else registry.kind_label(str(code))


def _on_off(value) -> str:
    return str(_("启用") if value else _("停用"))


register_actions({"notices.warning.send": _("发出预警"), "notices.warning.switch": _("设置预警开关")})
register_fields(
    "notices.warning.send",
    {
        "kind": Field(label=_("预警类别"), render=_warning_label),
        "occurrence": None,
        "notices": Field(label=_("通知人数")),
    },
)
register_fields(
    "notices.warning.switch",
    {"kind": Field(label=_("预警类别"), render=_warning_label), "enabled": Field(label=_("状态"), render=_on_off)},
)
