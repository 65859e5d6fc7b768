"""Wiring of error tolerance (容错免责) and correction (纠错): audit words, the committee's panel, the demo."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit_display import Field, register_actions, register_fields

PANEL_ITEMS = 10


def _step_label(value) -> str:
    from demotion.models import Correction

    try:
        return str(Correction.Step(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


def _register_audit_words() -> None:
    register_actions(
        {
            "demotion.tolerance.request": gettext_lazy("申请容错免责"),
            "demotion.tolerance.approve": gettext_lazy("予以容错免责"),
            "demotion.tolerance.reject": gettext_lazy("不予容错"),
            "demotion.correction.open": gettext_lazy("启动纠错程序"),
            "demotion.correction.step": gettext_lazy("记录纠错步骤"),
        }
    )
    register_fields(
        "demotion.correction.step",
        {
            "step": Field(label=gettext_lazy("步骤"), render=_step_label),
            "done_on": Field(label=gettext_lazy("办理日期")),
            "note": Field(label=gettext_lazy("办理情况")),
        },
    )
    register_fields("demotion.correction.open", {"tolerance_case_id": None})


def awaiting_tolerance_panel(request):
    """The committee's requests awaiting its decision (待决事项)."""
    from demotion.selectors.tolerance import awaiting_decision
    from org import panels

    pending = awaiting_decision(user=request.user)
    count = pending.count()
    if not count:
        return None
    items = list(pending.order_by("created_at", "id")[:PANEL_ITEMS])
    return panels.Panel(
        title=_("待认定的容错免责申请"),
        template="demotion/_tolerance_panel.html",
        context={"items": items},
        count=count,
        url=reverse("demotion:tolerance_list") + "?state=requested",
        key="tolerance",
    )


def ready() -> None:
    """Registers this area's deadline kinds, panels, audit words and hooks (called from DemotionConfig.ready)."""
    from demotion.demo_tolerance import demo_tolerance_load
    from org import panels
    from org.demo import register_extension
    from org.roles import ROLE_COMMITTEE

    _register_audit_words()
    panels.register(ROLE_COMMITTEE, awaiting_tolerance_panel, order=40)
    register_extension(demo_tolerance_load)
