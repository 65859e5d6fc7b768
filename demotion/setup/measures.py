from django.utils.translation import gettext_lazy as _


def _list_titles(value) -> str:
    from demotion.selectors.usage import LIST_TITLES

    return "、".join(str(LIST_TITLES.get(name, name)) for name in value or [])


def ready() -> None:
    """Registers this area's deadline kinds, panels, audit words and hooks (called from DemotionConfig.ready)."""
    from common.audit_display import Field, register_actions, register_fields
    from demotion import cadre_section, demo_measures, measures_panels  # noqa: F401  (cadre_section registers)
    from org.demo import register_extension

    register_actions(
        {
            "demotion.protection.record": _("登记不得辞退情形"),
            "demotion.protection.end": _("结束不得辞退情形"),
            "demotion.usage.export": _("导出考核结果运用名单"),
        }
    )
    register_fields(
        "demotion.usage.export",
        {
            "format": Field(label=_("格式")),
            "year": Field(label=_("年度")),
            "lists": Field(label=_("名单"), render=_list_titles),
            "rows": Field(label=_("行数")),
            "on": Field(label=_("名单日期")),
        },
    )
    measures_panels.register()
    register_extension(demo_measures.demo_measures_load)
