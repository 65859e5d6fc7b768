"""Serializers of the evaluations' endpoints. Input serializers parse only; the services decide what is allowed.
Nothing here serializes a ballot: only counts, means and scores leave the server."""

from django.urls import reverse
from rest_framework import serializers

from ballots import scales
from ballots.models import CodeBatch, Evaluation, Item, RaterCategory, Subject
from ballots.services.codes import MAX_BATCH
from org.models import Unit


class SubjectSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True, default=None, allow_null=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = Subject
        fields = ["id", "cadre", "employee_no", "team", "name"]
        read_only_fields = fields

    def get_name(self, subject) -> str:
        return str(subject)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "text", "scale"]
        read_only_fields = ["id"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = RaterCategory
        fields = ["id", "name", "weight"]
        read_only_fields = ["id"]


class EvaluationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    vote_url = serializers.SerializerMethodField()
    subjects = SubjectSerializer(many=True, read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id", "title", "year", "unit", "unit_name", "subject_kind", "state", "state_label", "opens_at",
            "closes_at", "min_ballots", "top_cap_percent", "points", "vote_url", "subjects", "items", "categories",
        ]  # fmt: skip
        read_only_fields = fields

    def get_vote_url(self, evaluation) -> str | None:
        if evaluation.is_draft:
            return None
        url = reverse("ballots:vote", kwargs={"key": evaluation.public_key})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def _error_messages(label: str) -> dict:
    return {"required": f"请填写{label}。", "invalid": f"{label}格式不正确。", "null": f"请填写{label}。"}


class ItemInput(serializers.Serializer):
    text = serializers.CharField(max_length=100, label="测评项目", error_messages=_error_messages("测评项目"))
    scale = serializers.ChoiceField(
        choices=scales.Scale.choices, label="评价尺度", error_messages={"invalid_choice": "请选择评价尺度。"}
    )


class CategoryInput(serializers.Serializer):
    name = serializers.CharField(max_length=50, label="参评人员类别", error_messages=_error_messages("类别名称"))
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, label="权重(%)", error_messages=_error_messages("权重")
    )


class EvaluationCreateSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(),
        label="组织单位",
        error_messages={"does_not_exist": "找不到该单位(或不在您的管理范围内)。", "required": "请选择组织单位。"},
    )
    title = serializers.CharField(max_length=100, label="测评名称", error_messages=_error_messages("测评名称"))
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, label="年度", error_messages=_error_messages("年度")
    )
    subject_kind = serializers.ChoiceField(
        choices=Evaluation.SubjectKind.choices, default="cadre", label="测评对象类别"
    )
    subject_employee_nos = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, label="被测评干部工号"
    )
    subject_units = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, label="被测评领导班子所在单位"
    )
    opens_at = serializers.DateTimeField(label="开始时间", error_messages=_error_messages("开始时间"))
    closes_at = serializers.DateTimeField(label="截止时间", error_messages=_error_messages("截止时间"))
    min_ballots = serializers.IntegerField(default=5, label="每类最少有效票数")
    top_cap_percent = serializers.IntegerField(required=False, allow_null=True, default=None, label="最高等次比例上限")
    points = serializers.DictField(child=serializers.IntegerField(), required=False, label="等次折算分")
    items = ItemInput(many=True, label="测评项目")
    categories = CategoryInput(many=True, label="参评人员类别")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:  # None: the schema generator's look at the fields
            self.fields["unit"].queryset = units


class RescheduleSerializer(serializers.Serializer):
    closes_at = serializers.DateTimeField(label="新的截止时间", error_messages=_error_messages("截止时间"))
    reason = serializers.CharField(max_length=500, label="调整原因", error_messages=_error_messages("调整原因"))


class BatchSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    used = serializers.IntegerField(read_only=True)
    unused = serializers.IntegerField(read_only=True)
    voided = serializers.IntegerField(read_only=True)

    class Meta:
        model = CodeBatch
        fields = ["id", "number", "unit", "unit_name", "category", "category_name", "size", "file_format",
                  "issued_at", "used", "unused", "voided"]  # fmt: skip
        read_only_fields = fields


class IssueSerializer(serializers.Serializer):
    unit = serializers.IntegerField(label="发放单位", error_messages=_error_messages("发放单位"))
    category = serializers.IntegerField(label="参评人员类别", error_messages=_error_messages("参评人员类别"))
    size = serializers.IntegerField(
        min_value=1,
        max_value=MAX_BATCH,
        label="数量",
        error_messages={
            **_error_messages("数量"),
            "min_value": "数量至少为1。",
            "max_value": f"每批最多{MAX_BATCH}个。",
        },
    )
    file_format = serializers.ChoiceField(
        choices=CodeBatch.Format.choices, default=CodeBatch.Format.XLSX, label="文件格式"
    )


class IssuedSerializer(serializers.Serializer):
    batch = BatchSerializer()
    vote_url = serializers.CharField()
    codes = serializers.ListField(child=serializers.CharField(), help_text="本批测评码,仅此一次返回,服务器不保存明文。")


class VoidSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="", label="测评码")
    batch_number = serializers.IntegerField(required=False, allow_null=True, default=None, label="批次号")
    serial = serializers.IntegerField(required=False, allow_null=True, default=None, label="序号")
    reason = serializers.CharField(max_length=500, label="作废原因", error_messages=_error_messages("作废原因"))


class BatchVoidSerializer(serializers.Serializer):
    batch_number = serializers.IntegerField(label="批次号", error_messages=_error_messages("批次号"))
    reason = serializers.CharField(max_length=500, label="作废原因", error_messages=_error_messages("作废原因"))
