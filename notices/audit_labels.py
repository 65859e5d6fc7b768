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
