"""Scores: as staff see them, a save, a rater's own cells, and a cadre's own aggregated summary."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Component, Period, Score
from assessments.serializers.rater_privacy import RATER_HIDDEN_HELP, RATER_NAME_HELP, RaterShownMixin
from org.models import Cadre

# --- scores -----------------------------------------------------------------------------------------------------


class ScoreSerializer(RaterShownMixin, serializers.ModelSerializer):
    """A score as staff see it: with its rater (never shown to the ratee). A rater hidden from the caller (see
    `rater_hidden`) comes without id, 工号, value or note, named 评议人 A, B, … within the response."""

    period_kind = serializers.CharField(source="period.kind", read_only=True)
    component_name = serializers.CharField(source="component.name", read_only=True)
    rater = serializers.IntegerField(
        source="rater_id", read_only=True, allow_null=True, help_text=_("评分人不在您的管理范围内时为 null")
    )
    rater_name = serializers.CharField(source="rater.name", read_only=True, help_text=RATER_NAME_HELP)
    rater_employee_no = serializers.CharField(source="rater.employee_no", read_only=True, allow_null=True)
    rater_hidden = serializers.SerializerMethodField(help_text=RATER_HIDDEN_HELP)
    ratee_name = serializers.CharField(source="ratee.name", read_only=True)
    ratee_employee_no = serializers.CharField(source="ratee.employee_no", read_only=True)
    value = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, allow_null=True, help_text=_("评分人隐去时为 null")
    )
    note = serializers.CharField(read_only=True, help_text=_("评分人隐去时为空"))
    hidden_blanks = {"value": None, "note": ""}

    class Meta:
        model = Score
        fields = [
            "id",
            "scheme",
            "period",
            "period_kind",
            "component",
            "component_name",
            "rater",
            "rater_name",
            "rater_employee_no",
            "rater_hidden",
            "ratee",
            "ratee_name",
            "ratee_employee_no",
            "value",
            "note",
            "revision",
            "updated_at",
        ]
        read_only_fields = fields


class ScoreSaveResultSerializer(ScoreSerializer):
    created = serializers.BooleanField(read_only=True)
    changed = serializers.BooleanField(read_only=True, help_text=_("为 false 表示与已存的分数相同,未作修改"))

    class Meta(ScoreSerializer.Meta):
        fields = [*ScoreSerializer.Meta.fields, "created", "changed"]
        read_only_fields = fields


class ScoreSaveSerializer(serializers.Serializer):
    """One cell. A rater leaves out `rater` (it is themselves); HR names the rater and gives a reason."""

    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.none(), label=_("期间"))
    component = serializers.PrimaryKeyRelatedField(queryset=Component.objects.none(), label=_("考核项目"))
    ratee = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.none(), label=_("被评人"))
    rater = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(),
        required=False,
        allow_null=True,
        label=_("评分人"),
        help_text=_("仅人事更正时填写"),
    )
    # Text, so that the service's own reasons (not a number, too many decimals, out of range) reach the caller.
    value = serializers.CharField(label=_("分数"), help_text=_("数字,最多两位小数,在考核项目的分数范围内"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label=_("备注"))
    expected_revision = serializers.IntegerField(
        min_value=0, label=_("原修订号"), help_text=_("新评分填 0,修改填读取时的 revision")
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, label=_("修改原因"))

    def __init__(self, *args, periods=None, components=None, ratees=None, raters=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, qs in [("period", periods), ("component", components), ("ratee", ratees), ("rater", raters)]:
            if qs is not None:
                self.fields[name].queryset = qs


class ScoreConflictExtraSerializer(serializers.Serializer):
    current_value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    current_revision = serializers.IntegerField(help_text=_("再次保存时作为 expected_revision"))


class ScoreConflictSerializer(serializers.Serializer):
    """409: someone saved the cell since the caller read it; nothing was written."""

    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    extra = ScoreConflictExtraSerializer()


class MyCellSerializer(serializers.Serializer):
    """One cell of a rater's own grid, scored or not yet."""

    period = serializers.IntegerField()
    period_kind = serializers.CharField()
    component = serializers.IntegerField()
    component_name = serializers.CharField()
    min_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    ratee = serializers.IntegerField()
    ratee_name = serializers.CharField()
    ratee_employee_no = serializers.CharField()
    ratee_unit = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    note = serializers.CharField()
    revision = serializers.IntegerField(help_text=_("未评分为 0;保存时作为 expected_revision"))


class MyCellsQuerySerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.none(), required=False, label=_("期间"), help_text=_("不填则为所有评分中的期间")
    )

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if periods is not None:
            self.fields["period"].queryset = periods


# --- a cadre's own scores ---------------------------------------------------------------------------------------


class MySummaryQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, label=_("年度"), help_text=_("不填则为最近一个有方案的年度")
    )


class MyPeriodScoreSerializer(serializers.Serializer):
    period = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text=_("汇总后的分数"))
    rater_count = serializers.IntegerField(help_text=_("评分人数(不含评分人身份)"))


class MyComponentScoreSerializer(serializers.Serializer):
    component = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    aggregation = serializers.CharField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text=_("已评各期间的平均分"))
    periods = MyPeriodScoreSerializer(many=True)


class MySchemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    effective_date = serializers.DateField()


class MySummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    scheme = MySchemeSerializer(allow_null=True)
    components = MyComponentScoreSerializer(many=True)
