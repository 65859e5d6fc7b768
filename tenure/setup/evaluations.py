"""Wiring of the term evaluation: the audit words. The notice a cadre gets when a round is confirmed is sent by the
service (notices.services.notices_announce, once per row); the panels are in tenure.panels."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from common.audit_display import Field, register_actions, register_fields
    from tenure.models.evaluations import DEMOCRATIC_SOURCES

    register_actions(
        {
            "tenure.round.open": _("建立任期考评"),
            "tenure.round.rows": _("更新考评对象"),
            "tenure.round.team": _("调整考评组成员"),
            "tenure.round.rank": _("任期考评排序"),
            "tenure.round.settle": _("党组确定优秀名额并列人选"),
            "tenure.round.close": _("党组确认任期考评结果"),
            "tenure.attainment.record": _("评定目标完成情况"),
            "tenure.evaluation.comment": _("填写考评意见"),
            "tenure.evaluation.democratic": _("录入民意测评得分"),
            "tenure.export": _("导出任期制数据"),
        }
    )
    register_fields(
        "tenure.round.rank",
        {
            "excellent": Field(label=_("优秀")),
            "competent": Field(label=_("称职")),
            "basic": Field(label=_("基本称职")),
            "incompetent": Field(label=_("不称职")),
            "none": Field(label=_("未评定")),
        },
    )
    register_fields("tenure.round.rows", {"added": Field(label=_("新增考评对象"))})
    register_fields(
        "tenure.termevaluation",
        {"democratic_source": Field(render=lambda value: str(DEMOCRATIC_SOURCES.get(value, value or "—")))},
    )
    register_fields("tenure.round.team", {"team": Field(label=_("考评组成员"), related="auth.User")})
    register_fields("tenure.round.settle", {"chosen": Field(label=_("确定为优秀"), related="tenure.TermEvaluation")})
    register_fields(
        "tenure.export",
        {
            "what": Field(label=_("内容")),
            "format": Field(label=_("文件格式")),
            "rows": Field(label=_("行数")),
            "year": Field(label=_("年度")),
        },
    )
