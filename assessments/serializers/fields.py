"""A choice field named once in the OpenAPI schema, whatever number of serializers use it."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum however many serializers use it (several models here have a
    `status`, each with its own choices)."""

    def __init__(self, choices_class, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self):
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        schema.pop("readOnly", None)  # a property of the field, stated where the field uses the enum
        return schema
