"""Serializer fields that read typed numbers the one way (assessments.inputs), with its reasons on the field."""

from rest_framework import serializers

from assessments.inputs import InputError, read_decimal


class DecimalInputField(serializers.DecimalField):
    """A number with at most `decimal_places` decimals, read by assessments.inputs.read_decimal (documented as DRF's
    decimal)."""

    def __init__(self, *, what, **kwargs):
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            value = read_decimal(data, what=str(self.what), places=self.decimal_places)
        except InputError as e:
            raise serializers.ValidationError(e.message, code="invalid") from None
        return self.validate_precision(value)
