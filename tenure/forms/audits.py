"""Forms of the economic responsibility audits, one per step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import StyledForm, choice_errors, date_field
from org.models import Appointment, Cadre
from tenure.forms.fields import text_field
from tenure.forms.goals import CadreChoiceField
from tenure.models import EconomicAudit


class AppointmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        end = obj.end_date.isoformat() if obj.end_date else "—"
        return f"{obj.cadre.name} · {obj.post.unit.name}{obj.post.name}({obj.start_date.isoformat()}–{end})"


class AuditPlanForm(StyledForm):
    cadre = CadreChoiceField(
        label=_("被审计干部"), queryset=Cadre.objects.none(), error_messages=choice_errors(_("干部"))
    )
    appointment = AppointmentChoiceField(
        label=_("审计的任职"),
        queryset=Appointment.objects.none(),
        required=False,
        error_messages=choice_errors(_("任职")),
    )
    kind = forms.ChoiceField(label=_("审计类型"), choices=EconomicAudit.Kind.choices)
    period_from = date_field(_("审计期间(起)"), required_message=_("请填写审计期间。"))
    period_to = date_field(_("审计期间(止)"), required_message=_("请填写审计期间。"))
    reason = text_field(_("立项依据"), max_length=500, required=False)

    def __init__(self, *args, cadres, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["appointment"].queryset = appointments


class NotifyForm(StyledForm):
    notice_no = text_field(_("审计通知书文号"), max_length=100)
    served_on = date_field(_("通知书送达日期"), required_message=_("请填写送达日期。"))
    fieldwork_from = date_field(_("现场审计开始日期"), required_message=_("请填写现场审计开始日期。"))


class FieldworkForm(StyledForm):
    on = date_field(_("现场审计开始日期"), required_message=_("请填写日期。"))


class DraftForm(StyledForm):
    sent_on = date_field(_("征求意见稿送达日期"), required_message=_("请填写送达日期。"))


class ReplyForm(StyledForm):
    text = text_field(_("书面意见"), max_length=5000, area=True)
    replied_on = date_field(_("书面意见日期"), required=False)


class ReportForm(StyledForm):
    reported_on = date_field(_("审计报告日期"), required_message=_("请填写报告日期。"))
    report_no = text_field(_("审计报告文号"), max_length=100, required=False)
    rating = forms.ChoiceField(label=_("审计结论"), choices=EconomicAudit.Rating.choices)
    findings = text_field(_("发现的问题"), max_length=5000, required=False, area=True)


class RectifyForm(StyledForm):
    due = date_field(_("整改期限"), required_message=_("请填写整改期限。"))


class CloseForm(StyledForm):
    closed_on = date_field(_("办结日期"), required_message=_("请填写办结日期。"))
    note = text_field(_("整改情况"), max_length=5000, required=False, area=True)


class CancelForm(StyledForm):
    reason = text_field(_("取消原因"), max_length=500)
