"""Form fields about cadres, for every app's pages."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from org.models import Cadre


class CadreByEmployeeNoField(forms.CharField):
    """A cadre named by 工号, found only among `cadres` (the cadres the user may act for, set by the form)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", gettext_lazy("干部工号"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("error_messages", {"required": gettext_lazy("请填写干部工号。")})
        super().__init__(*args, **kwargs)
        self.cadres: QuerySet[Cadre] | None = None

    def clean(self, value):
        employee_no = super().clean(value).strip()
        assert self.cadres is not None, "the form sets the cadres the field looks in"
        matches = list(self.cadres.filter(employee_no=employee_no)[:2])
        if not matches:
            # A cadre outside one's scope is indistinguishable from one that does not exist.
            raise forms.ValidationError(_("找不到工号为“%(no)s”的干部(或不在您的管理范围内)。") % {"no": employee_no})
        if len(matches) > 1:
            raise forms.ValidationError(_("工号“%(no)s”在多个机构中重复,请联系系统管理员。") % {"no": employee_no})
        return matches[0]
