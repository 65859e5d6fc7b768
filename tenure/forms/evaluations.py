"""Forms of the term evaluation: opening a round, its team, the 民意测评 file, a goal's attainment, the comment, the
committee's choice among ties."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from org.forms.base import StyledForm, choice_errors
from tenure.forms.fields import decimal_field, integer_field, text_field, upload_field
from tenure.models import EvaluationRound


class RoundForm(StyledForm):
    year = integer_field(_("年度"), low=2000, high=2100)
    stage = forms.ChoiceField(
        label=_("考评类型"), choices=EvaluationRound.Stage.choices, error_messages=choice_errors(_("考评类型"))
    )


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name}({obj.username})" if name else obj.username


class TeamForm(StyledForm):
    members = UserChoiceField(
        label=_("考评组成员"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        error_messages={"invalid_choice": _("请从列表中选择考评组成员。")},
    )
    reason = text_field(_("说明"), max_length=500, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = users


class DemocraticImportForm(StyledForm):
    file = upload_field()


class AttainmentForm(StyledForm):
    score = decimal_field(_("完成得分"), help_text=_("0–100"))
    actual = text_field(_("完成情况"), required=False)


class CommentForm(StyledForm):
    comment = text_field(_("考评意见"), max_length=2000, required=False, area=True)


class SettleForm(StyledForm):
    chosen = forms.MultipleChoiceField(
        label=_("确定为优秀"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = text_field(_("决定依据"), max_length=500)

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(str(row.pk), f"{row.cadre.name} {row.combined}") for row in tied]
