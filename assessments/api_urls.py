from django.urls import path
from rest_framework.routers import SimpleRouter

from assessments.api import raters, records, schemes, scores
from assessments.api import results as results_api

router = SimpleRouter(trailing_slash=True)
router.register("schemes", schemes.SchemeViewSet, basename="scheme")
router.register("periods", schemes.PeriodViewSet, basename="period")
router.register("assignments", raters.AssignmentViewSet, basename="assignment")
router.register("scores", scores.ScoreViewSet, basename="score")
router.register("points", records.PointEntryViewSet, basename="point")
router.register("vetoes", records.VetoEntryViewSet, basename="veto")
router.register("point-items", records.PointItemViewSet, basename="point-item")
router.register("veto-items", records.VetoItemViewSet, basename="veto-item")
results_api.router_register(router)

urlpatterns = [path("me/scores/", scores.MyScoresView.as_view(), name="my-scores"), *router.urls]
