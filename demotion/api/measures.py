"""Endpoints of 能上能下 measures: measures with their waiting periods, dismissal protections, and the results usage
lists. HR records for the cadres of its units; HR and the committee read within theirs. Errors field by field."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from common.api import ActionPermissions, validated
from demotion.models import DismissalProtection
from demotion.selectors import measures as selectors
from demotion.selectors.usage import LIST_NAMES, LIST_TITLES, published_years, usage_lists
from demotion.services.measures import dismissal_protection_end, dismissal_protection_record, measure_record
from org.models import Cadre, SanctionRecord
from org.permissions import HRWrite, Staff
from org.selectors import organization_list

MEASURE_CHOICES = [(k, SanctionRecord.Kind(k).label) for k in selectors.MEASURE_KINDS]


class _Cadre(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "找不到该干部(或不在您的管理范围内)。",
        "incorrect_type": "干部应为编号。",
        "required": "请选择干部。",
    }


def _date(label: str, *, required: bool = True, **kwargs):
    return serializers.DateField(
        label=label,
        required=required,
        error_messages={"invalid": "请输入有效的日期(年-月-日)。", "required": f"请填写{label}。"},
        **kwargs,
    )


class WaitingPeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    effective_from = serializers.DateField()
    no_promotion_until = serializers.DateField(allow_null=True)
    no_leading_post_until = serializers.DateField(allow_null=True)
    basis = serializers.CharField()


class MeasureSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    waiting_period = serializers.SerializerMethodField()
    running = serializers.SerializerMethodField()

    class Meta:
        model = SanctionRecord
        fields = [
            "id", "cadre", "employee_no", "cadre_name", "kind", "kind_label", "decided_on", "effective_from",
            "document_no", "note", "waiting_period", "running",
        ]  # fmt: skip
        read_only_fields = fields

    def _period(self, record):
        return self.context.get("periods", {}).get(record.pk)

    def get_waiting_period(self, record) -> dict | None:
        period = self._period(record)
        return WaitingPeriodSerializer(period).data if period else None

    def get_running(self, record) -> bool:
        period = self._period(record)
        return bool(period and period.running_on(timezone.localdate()))


class _CadreWrite(serializers.Serializer):
    """A write for one cadre, among those the user may record for (`cadres`)."""

    cadre = _Cadre(queryset=Cadre.objects.none(), label="干部")

    def __init__(self, *args, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:  # None: the schema generator's look at the fields
            self.fields["cadre"].queryset = cadres


class MeasureCreateSerializer(_CadreWrite):
    kind = serializers.ChoiceField(
        choices=MEASURE_CHOICES,
        label="措施种类",
        error_messages={"invalid_choice": "请选择组织处理措施。", "required": "请选择措施种类。"},
    )
    decided_on = _date("决定日期")
    effective_from = _date("生效日期")
    document_no = serializers.CharField(max_length=100, required=False, allow_blank=True, label="文号")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, label="备注")


class ProtectionSerializer(serializers.ModelSerializer):
    employee_no = serializers.CharField(source="cadre.employee_no", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DismissalProtection
        fields = ["id", "cadre", "employee_no", "cadre_name", "kind", "kind_label", "starts_on", "ends_on", "note"]
        read_only_fields = fields


class ProtectionCreateSerializer(_CadreWrite):
    kind = serializers.ChoiceField(
        choices=DismissalProtection.Kind.choices,
        label="情形",
        error_messages={"invalid_choice": "请选择不得辞退的情形。", "required": "请选择情形。"},
    )
    starts_on = _date("开始日期")
    ends_on = _date("结束日期", required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label="备注")


class ProtectionEndSerializer(serializers.Serializer):
    ends_on = _date("结束日期")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, label="说明")


class MeasureViewSet(ActionPermissions, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Organizational measures (组织处理) of the cadres in one's units, each with its waiting period."""

    queryset = SanctionRecord.objects.none()
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite]}
    serializer_class = MeasureSerializer
    filterset_fields = ["cadre", "kind"]

    def get_queryset(self):
        return selectors.measure_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        instances = args[0] if args else None
        if instances is not None:
            many = kwargs.get("many", False)
            records = list(instances) if many else [instances]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["periods"] = selectors.periods_of_records(records)
            if many:
                args = (records, *args[1:])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=MeasureCreateSerializer, responses={201: MeasureSerializer})
    def create(self, request):
        data = validated(
            MeasureCreateSerializer(data=request.data, cadres=selectors.recordable_cadres(user=request.user))
        )
        record = measure_record(actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data, status=status.HTTP_201_CREATED)


