"""The words for org's audit rows: its actions, and the keys they carry beyond their subject's fields."""

from django.utils.translation import gettext_lazy as _

from common.audit_display import Field, register_actions, register_fields

register_actions(
    {
        "org.organization.create": _("新建机构"),
        "org.unit.create": _("新建单位"),
        "org.post.create": _("新建职务"),
        "org.post.headcount": _("调整职数"),
        "org.cadre.create": _("新增干部"),
        "org.cadre.update": _("修改干部信息"),
        "org.appointment.start": _("任职"),
        "org.appointment.end": _("结束任职"),
        "org.appointment.probation": _("登记试用期满日期"),
        "org.group.create": _("新建考核组"),
        "org.group.member_set": _("编入考核组"),
        "org.role.assign": _("授予角色"),
        "org.sanction.create": _("登记处分"),
        "org.roster.import": _("导入干部名册"),
        "org.unit.rename": _("单位更名"),
        "org.unit.move": _("调整上级单位"),
        "org.unit.close": _("撤销单位"),
        "org.post.end": _("撤销职务"),
        "org.cadre.leave": _("离开本单位"),
        "org.account.create": _("创建登录账号"),
        "org.account.link": _("关联登录账号"),
        "org.account.code_issue": _("生成激活码"),
        "org.account.activate": _("激活账号"),
        "org.account.lock": _("停用账号"),
        "org.account.unlock": _("启用账号"),
    }
)

# A unit's path is the ids from the root, kept by the services; its parent already says where it sits.
register_fields("org.unit", {"path": None})
# Written on the cadre: the group they were moved into (and out of).
register_fields("org.group.member_set", {"group": Field(label=_("考核组"), related="org.AssessmentGroup")})
register_fields(
    "org.roster.import",
    {
        "file": Field(label=_("文件名")),
        "sheet": Field(label=_("工作表")),
        "year": Field(label=_("年度")),
        "rows": Field(label=_("行数")),
        # org.roster.plan.RosterPlan.counts()
        "new_cadres": Field(label=_("新增干部")),
        "updated_cadres": Field(label=_("更新干部")),
        "new_units": Field(label=_("新增单位")),
        "new_posts": Field(label=_("新增职务")),
        "headcounts": Field(label=_("职数调整")),
        "started": Field(label=_("新任职")),
        "ended": Field(label=_("结束任职")),
        "new_groups": Field(label=_("新增考核组")),
        "memberships": Field(label=_("考核组变更")),
    },
)
# The account rows are written on the cadre: which login, and until when its code was valid (never the code).
for _action in ("org.account.create", "org.account.link", "org.account.code_issue", "org.account.activate"):
    register_fields(
        _action,
        {
            "username": Field(label=_("登录名")),
            "user": None,
            "expires_at": Field(label=_("有效期至")),
        },
    )
for _action in ("org.account.lock", "org.account.unlock", "org.cadre.leave"):
    register_fields(_action, {"is_active": Field(label=_("账号可用"))})
# What a new cadre or appointment cannot have yet: said by later rows (org.cadre.leave, org.appointment.end).
register_fields("org.cadre.create", {"left_on": None, "left_reason": None})
register_fields("org.appointment.start", {"end_document_no": None, "end_document_date": None})
