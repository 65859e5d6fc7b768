"""The cards' kind in the early-warning catalog (notices.warnings), found by the daily scan."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from notices.warnings.registry import WarningKind, register_warning
    from recall.services.warnings import KIND, near_red_scan

    register_warning(
        WarningKind(
            code=KIND,
            label=_("黄牌临界预警"),
            description=_("干部已有一张黄牌、再受一张即累计按红牌处置时,告知本人和组织人事部门。"),
            scan=near_red_scan,
            order=50,
        )
    )
