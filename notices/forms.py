from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from notices import selectors

if TYPE_CHECKING:
    from org.models import Unit


class DeadlineFilterForm(forms.Form):
    """Filters of the deadline list; the unit choices are the user's own scope, so a unit outside it is invalid."""

    kind = forms.ChoiceField(
        label=_("期限类别"), required=False, widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"})
    )
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("单位"),
        queryset=None,
        required=False,
        empty_label=_("全部单位"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("全部类别"))] + [
            (kind.code, str(kind.label)) for kind in selectors.deadline_kinds()
        ]
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = selectors.deadline_units(user)
        unit_field.label_from_instance = lambda unit: unit.name  # type: ignore[method-assign, assignment]  # Django's documented hook

    def filters(self) -> dict:
        """The valid filters; an invalid value shows its error and filters nothing away."""
        if not self.is_valid():
            return {"kind": None, "unit": None}
        return {"kind": self.cleaned_data["kind"] or None, "unit": self.cleaned_data["unit"]}
