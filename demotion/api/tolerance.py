"""Error tolerance (容错免责) and correction (纠错) over the API: the cases in one's scope, a request, the committee's
decision, the correction's steps, and the disclosure of the organization's approved cases."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from assessments.selectors import published
from common.api import ActionPermissions, validated
from common.errors import ApplicationError
from demotion import tolerance_serializers as s
from demotion.models import Correction, CorrectionStep, ToleranceCase
from demotion.selectors import tolerance as selectors
from demotion.services import tolerance as services
from org.permissions import Committee, HasRole, Staff, StaffOrCadre
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR, get_roles

Readers = StaffOrCadre
Requesters = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_CADRE)
Recorders = Staff


class OrganizationMember(BasePermission):
    """Any signed-in user of an organization (a cadre, or a role in it); the admin."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        ids = selectors.disclosure_organization_ids(user=request.user)
        return ids is None or bool(ids)


class ToleranceViewSet(ActionPermissions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tolerance cases of the cadres in one's scope (a cadre: his own), those awaiting the committee first.
    Filters: `state`, `year`."""

    queryset = ToleranceCase.objects.none()
    serializer_class = s.ToleranceCaseSerializer
    permission_classes = [Readers]
    action_permissions = {
        "create": [Requesters],
        "decide": [Committee],
        "correction_steps": [Recorders],
        "disclosure": [OrganizationMember],
    }
    filter_backends: list = []

    def get_queryset(self):
        qs = selectors.tolerance_case_list(user=self.request.user).prefetch_related(
            Prefetch("correction__steps", queryset=CorrectionStep.objects.select_related("done_by"))
        )
        state = self.request.query_params.get("state", "")
        year = self.request.query_params.get("year", "")
        if state in ToleranceCase.State.values:
            qs = qs.filter(state=state)
        if year.isdigit():
            qs = qs.filter(year=int(year))
        return qs

    def _output(self, case, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=code)

    @extend_schema(request=s.ToleranceRequestSerializer, responses={201: s.ToleranceCaseSerializer})
    def create(self, request):
        own = get_roles(request.user).cadre
        cadres = selectors.request_cadres(user=request.user)
        data = validated(s.ToleranceRequestSerializer(data=request.data, cadres=cadres))
        cadre = data.get("cadre") or own
        if cadre is None:
            raise ValidationError({"cadre": [_("请选择干部。")]})
        entry = published.entry_facts(target=data["target"], entry_id=data["entry"], cadre_id=cadre.pk)
        case = services.tolerance_request(
            cadre=cadre,
            target=data["target"],
            entry=entry,
            event=data["event"],
            reason=data["reason"],
            actor=request.user,
        )
        return self._output(case, status.HTTP_201_CREATED)

    @extend_schema(request=s.ToleranceDecisionSerializer, responses=s.ToleranceCaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = get_object_or_404(selectors.decidable_tolerance_cases(user=request.user), pk=pk)
        data = validated(s.ToleranceDecisionSerializer(data=request.data))
        case = services.tolerance_decide(case=case, actor=request.user, **data)
        return self._output(case)

    @extend_schema(request=s.CorrectionStepInputSerializer, responses={201: s.ToleranceCaseSerializer})
    @action(detail=True, methods=["post"], url_path="correction-steps", url_name="correction-steps")
    def correction_steps(self, request, pk=None):
        case = get_object_or_404(selectors.recordable_cases(user=request.user), pk=pk)
        data = validated(s.CorrectionStepInputSerializer(data=request.data))
        correction = Correction.objects.filter(tolerance_case=case).first()
        if correction is None:
            raise ApplicationError(_("该申请尚未予以容错免责,没有纠错步骤可记录。"))
        services.correction_step_record(correction=correction, actor=request.user, **data)
        return self._output(case, status.HTTP_201_CREATED)

    @extend_schema(responses=s.DisclosureSerializer(many=True))
    @action(detail=False, methods=["get"])
    def disclosure(self, request):
        """Approved cases of one's organization: object, event, reason, date (公开容错纠错对象、事件、原因)."""
        page = self.paginate_queryset(selectors.tolerance_disclosure(user=request.user))
        return self.get_paginated_response(s.DisclosureSerializer(page, many=True).data)


router = SimpleRouter()
router.register("tolerance", ToleranceViewSet, basename="tolerance")
urlpatterns = router.urls
