"""The assessments' kinds in the early-warning catalog (notices.warnings): the quarterly bottom zone, sent when a
quarter's scoring closes, and two consecutive 基本称职 coming, found by the daily scan."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from assessments.services.warnings import BASIC_TWICE_KIND, WARNING_KIND, basic_twice_scan
    from notices.warnings.registry import WarningKind, register_warning

    register_warning(
        WarningKind(
            code=WARNING_KIND,
            label=_("过程通报预警"),
            description=_("每季度述职评议结束后,告知过程综合得分处于本考核组后段区间的干部本人。"),
            order=30,
        )
    )
    register_warning(
        WarningKind(
            code=BASIC_TWICE_KIND,
            label=_("连续两年基本称职预警"),
            description=_(
                "上一年度考核等次为基本称职、本年度过程综合得分又处于本考核组后段区间的干部,告知本人和组织人事部门。"
            ),
            scan=basic_twice_scan,
            order=40,
        )
    )
