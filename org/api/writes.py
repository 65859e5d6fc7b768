"""The request bodies of the org writes. They parse input only; the services decide what is allowed. Each reference
is looked up among what the user may change (`scoped`): anything else is "not found", field by field."""

from typing import cast

from rest_framework import serializers

from org.models import Appointment, AssessmentGroup, Cadre, Post, Unit
from org.services import HR_END_REASONS


class ScopedPK(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "找不到该记录(或不在您的管理范围内)。",
        "incorrect_type": "应为编号。",
        "required": "必填。",
        "null": "必填。",
    }


def _date(label: str, *, required: bool = True, **kwargs):
    return serializers.DateField(
        label=label,
        required=required,
        error_messages={"invalid": "请输入有效的日期(年-月-日)。", "required": f"请填写{label}。"},
        **kwargs,
    )


def _text(label: str, *, max_length: int, required: bool = True):
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


def _choice(label: str, choices, **kwargs):
    return serializers.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"invalid_choice": f"“{{input}}”不是有效的{label}。", "required": f"请选择{label}。"},
        **kwargs,
    )


def _reason(label: str = "说明", *, required: bool = False, max_length: int = 500):
    return _text(label, max_length=max_length, required=required)


class Scoped(serializers.Serializer):
    """`scoped={"field": queryset}`: the querysets the references are looked up in (None: the schema's look)."""

    def __init__(self, *args, scoped: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (scoped or {}).items():
            field = self.fields[name]
            # A list of references (many=True) looks each one up with its child field.
            related = cast(serializers.RelatedField, getattr(field, "child_relation", field))
            related.queryset = queryset  # type: ignore[arg-type]  # the stubs' Manager | QuerySet union trips the descriptor check


class UnitCreateSerializer(Scoped):
    parent = ScopedPK(queryset=Unit.objects.none(), label="上级单位")  # type: ignore[assignment]  # a declared field, not Field.parent
    name = _text("单位名称", max_length=100)
    kind = _choice("单位类别", Unit.Kind.choices, required=False, default=Unit.Kind.OFFICE)
    sort_order = serializers.IntegerField(label="排序", min_value=0, required=False, default=0)


class UnitRenameSerializer(serializers.Serializer):
    name = _text("新名称", max_length=100)
    reason = _reason("更名依据")


class UnitMoveSerializer(Scoped):
    parent = ScopedPK(queryset=Unit.objects.none(), label="新的上级单位")  # type: ignore[assignment]  # a declared field, not Field.parent
    reason = _reason("调整依据")


class UnitCloseSerializer(serializers.Serializer):
    closed_on = _date("撤销日期")
    reason = _reason("撤销依据", required=True)


class PostCreateSerializer(Scoped):
    unit = ScopedPK(queryset=Unit.objects.none(), label="所在单位")
    name = _text("职务名称", max_length=100)
    kind = _choice("职务类别", Post.Kind.choices)
    is_leadership = serializers.BooleanField(label="领导职务", required=False, default=True)
    headcount = serializers.IntegerField(label="职数", min_value=1, max_value=99, required=False, default=1)


class PostEndSerializer(serializers.Serializer):
    ended_on = _date("撤销日期")
    reason = _reason("撤销依据", required=True)


class CadreCreateSerializer(Scoped):
    unit = ScopedPK(queryset=Unit.objects.none(), label="所在单位")
    employee_no = _text("工号", max_length=32)
    name = _text("姓名", max_length=50)
    gender = _choice("性别", Cadre.Gender.choices)
    birth_date = _date("出生日期", required=False, allow_null=True)
    rank_grade = _text("职级", max_length=50, required=False)


class CadreUpdateSerializer(Scoped):
    """A partial change: fields left out keep their value."""

    unit = ScopedPK(queryset=Unit.objects.none(), label="所在单位", required=False)
    name = _text("姓名", max_length=50, required=False)
    gender = _choice("性别", Cadre.Gender.choices, required=False)
    birth_date = _date("出生日期", required=False, allow_null=True)
    rank_grade = _text("职级", max_length=50, required=False)
    reason = _reason("变更依据")


class CadreGroupSerializer(Scoped):
    group = ScopedPK(queryset=AssessmentGroup.objects.none(), label="考核组")
    reason = _reason("调整依据")


class CadreLeaveSerializer(serializers.Serializer):
    left_on = _date("离开日期")
    end_reason = _choice("现任职务结束原因", HR_END_REASONS, required=False, default=Appointment.EndReason.EXCHANGE)
    reason = _reason("离开原因", required=True, max_length=200)


class AppointmentCreateSerializer(Scoped):
    cadre = ScopedPK(queryset=Cadre.objects.none(), label="干部")
    post = ScopedPK(queryset=Post.objects.none(), label="职务")
    start_date = _date("任职日期")
    start_reason = _choice(
        "任职方式", Appointment.StartReason.choices, required=False, default=Appointment.StartReason.APPOINTED
    )
    document_no = _text("任免文号", max_length=100)
    document_date = _date("任免决定日期")
    probation_ends_on = _date("试用期满日期", required=False, allow_null=True, default=None)
    reason = _reason("备注")


class AppointmentEndSerializer(serializers.Serializer):
    end_date = _date("免职日期")
    end_reason = _choice("离任原因", HR_END_REASONS)
    document_no = _text("任免文号", max_length=100)
    document_date = _date("任免决定日期")
    reason = _reason()


class CadreSelectionSerializer(Scoped):
    cadres = ScopedPK(queryset=Cadre.objects.none(), many=True, label="干部")
    reason = _reason()

    def validate_cadres(self, value):
        if not value:
            raise serializers.ValidationError("请至少选择一名干部。")
        return value
