"""The form HR corrects a score of a closed period with (the grid saves cells without a form class)."""

from django import forms
from django.utils.translation import gettext_lazy


class ScoreCorrectionForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("新分数"), max_length=20)
    reason = forms.CharField(
        label=gettext_lazy("修改原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写修改原因。")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
