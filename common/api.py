from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from common.errors import ApplicationError


def exception_handler(exc, context):
    """Every API error as {"message": ..., "errors": {field: [...]}} with a fitting status.

    A domain error is 400, or 409 when its code is "conflict" (a stale revision)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, ApplicationError) and exc.code == "conflict":
        # Somebody else changed the row since the caller read it: 409, with what is stored now in `extra`
        # (kept as JSON types, so a client can compare revisions without parsing strings).
        set_rollback()
        return Response({"message": exc.message, "errors": exc.field_errors, "extra": exc.extra}, status=409)
    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(
            {"message": exc.message, "errors": exc.field_errors, **({"extra": exc.extra} if exc.extra else {})}
        )
        response = drf_exception_handler(exc, context)
        return response

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data
        response.data = {
            "message": "提交的数据有误。",
            "errors": detail if isinstance(detail, dict) else {"non_field_errors": detail},
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"message": str(response.data["detail"]), "errors": {}}
    return response


class ActionPermissions:
    """`action_permissions = {"create": [HRWrite]}`: an action's own roles, else the view's `permission_classes`.

    A method the route does not offer (GET on a POST-only action) has no action and falls back to the view's
    roles, so it answers 405 to those roles and 403 to the rest."""

    action_permissions: dict = {}
    permission_classes: Sequence[type[BasePermission]]  # the view's, which this mixin comes before

    def get_permissions(self):
        classes = self.action_permissions.get(getattr(self, "action", None), self.permission_classes)
        return [permission() for permission in classes]


def flatten_errors(errors: dict) -> dict:
    """Errors of a nested list as `components-<index>-<field>`, the keys the services (and the formsets) use."""
    flat: dict = {}
    for key, value in errors.items():
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            value = dict(enumerate(value))
        if isinstance(value, dict):
            for sub, messages in value.items():
                if isinstance(messages, dict):  # one item of the list (DRF keys them by index)
                    for field, item_messages in messages.items():
                        suffix = "" if field == "non_field_errors" else f"-{field}"
                        flat[f"{key}-{sub}{suffix}"] = item_messages
                elif messages:
                    flat[key if sub == "non_field_errors" else f"{key}-{sub}"] = messages
        else:
            flat[key] = value
    return flat


def validated(serializer) -> dict:
    if not serializer.is_valid():
        raise exceptions.ValidationError(flatten_errors(serializer.errors))
    return dict(serializer.validated_data)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum in the OpenAPI schema however many serializers use it (several
    models have a `status` or a `state`, each with its own choices)."""

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
