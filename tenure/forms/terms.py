"""The committee's placement form (届满安置)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms.base import PostChoiceField, StyledForm, choice_errors, date_field
from org.models import Post
from tenure.forms.fields import text_field


class PlacementForm(StyledForm):
    outcome = forms.ChoiceField(label=_("安置方式"), choices=(), error_messages=choice_errors(_("安置方式")))
    effective_on = date_field(_("生效日期"), required_message=_("请填写生效日期。"))
    new_post = PostChoiceField(
        label=_("新任职务"),
        queryset=Post.objects.none(),
        required=False,
        help_text=_("提拔、交流、到所属单位任职须选择;连任、续聘、提前离岗、待岗不选。"),
        error_messages=choice_errors(_("新任职务")),
    )
    document_no = text_field(_("任免文号"), max_length=100)
    document_date = date_field(_("决定日期"), required_message=_("请填写决定日期。"))
    consent_on = date_field(_("本人同意日期"), required=False)
    note = text_field(_("党组意见"), max_length=1000, required=False, area=True)

    def __init__(self, *args, outcomes, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes
        self.fields["new_post"].queryset = posts
        self.fields["consent_on"].help_text = _("提前离岗须本人自愿:登记本人书面同意的日期。")
