from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, BasePermission
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

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        schema.pop("readOnly", None)  # a property of the field, stated where the field uses the enum
        # The enum holds the choices only; a field that may be blank or null says so beside it (as drf-spectacular
        # does for its own enums), so that each use of the one named enum keeps what it allows.
        schema.pop("nullable", None)
        schema["enum"] = [value for value in schema["enum"] if value not in ("", None)]
        # The enum is shared: it keeps the list of choices, not the title and help of the field that met it first.
        schema.pop("title", None)
        description = schema.pop("description", "")
        if "\n\n*" in description or description.startswith("*"):
            schema["description"] = "*" + description.partition("*")[2]
        choices = self._component(auto_schema, self.target.enum_name, schema)
        extras = []
        if self.target.allow_blank:
            extras.append(self._component(auto_schema, "BlankEnum", {"enum": [""]}))
        if self.target.allow_null:
            extras.append(self._component(auto_schema, "NullEnum", {"enum": [None]}))
        return {"oneOf": [choices, *extras]} if extras else choices

    def _component(self, auto_schema, name, schema):
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        auto_schema.registry.register_on_missing(component)
        return component.ref


class ApiErrorSerializer(serializers.Serializer):
    """The body of every error answer (see `exception_handler`)."""

    message = serializers.CharField(help_text=_("给人看的说明"))
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, taken off the class by the metaclass
        child=serializers.JSONField(),
        help_text=_("逐字段的错误:字段名 → 说明列表(嵌套的列表项为“字段-序号-子字段”);non_field_errors 为整体错误"),
    )
    extra = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text=_("随错误附带的数据,如他人已保存的当前值与修订号")
    )


ERROR_DESCRIPTIONS = {
    "400": _("提交的数据或查询参数有误,或该操作在当前状态下不允许"),
    "401": _("未登录:缺少令牌或会话,或令牌已过期、已吊销"),
    "403": _("当前角色无权进行该操作"),
    "404": _("记录不存在或不在您的管理范围内(分页时:页码超出范围)"),
    "409": _("记录已被他人处理或修改,请刷新后再办理"),
}


class AutoSchema(SpectacularAutoSchema):
    """Every operation documents the error answers it can give, with the shape `exception_handler` gives them:
    400 for a body or parameters (or a step the row's state refuses), 401 where a sign-in is needed, 403 everywhere (roles, and a token refused to
    a role without one), 404 for a row named in the path or a page or choice in the query, 409 for a write (a row
    someone else has changed since). An operation's own `responses=` wins for a code it names."""

    WRITES = ("POST", "PUT", "PATCH", "DELETE")

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        in_query = any(parameter["in"] == "query" for parameter in parameters)
        in_path = any(parameter["in"] == "path" for parameter in parameters)
        signed_in = not any(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        codes = {
            "400": self.method in self.WRITES or in_query or in_path,
            "401": signed_in,
            "403": True,
            "404": in_path or in_query,
            "409": self.method in self.WRITES and signed_in,
        }
        responses = operation.setdefault("responses", {})
        for code, applies in codes.items():
            if applies and code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ApiErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code
                )
        return operation
