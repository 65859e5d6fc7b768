from rest_framework.routers import SimpleRouter

from recall.api import batches, cards, cases, competitions, pay, policies

# Each endpoint module owns its viewset; the routes are named here.
router = SimpleRouter()
router.register("policies", policies.PolicyViewSet, basename="policy")
router.register("categories", policies.CategoryViewSet, basename="category")
router.register("cards", cards.CardViewSet, basename="card")
router.register("competition-losses", competitions.CompetitionLossViewSet, basename="competition-loss")
router.register("batches", batches.BatchViewSet, basename="batch")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("pay", pay.PayViewSet, basename="pay")
urlpatterns = router.urls
