"""Wiring of the commitment letters: the deadline kind, the cadre's 我的档案 panel, the audit words and the demo."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.registry import DeadlineKind, Reminder, register

LETTER_DEADLINE = "demotion.commitment_letter"


def _letters_owed():
    from demotion.models import CommitmentLetter

    # A letter of an appointment that has ended is owed no more.
    return CommitmentLetter.objects.filter(signed_at__isnull=True, appointment__end_date__isnull=True).select_related(
        "cadre", "cadre__user", "cadre__unit", "appointment__post"
    )


def _escalate_to(letter):
    from demotion.selectors.letters import hr_users_covering

    return hr_users_covering(letter.cadre.unit)


def _describe(letter):
    return (
        _("签署主动让贤承诺书:%(cadre)s(%(post)s)") % {"cadre": letter.cadre.name, "post": letter.appointment.post},
        _("新任中层负责人须在任职后规定期限内签署《主动让贤承诺书》,请登录系统阅读并签署。"),
        reverse("demotion:letter_detail", kwargs={"pk": letter.pk}),
    )


COMMITMENT_LETTER = DeadlineKind(
    code=LETTER_DEADLINE,
    label=gettext_lazy("主动让贤承诺书"),
    queryset=_letters_owed,
    due_date=lambda letter: letter.due_date,
    recipients=lambda letter: [letter.cadre.user],
    reminders=(Reminder.before(3), Reminder.on_due(), Reminder.after(1)),
    escalate_to=_escalate_to,
    describe=_describe,
    unit_of=lambda letter: letter.cadre.unit,
    unit_field="cadre__unit",
)


def _audit_words() -> None:
    from common.audit_display import Field, register_actions, register_fields

    register_actions(
        {
            "demotion.letter.create": gettext_lazy("生成主动让贤承诺书"),
            "demotion.letter.sign": gettext_lazy("签署主动让贤承诺书"),
            "demotion.letter.paper": gettext_lazy("登记纸质签署的承诺书"),
            "demotion.letter.remind": gettext_lazy("催办主动让贤承诺书"),
            "demotion.letter.escalate": gettext_lazy("逾期未签署承诺书,提交党组"),
            "demotion.policy.create": gettext_lazy("设立主动让贤办法"),
            "demotion.policy.update": gettext_lazy("修改主动让贤办法"),
            "demotion.stepdown.export": gettext_lazy("导出主动让贤名单"),
        }
    )
    register_fields("demotion.letter.sign", {"late": Field(label=gettext_lazy("逾期签署"))})
    register_fields("demotion.letter.paper", {"late": Field(label=gettext_lazy("逾期签署"))})
    register_fields(
        "demotion.stepdown.export",
        {
            "year": Field(label=gettext_lazy("年度")),
            "format": Field(label=gettext_lazy("文件格式")),
            "state": Field(label=gettext_lazy("状态")),
            "rows": Field(label=gettext_lazy("行数")),
        },
    )


def ready() -> None:
    """Registers this area's deadline kinds, panels, audit words and hooks (called from DemotionConfig.ready)."""
    from demotion import letters_panels  # noqa: F401  (registers the panel)
    from demotion.demo_letters import demo_letters_load
    from org.demo import register_extension

    register(COMMITMENT_LETTER)
    _audit_words()
    register_extension(demo_letters_load)
