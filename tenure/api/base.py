"""What the tenure endpoints share: who they admit, and the fields every request body uses with their Chinese
errors. The bodies parse input only; the services decide what is allowed."""

from rest_framework import serializers
from rest_framework.permissions import BasePermission

from org.roles import get_roles


class RolesOrTeam(BasePermission):
    """`RolesOrTeam.of("hr", "committee")`: the roles, or a member of a term evaluation's 考评组 (who may hold none)."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str):
        return type(f"RolesOrTeam_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        from tenure.selectors.evaluations import scoring_rounds

        user = request.user
        if not (user and user.is_authenticated):
            return False
        roles = get_roles(user)
        return any(roles.has(r) for r in self.roles) or scoring_rounds(user=user).exists()


def date_field(label: str, *, required: bool = True):
    return serializers.DateField(
        label=label,
        required=required,
        allow_null=not required,
        error_messages={
            "invalid": "请输入有效的日期(年-月-日)。",
            "required": f"请填写{label}。",
            "null": f"请填写{label}。",
        },
    )


def text_field(label: str, *, max_length: int = 500, required: bool = True):
    return serializers.CharField(
        label=label,
        max_length=max_length,
        required=required,
        allow_blank=not required,
        error_messages={
            "required": f"请填写{label}。",
            "blank": f"请填写{label}。",
            "max_length": f"{label}不能超过 {max_length} 个字。",
        },
    )


def choice_field(label: str, choices, *, required: bool = True):
    return serializers.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"invalid_choice": f"“{{input}}”不是有效的{label}。", "required": f"请选择{label}。"},
    )


def decimal_field(label: str, *, required: bool = True, max_digits: int = 5, places: int = 2):
    return serializers.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=places,
        required=required,
        allow_null=not required,
        error_messages={
            "invalid": "请填写数字。",
            "required": f"请填写{label}。",
            "max_decimal_places": f"最多保留 {places} 位小数。",
            "max_digits": "数字位数过多。",
            "max_whole_digits": "数字位数过多。",
        },
    )


def integer_field(label: str, *, required: bool = True):
    return serializers.IntegerField(
        label=label,
        required=required,
        allow_null=not required,
        error_messages={"invalid": "请填写整数。", "required": f"请填写{label}。"},
    )


class ScopedPK(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "找不到该记录(或不在您的管理范围内)。",
        "incorrect_type": "应为编号。",
        "required": "必填。",
        "null": "必填。",
    }


class Scoped(serializers.Serializer):
    """`scoped={"field": queryset}`: where the body's references are looked up (None: the schema's look)."""

    def __init__(self, *args, scoped: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (scoped or {}).items():
            self.fields[name].queryset = queryset


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        label="文件",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件为空。", "invalid": "请上传文件。"},
    )
