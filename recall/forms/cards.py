"""The forms of the cards' pages: HR records a card about a cadre named by 工号; the committee approves or rejects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.fields import CadreByEmployeeNoField
from recall.forms.cases import DATE, text_field
from recall.models import Card


class CardForm(forms.Form):
    cadre = CadreByEmployeeNoField()
    color = forms.ChoiceField(
        label=_("类别"), choices=Card.Color.choices, error_messages={"required": _("请选择黄牌或红牌。")}
    )
    source = forms.ChoiceField(
        label=_("来源"),
        choices=[(Card.Source.POINTS, Card.Source.POINTS.label), (Card.Source.DECISION, Card.Source.DECISION.label)],
        error_messages={"required": _("请选择警示来源。")},
    )
    issued_on = forms.DateField(
        label=_("警示日期"),
        widget=DATE,
        error_messages={"required": _("请填写警示日期。"), "invalid": _("请输入有效的日期。")},
    )
    reason = text_field(_("警示事由"), _("请填写警示事由。"), rows=3)
    evidence_file = forms.FileField(label=_("依据材料"), required=False)
    evidence_note = forms.CharField(label=_("依据材料说明"), max_length=200, required=False)

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].cadres = cadres


class CardDecisionForm(forms.Form):
    reason = text_field(_("审定意见"))


class CardRejectForm(forms.Form):
    reason = text_field(_("不予认定的理由"), _("请填写不予认定的理由。"))
