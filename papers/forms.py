from django import forms
from django.utils.translation import gettext_lazy as _

from papers.services.summaries import OPINION_MAX, SUMMARY_MAX


class DeadlineForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("个人总结截止日期"), widget=forms.DateInput(attrs={"type": "date"}))


class PaperForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    paper = forms.FileField(label=_("纸质个人总结扫描件"))


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("个人总结"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 14}))


class AcknowledgeForm(forms.Form):
    opinion = forms.CharField(label=_("本人意见"), max_length=OPINION_MAX, initial=_("无异议"))
