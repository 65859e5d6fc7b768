"""Wiring of the year page: the words of its audit rows."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import register_actions
from overview import exports
from overview.services import reminders


def ready() -> None:
    register_actions(
        {
            reminders.ACTION: _("提醒评分人完成评分"),
            exports.ACTION: _("导出缺评清单"),
        }
    )
