"""The ranking list (annual results of a run, as staff see them): its query and its rows.

Grades and the bottom set are as the party committee settled them (selectors.final.with_final: a tie decided in or
out), the computed grade beside them as `proposed_grade`. The rows are built as plain dicts from one values() query (`result_rows`): a DRF serializer per row would cost more
than the query itself on a page of 100. `ResultRowSerializer` documents exactly those dicts in the OpenAPI schema;
tests check the two agree.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Grade, ResultRun
from common.api import NamedChoiceField
from org.models import Organization

# The columns one query reads, in the order of the row dict below.
ROW_VALUES = (
    "id",
    "run_id",
    "cadre_id",
    "cadre__name",
    "cadre__employee_no",
    "group_id",
    "group__name",
    "composite",
    "rank",
    "group_size",
    "final_grade",
    "grade",
    "final_in_bottom",
    "boundary_tie",
    "vetoed",
    "excellent_tie",
    "quota_reached",
    "incomplete",
    "special_status",
    "sanction_effect",
)


def result_rows(values, grade_labels: dict[str, str]) -> list[dict]:
    """values() tuples (ROW_VALUES order) → the API's rows. Decimals as two-decimal strings, like every decimal
    this API writes."""
    return [
        {
            "id": pk,
            "run": run,
            "cadre": cadre,
            "cadre_name": name,
            "employee_no": employee_no,
            "group": group,
            "group_name": group_name,
            "composite": None if composite is None else f"{composite:.2f}",
            "rank": rank,
            "group_size": group_size,
            "grade": grade,
            "grade_label": grade_labels.get(grade, ""),
            "proposed_grade": proposed_grade,
            "in_bottom": in_bottom,
            "boundary_tie": boundary_tie,
            "vetoed": vetoed,
            "excellent_tie": excellent_tie,
            "quota_reached": quota_reached,
            "incomplete": incomplete,
            "special_status": special_status,
            "sanction_effect": sanction_effect,
        }
        for (
            pk,
            run,
            cadre,
            name,
            employee_no,
            group,
            group_name,
            composite,
            rank,
            group_size,
            grade,
            proposed_grade,
            in_bottom,
            boundary_tie,
            vetoed,
            excellent_tie,
            quota_reached,
            incomplete,
            special_status,
            sanction_effect,
        ) in values
    ]


class ResultRowSerializer(serializers.Serializer):
    """One cadre's result in the run: what the party committee's ranking table shows."""

    id = serializers.IntegerField(read_only=True)
    run = serializers.IntegerField(read_only=True, label=_("计算版本"))
    cadre = serializers.IntegerField(read_only=True, label=_("干部"))
    cadre_name = serializers.CharField(read_only=True, label=_("姓名"))
    employee_no = serializers.CharField(read_only=True, label=_("工号"))
    group = serializers.IntegerField(read_only=True, label=_("考核组"))
    group_name = serializers.CharField(read_only=True, label=_("考核组名称"))
    composite = serializers.DecimalField(
        max_digits=7, decimal_places=2, read_only=True, allow_null=True, label=_("综合得分")
    )
    rank = serializers.IntegerField(
        read_only=True, allow_null=True, label=_("组内排名"), help_text=_("并列名次相同(1, 2, 2, 4);未参加排名为空")
    )
    group_size = serializers.IntegerField(read_only=True, label=_("组内人数"))
    grade = NamedChoiceField(
        Grade,
        enum_name="ResultGradeEnum",
        read_only=True,
        allow_blank=True,
        label=_("等次代码"),
        help_text=_(
            "党组裁定边界并列后的等次,国家标准代码:1 优秀、2 称职、3 基本称职、4 不称职、5 不定等次、6 不进行考核;"
            "空为未定"
        ),
    )
    grade_label = serializers.CharField(read_only=True, label=_("等次"), help_text=_("按方案的等次序列显示"))
    proposed_grade = NamedChoiceField(
        Grade,
        enum_name="ResultGradeEnum",
        read_only=True,
        allow_blank=True,
        label=_("拟定等次代码"),
        help_text=_("计算得出的等次(优秀名额边界并列者为称职,待党组裁定)"),
    )
    in_bottom = serializers.BooleanField(
        read_only=True,
        label=_("末位"),
        help_text=_("党组裁定边界并列后的末位名单(按方案的末位比例;不含仅因一票否决列入者)"),
    )
    boundary_tie = serializers.BooleanField(read_only=True, label=_("边界并列"))
    vetoed = serializers.BooleanField(read_only=True, label=_("一票否决"))
    excellent_tie = serializers.BooleanField(read_only=True, label=_("优秀名额边界并列"))
    quota_reached = serializers.BooleanField(read_only=True, label=_("优秀名额已满"))
    incomplete = serializers.BooleanField(read_only=True, label=_("评分不完整"))
    special_status = serializers.CharField(
        read_only=True, label=_("特殊情形"), help_text=_("undetermined 不定等次、not_assessed 不进行考核;空为无")
    )
    sanction_effect = serializers.CharField(
        read_only=True,
        label=_("处分影响"),
        help_text=_("not_excellent 当年不得评为优秀、no_grade 不定等次、incompetent 确定为不称职;空为无"),
    )


class ResultListQuerySerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("机构"),
        help_text=_("可查看的机构只有一个时可不填"),
    )
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, label=_("年度"), help_text=_("不填则为最近一个有计算结果的年度")
    )
    run = serializers.PrimaryKeyRelatedField(
        queryset=ResultRun.objects.none(),
        required=False,
        label=_("计算版本"),
        help_text=_("不填则为该年度的当前版本(已确认或公布的版本,否则为最新一次全年度计算)"),
    )
    group = serializers.IntegerField(required=False, min_value=1, label=_("考核组"))
    grade = NamedChoiceField(
        Grade, enum_name="ResultGradeEnum", required=False, label=_("等次代码"), help_text=_("党组裁定后的等次")
    )
    in_bottom = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        label=_("末位"),
        help_text=_("党组裁定后的末位名单(按方案的末位比例)"),
    )

    def __init__(self, *args, organizations=None, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        if runs is not None:
            self.fields["run"].queryset = runs
