from django.urls import path
from rest_framework.routers import SimpleRouter

from org.api import accounts, people, structure

router = SimpleRouter(trailing_slash=True)
router.register("units", structure.UnitViewSet, basename="unit")
router.register("posts", structure.PostViewSet, basename="post")
router.register("cadres", people.CadreViewSet, basename="cadre")
router.register("appointments", people.AppointmentViewSet, basename="appointment")
router.register("groups", people.AssessmentGroupViewSet, basename="group")
router.register("sanctions", people.SanctionViewSet, basename="sanction")
router.register("accounts", accounts.AccountViewSet, basename="account")

urlpatterns = [path("me/", people.MeView.as_view(), name="me"), *router.urls]
