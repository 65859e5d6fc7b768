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
        "org.group.create": _("新建考核组"),
        "org.group.member_set": _("编入考核组"),
        "org.role.assign": _("授予角色"),
        "org.sanction.create": _("登记处分"),
        "org.roster.import": _("导入干部名册"),
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
