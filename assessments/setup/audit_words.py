"""The words for the assessments' audit rows: every action, and the keys the rows carry beyond their subject's
fields (a scheme's component table, an import's counts, an early warning's numbers). Registered once, from
AssessmentsConfig.ready()."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from assessments.forms.schemes import PERCENT_FIELDS, percent
from common.audit_display import Field, register_actions, register_fields

register_actions(
    {
        # schemes and periods
        "assessments.scheme.create": _("创建方案"),
        "assessments.scheme.update": _("修改方案"),
        "assessments.scheme.new_version": _("生成新版本"),
        "assessments.period.open": _("开始评分"),
        "assessments.period.close": _("结束评分"),
        "assessments.assignment.create": _("设置评分关系"),
        "assessments.assignment.delete": _("取消评分关系"),
        "assessments.point_item.create": _("新增加减分项目"),
        "assessments.veto_item.create": _("新增一票否决事项"),
        # scores
        "assessments.score.create": _("录入评分"),
        "assessments.score.change": _("修改评分"),
        "assessments.score.change_closed": _("修改已结束期间的评分"),
        "assessments.score.import": _("导入评分"),
        # points and vetoes
        "assessments.points.record": _("登记加减分"),
        "assessments.points.approve": _("批准加减分"),
        "assessments.points.reject": _("不批准加减分"),
        "assessments.points.import": _("导入加减分"),
        "assessments.points.revoke": _("撤销加减分"),
        "assessments.veto.record": _("登记一票否决"),
        "assessments.veto.approve": _("批准一票否决"),
        "assessments.veto.reject": _("不批准一票否决"),
        "assessments.veto.import": _("导入一票否决"),
        "assessments.veto.revoke": _("撤销一票否决"),
        # an error-tolerance exemption granted by the party committee (asked for and decided in 容错免责)
        "assessments.points.exempt": _("容错免责:扣分不再计入"),
        "assessments.veto.exempt": _("容错免责:一票否决不再计入"),
        # imports (assessments.imports.applying: one row per file)
        "assessments.import.scores": _("导入评分表"),
        "assessments.import.points": _("导入加减分表"),
        "assessments.import.vetoes": _("导入一票否决表"),
        # appeals
        "assessments.appeal.file": _("提出申诉"),
        "assessments.appeal.uphold": _("申诉维持原决定"),
        "assessments.appeal.revoke": _("申诉撤销原决定"),
        # annual results
        "assessments.results.compute": _("计算考核结果"),
        "assessments.results.run_dead": _("考核结果计算中断"),
        "assessments.results.warning": _("发送过程通报预警"),
        "assessments.results.tie_decide": _("裁定边界并列"),
        "assessments.results.tie_redecide": _("重新裁定边界并列"),
        "assessments.results.confirm": _("党组确认考核结果"),
        "assessments.results.post": _("公示优秀人选"),
        "assessments.results.publish": _("公布考核结果"),
        "assessments.results.no_grade": _("登记不定等次或不进行考核"),
        "assessments.results.publication_adopt": _("改用重新计算的结果"),
        "assessments.results.export": _("导出考核结果"),
    }
)


def _percent(value) -> str:
    try:
        return f"{percent(Decimal(str(value)))}%"
    except InvalidOperation:
        return str(value)


def _number(value) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except InvalidOperation:
        return str(value)


def components_text(components) -> str:
    """A scheme's component table in one line: 平时考核 30%;述职评议 70%."""
    return ";".join(f"{c.get('name')} {_number(c.get('weight'))}%" for c in components or [] if isinstance(c, dict))


register_fields(
    "assessments.scheme",
    {
        **{name: Field(render=_percent) for name in PERCENT_FIELDS},
        "components": Field(label=_("考核项目"), render=components_text),
        "scores_not_carried_over": Field(label=_("未转入新版本的评分")),
    },
)
# A creation lists the essentials; every setting is on the scheme's page itself.
register_fields(
    "assessments.scheme.create",
    {"name": Field(), "effective_date": Field(), "components": Field(label=_("考核项目"), render=components_text)},
    only=True,
)
# The run's name already says its version.
register_fields("assessments.results.publication_adopt", {"version": None})
register_fields(
    "assessments.results.warning",
    {"warned": Field(label=_("预警通知数")), "bottom_zone": Field(label=_("后段人数"))},
)

_IMPORT_FILE = {
    "file": Field(label=_("文件名")),
    "sheet": Field(label=_("工作表")),
    "year": Field(label=_("年度")),
    "rows": Field(label=_("行数")),
}
# The counts of assessments.imports' plans (count_labels()).
register_fields(
    "assessments.import.scores",
    {
        **_IMPORT_FILE,
        "new": Field(label=_("新增评分")),
        "changed": Field(label=_("修改评分")),
        "unchanged": Field(label=_("未变化")),
    },
)
register_fields(
    "assessments.import.points",
    {**_IMPORT_FILE, "new": Field(label=_("新增加减分记录")), "recorded": Field(label=_("已登记(跳过)"))},
)
register_fields(
    "assessments.import.vetoes",
    {**_IMPORT_FILE, "new": Field(label=_("新增一票否决记录")), "recorded": Field(label=_("已登记(跳过)"))},
)
