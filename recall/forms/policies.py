"""The form of a new version of the recall policy: every number of the 召回管理办法, prefilled with the version in
force (or the seed's defaults)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recall.forms.cases import DATE
from recall.models import RecallPolicy
from recall.services.policies import SETTINGS


class PolicyForm(forms.ModelForm):
    effective_from = forms.DateField(
        label=_("施行日期"),
        widget=DATE,
        error_messages={"required": _("请填写施行日期。"), "invalid": _("请输入有效的日期。")},
    )
    reason = forms.CharField(label=_("制定说明"), max_length=500, required=False)

    class Meta:
        model = RecallPolicy
        fields = ["effective_from", *SETTINGS]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "section_level_ranks": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "card_window_months": _("留空表示不限期限(累计计算)。"),
            "section_level_ranks": _("除担任领导职务外,具有这些职级的干部也按科级干部计。"),
        }

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The organization is not one of the form's fields: validate_unique must not look for it.
        self.instance.organization = organization

    def validate_unique(self):
        """The service says when a version already starts that day (as a field error)."""
