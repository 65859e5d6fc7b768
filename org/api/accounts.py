"""Endpoints of the cadres' logins: the state of each login in one's units, and HR's bulk actions — create (or
link) logins, switch them off and on. Activation codes are issued only on the page that prints them."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api import ActionPermissions, validated
from org import selectors, services
from org.accounts.state import account_state
from org.api import writes
from org.models import Cadre
from org.permissions import HRWrite


class AccountSerializer(serializers.ModelSerializer):
    cadre = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True, default=None, allow_null=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Cadre
        fields = ["cadre", "employee_no", "name", "username", "state"]
        read_only_fields = fields

    def get_state(self, cadre) -> str:
        return account_state(cadre.user).value


class AccountPlanSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField())
    linked = serializers.ListField(child=serializers.IntegerField())
    skipped = serializers.DictField(child=serializers.CharField())


class ChangedSerializer(serializers.Serializer):
    changed = serializers.ListField(child=serializers.IntegerField())


class AccountViewSet(ActionPermissions, mixins.ListModelMixin, viewsets.GenericViewSet):
    """`GET`: each cadre of one's units with the state of their login (none, pending, active, locked)."""

    queryset = Cadre.objects.none()
    permission_classes = [HRWrite]
    serializer_class = AccountSerializer
    filterset_fields = ["unit"]

    def get_queryset(self):
        return selectors.writable_cadres(user=self.request.user).order_by("unit__path", "employee_no")

    def _selection(self, request) -> dict:
        scoped = {"cadres": selectors.writable_cadres(user=request.user)}
        return validated(writes.CadreSelectionSerializer(data=request.data, scoped=scoped))

    @extend_schema(request=writes.CadreSelectionSerializer, responses=AccountPlanSerializer)
    @action(detail=False, methods=["post"], url_path="create")
    def logins(self, request):
        """Create a login (no usable password until activated) for each cadre without one, or link the existing
        user of the same name; those left out come with the reason."""
        plan = services.cadre_account_ensure(actor=request.user, **self._selection(request))
        return Response(
            {
                "created": [c.pk for c in plan.create],
                "linked": [c.pk for c in plan.link],
                "skipped": {str(c.pk): why for c, why in plan.skipped},
            }
        )

    @extend_schema(request=writes.CadreSelectionSerializer, responses=ChangedSerializer)
    @action(detail=False, methods=["post"])
    def lock(self, request):
        changed = services.account_lock(actor=request.user, **self._selection(request))
        return Response({"changed": [c.pk for c in changed]})

    @extend_schema(request=writes.CadreSelectionSerializer, responses=ChangedSerializer)
    @action(detail=False, methods=["post"])
    def unlock(self, request):
        changed = services.account_unlock(actor=request.user, **self._selection(request))
        return Response({"changed": [c.pk for c in changed]})
