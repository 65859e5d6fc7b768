"""The words for the recall app's audit rows."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields

register_actions(
    {
        "recall.policy.create": _("制定召回管理办法"),
        "recall.card.record": _("登记黄牌红牌"),
        "recall.card.approve": _("党组审定警示"),
        "recall.card.reject": _("党组不予认定警示"),
        "recall.card.combine": _("两张黄牌折算为红牌"),
        "recall.competition.record": _("登记竞聘落聘"),
        "recall.competition.import": _("导入竞聘落聘"),
        "recall.batch.create": _("设立召回批次"),
        "recall.batch.propose": _("从考核数据中提出召回对象"),
        "recall.batch.close": _("结束召回批次提名"),
        "recall.case.propose": _("提出召回对象"),
        "recall.case.decide": _("党组决定召回"),
        "recall.case.decline": _("党组决定不予召回"),
        "recall.case.order": _("发出召回令"),
        "recall.case.start_training": _("开始谈心培训"),
        "recall.training.record": _("登记谈心培训"),
        "recall.case.start_retraining": _("安排一线回炉锻炼"),
        "recall.case.start_probation": _("安排适岗考核"),
        "recall.case.start_evaluation": _("进入鉴定评价"),
        "recall.case.evaluate": _("登记鉴定评价"),
        "recall.case.return": _("考核合格返岗"),
        "recall.case.reassign": _("二次调配"),
        "recall.case.measure": _("登记组织处理措施"),
        "recall.case.conclude": _("登记跟踪考察结论"),
        "recall.case.close": _("结案"),
        "recall.case.withdraw": _("撤回召回事项"),
        "recall.export.batch": _("导出召回名单"),
        "recall.export.register": _("导出召回事项登记簿"),
        "recall.export.pay": _("导出待遇挂钩报表"),
    }
)


def _sources(values) -> str:
    from recall.models import EvidenceSource

    labels = dict(EvidenceSource.choices)
    return "、".join(str(labels.get(v, v)) for v in values or [])


register_fields(
    "recall.recallcase",
    {
        "organization_id": None,
        "evidence_sources": Field(render=_sources),
        "grade": None,
        "batch_id": Field(label=_("批次"), related="recall.RecallBatch"),
        "cadre_id": Field(label=_("干部"), related="org.Cadre"),
        "category_id": Field(label=_("召回对象类别"), related="recall.RecallCategory"),
        "policy_id": Field(label=_("适用办法"), related="recall.RecallPolicy"),
        "card_id": Field(label=_("红牌"), related="recall.Card"),
        "competition_loss_id": Field(label=_("竞聘落聘"), related="recall.CompetitionLoss"),
        "home_unit_id": Field(label=_("原单位"), related="org.Unit"),
        "appointment_id": Field(label=_("原任职务"), related="org.Appointment"),
        "placement_unit_id": Field(label=_("回炉锻炼单位"), related="org.Unit"),
        "return_post_id": Field(label=_("返回职务"), related="org.Post"),
        "reassign_post_id": Field(label=_("调配职务"), related="org.Post"),
        "decided_by_id": Field(label=_("决定人"), related="auth.User"),
        "ordered_by_id": Field(label=_("发令人"), related="auth.User"),
        "proposed_by_id": Field(label=_("提名人"), related="auth.User"),
        "order_year": None,
        "order_seq": None,
    },
)
register_fields(
    "recall.card",
    {
        "organization_id": None,
        "cadre_id": Field(label=_("干部"), related="org.Cadre"),
        "policy_id": Field(label=_("适用办法"), related="recall.RecallPolicy"),
        "red_card_id": Field(label=_("折算的红牌"), related="recall.Card"),
        "recorded_by_id": Field(label=_("登记人"), related="auth.User"),
        "decided_by_id": Field(label=_("审定人"), related="auth.User"),
        "yellows": Field(label=_("由以下黄牌折算"), render=lambda ids: "、".join(f"#{i}" for i in ids or [])),
    },
)
for action in ("recall.export.batch", "recall.export.register", "recall.export.pay"):
    register_fields(
        action,
        {
            "format": Field(label=_("文件格式")),
            "rows": Field(label=_("行数")),
            "first": Field(label=_("开始月份")),
            "last": Field(label=_("结束月份")),
            "from": Field(label=_("开始月份")),
            "to": Field(label=_("结束月份")),
        },
    )
register_fields(
    "recall.batch.propose", {"proposed": Field(label=_("提出人数")), "skipped": Field(label=_("未提出人数"))}
)
