"""The inputs of the recall endpoints' actions. Each checks its fields' shape (errors field by field); the services
check the rest (who, when, which state)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from org.models import Cadre, Organization, Post, SanctionRecord, Unit
from recall.models import Card, EvidenceSource, RecallPolicy, TrainingRecord
from recall.services.outcomes import RECALL_MEASURES
from recall.services.policies import SETTINGS


def _date(label, message):
    return serializers.DateField(label=label, error_messages={"required": message, "null": message})


def _text(label, message="", max_length=2000):
    if not message:
        return serializers.CharField(label=label, required=False, allow_blank=True, max_length=max_length)
    return serializers.CharField(
        label=label, max_length=max_length, error_messages={"required": message, "blank": message}
    )


def _choice(message: str, label, required=True):
    return serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), label=label, required=required, allow_null=not required,
        error_messages={"does_not_exist": message, "incorrect_type": message, "required": message},
    )  # fmt: skip


class _Scoped(serializers.Serializer):
    """The related rows a caller may name are given per request (the schema generator builds one without them)."""

    def __init__(self, *args, querysets=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (querysets or {}).items():
            self.fields[name].queryset = queryset


class PolicyInput(serializers.ModelSerializer):
    """A new version: the settings not given keep the previous version's values."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), label=_("机构"),
        error_messages={"does_not_exist": _("请选择机构。"), "incorrect_type": _("请选择机构。"), "required": _("请选择机构。")},
    )  # fmt: skip
    effective_from = _date(_("施行日期"), _("请填写施行日期。"))
    reason = _text(_("制定说明"), max_length=500)

    class Meta:
        model = RecallPolicy
        fields = ["organization", "effective_from", *SETTINGS, "reason"]
        extra_kwargs = {name: {"required": False} for name in SETTINGS}
        # A version already starting that day is the service's to refuse, as a field error.
        validators: list = []

    def __init__(self, *args, querysets=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (querysets or {}).items():
            self.fields[name].queryset = queryset


class CardInput(_Scoped):
    cadre = _choice(_("请选择您管理范围内的干部。"), _("干部"))
    color = serializers.ChoiceField(choices=Card.Color.choices, label=_("类别"))
    source = serializers.ChoiceField(
        choices=[(Card.Source.POINTS, Card.Source.POINTS.label), (Card.Source.DECISION, Card.Source.DECISION.label)],
        required=False,
        default=Card.Source.POINTS,
        label=_("来源"),
    )
    issued_on = _date(_("警示日期"), _("请填写警示日期。"))
    reason = _text(_("警示事由"), _("请填写警示事由。"))
    evidence_file = serializers.FileField(required=False, allow_null=True, label=_("依据材料"))
    evidence_note = _text(_("依据材料说明"), max_length=200)


class ReasonInput(serializers.Serializer):
    reason = _text(_("意见"))


class RequiredReasonInput(serializers.Serializer):
    reason = _text(_("理由"), _("请填写理由。"))


class CompetitionLossInput(_Scoped):
    cadre = _choice(_("请选择您管理范围内的干部。"), _("干部"))
    competition = _text(_("竞聘名称"), _("请填写竞聘名称。"), max_length=100)
    held_on = _date(_("竞聘日期"), _("请填写竞聘日期。"))
    post_sought = _text(_("竞聘岗位"), max_length=100)
    note = _text(_("备注"), max_length=200)


class BatchInput(_Scoped):
    organization = _choice(_("请选择机构。"), _("机构"))
    name = _text(_("批次名称"), _("请填写批次名称。"), max_length=100)
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("考核年度"))
    note = _text(_("说明"))


class ProposeInput(_Scoped):
    batch = _choice(_("请选择召回批次。"), _("批次"))
    cadre = _choice(_("请选择您管理范围内的干部。"), _("干部"))
    category = _choice(_("请选择召回对象类别。"), _("召回对象类别"))
    grade_year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    basis_date = serializers.DateField(required=False, allow_null=True, label=_("依据日期"))
    basis = _text(_("召回依据"))
    card = _choice(_("请选择该干部已审定的红牌。"), _("红牌"), required=False)
    competition_loss = _choice(_("请选择该干部的竞聘落聘记录。"), _("竞聘落聘"), required=False)
    evidence_sources = serializers.ListField(
        child=serializers.ChoiceField(choices=EvidenceSource.choices), required=False, label=_("信息来源")
    )


class DecideInput(serializers.Serializer):
    recall = serializers.BooleanField(label=_("予以召回"))
    announce = serializers.BooleanField(required=False, default=False, label=_("先行公示"))
    reason = _text(_("党组意见"))


class OrderInput(serializers.Serializer):
    ordered_on = serializers.DateField(required=False, allow_null=True, label=_("召回日期"))


class TrainingInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TrainingRecord.Kind.choices, label=_("类别"))
    held_on = _date(_("日期"), _("请填写培训日期。"))
    content = _text(_("内容"), _("请填写培训内容。"))


class RetrainingInput(_Scoped):
    start = _date(_("回炉开始日期"), _("请填写回炉开始日期。"))
    placement = _text(_("回炉锻炼岗位"), _("请填写回炉锻炼岗位。"), max_length=200)
    placement_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(), required=False, allow_null=True, label=_("回炉锻炼单位"),
        error_messages={"does_not_exist": _("请选择本机构的单位。"), "incorrect_type": _("请选择本机构的单位。")},
    )  # fmt: skip


class StartInput(serializers.Serializer):
    start = _date(_("开始日期"), _("请填写开始日期。"))


class EvaluateInput(serializers.Serializer):
    home_opinion = _text(_("原单位鉴定意见"), _("请填写原单位鉴定意见。"))
    home_passed = serializers.BooleanField(label=_("原单位意见合格"))
    org_opinion = _text(_("组织部门考核意见"), _("请填写组织部门考核意见。"))
    org_passed = serializers.BooleanField(label=_("组织部门意见合格"))
    evaluated_on = _date(_("评价日期"), _("请填写评价日期。"))


class _PostInput(_Scoped):
    post = serializers.PrimaryKeyRelatedField(
        queryset=Post.objects.none(), required=False, allow_null=True, label=_("职务"),
        error_messages={"does_not_exist": _("请选择本机构的职务。"), "incorrect_type": _("请选择本机构的职务。")},
    )  # fmt: skip


class ReturnInput(_PostInput):
    returned_on = _date(_("返岗日期"), _("请填写返岗日期。"))


class ReassignInput(_PostInput):
    reassigned_on = _date(_("二次调配日期"), _("请填写调配日期。"))
    reassignment = _text(_("调配岗位"), max_length=200)


class MeasureInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k, SanctionRecord.Kind(k).label) for k in RECALL_MEASURES], label=_("组织处理措施")
    )
    decided_on = _date(_("决定日期"), _("请填写决定日期。"))
    effective_from = _date(_("生效日期"), _("请填写生效日期。"))
    document_no = _text(_("文号"), max_length=100)
    note = _text(_("备注"), max_length=200)


class ConcludeInput(serializers.Serializer):
    conclusion = _text(_("跟踪考察结论"), _("请填写跟踪考察结论。"))
    concluded_on = _date(_("结论日期"), _("请填写结论日期。"))


class CloseInput(serializers.Serializer):
    note = _text(_("结案说明"))
    closed_on = serializers.DateField(required=False, allow_null=True, label=_("结案日期"))