class ProtectionViewSet(ActionPermissions, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Dismissal protections (不得辞退情形) of the cadres in one's units."""

    queryset = DismissalProtection.objects.none()
    permission_classes = [Staff]
    action_permissions = {"create": [HRWrite], "end": [HRWrite]}
    serializer_class = ProtectionSerializer
    filterset_fields = ["cadre", "kind"]

    def get_queryset(self):
        return selectors.protection_list(user=self.request.user)

    @extend_schema(request=ProtectionCreateSerializer, responses={201: ProtectionSerializer})
    def create(self, request):
        data = validated(
            ProtectionCreateSerializer(data=request.data, cadres=selectors.recordable_cadres(user=request.user))
        )
        protection = dismissal_protection_record(actor=request.user, **data)
        return Response(ProtectionSerializer(protection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProtectionEndSerializer, responses=ProtectionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        protection = get_object_or_404(selectors.endable_protections(user=request.user), pk=pk)
        data = validated(ProtectionEndSerializer(data=request.data))
        protection = dismissal_protection_end(protection=protection, actor=request.user, **data)
        return Response(ProtectionSerializer(protection).data)


class UsageQuerySerializer(serializers.Serializer):
    on = _date("名单日期", required=False)


class UsageViewSet(viewsets.ViewSet):
    """The results usage lists of a published year (`?year=`, default the newest; `?organization=`; `?on=` the list
    date, default today)."""

    permission_classes = [Staff]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("organization", int),
            OpenApiParameter("on", str, description="名单日期 YYYY-MM-DD"),
        ],
        responses=dict,
    )
    def list(self, request):
        organizations = list(organization_list(user=request.user).order_by("code"))
        chosen = request.query_params.get("organization", "")
        organization = next((o for o in organizations if str(o.pk) == chosen), None) if chosen else None
        if organization is None and not chosen and organizations:
            organization = organizations[0]
        if organization is None:
            raise Http404
        years = published_years(organization_id=organization.pk)
        year = request.query_params.get("year", "")
        if year and (not year.isdigit() or int(year) not in years):
            raise serializers.ValidationError({"year": [_("该年度考核结果尚未公布。")]})
        year = int(year) if year else (years[0] if years else None)
        if year is None:
            raise serializers.ValidationError({"year": [_("该机构还没有已公布的考核结果。")]})
        on = validated(UsageQuerySerializer(data=request.query_params)).get("on") or timezone.localdate()
        lists = usage_lists(user=request.user, organization=organization, year=year, on=on)
        return Response(
            {
                "organization": organization.pk,
                "year": year,
                "on": lists.on,
                "improvement_deadline": lists.improvement_deadline,
                "lists": {
                    name: {
                        "title": str(LIST_TITLES[name]),
                        "count": len(lists.rows(name)),
                        "rows": [_usage_row(row) for row in lists.rows(name)],
                    }
                    for name in LIST_NAMES
                },
            }
        )


def _usage_row(row) -> dict:
    return {
        "cadre": row.cadre.pk,
        "employee_no": row.cadre.employee_no,
        "name": row.cadre.name,
        "unit": row.cadre.unit.name,
        "group": row.group_name,
        "grades": [{"year": year, "grade": label} for year, label in row.grades],
        "proposal": row.proposal,
        "measure_kind": row.measure_kind,
        "blocked": row.blocked,
        "flag": row.flag,
        "waiting_period_until": row.waiting.no_promotion_until if row.waiting else None,
    }


router = SimpleRouter(trailing_slash=True)
router.register("measures", MeasureViewSet, basename="measure")
router.register("protections", ProtectionViewSet, basename="measure-protection")
router.register("usage", UsageViewSet, basename="measure-usage")
urlpatterns = router.urls
