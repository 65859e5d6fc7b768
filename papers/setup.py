"""Wiring of the papers: the audit words."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from common.audit_display import Field, register_actions, register_fields

    register_actions(
        {
            "papers.print": _("打印考核材料"),
            "papers.deadline.set": _("设置个人总结截止日期"),
            "papers.summary.write": _("填写个人总结"),
            "papers.summary.paper": _("上传纸质个人总结"),
            "papers.summary.acknowledge": _("签署本人意见"),
        }
    )
    register_fields(
        "papers.print",
        {
            "what": Field(label=_("内容")),
            "year": Field(label=_("年度")),
            "scope": Field(label=_("范围")),
            "rows": Field(label=_("人数")),
        },
    )
