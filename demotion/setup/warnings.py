"""The waiting periods' kind in the early-warning catalog (notices.warnings), found by the daily scan."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from demotion.services.warnings import KIND, waiting_end_scan
    from notices.warnings.registry import WarningKind, register_warning

    register_warning(
        WarningKind(
            code=KIND,
            label=_("影响期届满预警"),
            description=_("组织处理或处分的影响期(不得提拔、不得担任领导职务)即将届满时,告知组织人事部门。"),
            scan=waiting_end_scan,
            order=20,
        )
    )
