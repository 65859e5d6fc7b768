"""Form fields that read typed numbers the one way (assessments.inputs), with its reasons next to the field."""

from django import forms
from django.core.exceptions import ValidationError

from assessments.inputs import InputError, read_decimal


class DecimalInputField(forms.DecimalField):
    """A number with at most `places` decimals, read by assessments.inputs.read_decimal; rendered like Django's
    DecimalField (a number input with its step)."""

    def __init__(self, *, what, places: int = 2, **kwargs):
        self.what = what
        super().__init__(decimal_places=places, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_decimal(value, what=str(self.what), places=self.decimal_places)
        except InputError as e:
            raise ValidationError(e.message, code="invalid") from None
