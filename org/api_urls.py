from django.urls import path
from rest_framework.routers import SimpleRouter

from org import api

router = SimpleRouter(trailing_slash=True)
router.register("units", api.UnitViewSet, basename="unit")
router.register("posts", api.PostViewSet, basename="post")
router.register("cadres", api.CadreViewSet, basename="cadre")
router.register("appointments", api.AppointmentViewSet, basename="appointment")
router.register("groups", api.AssessmentGroupViewSet, basename="group")
router.register("sanctions", api.SanctionViewSet, basename="sanction")

urlpatterns = [path("me/", api.MeView.as_view(), name="me"), *router.urls]
