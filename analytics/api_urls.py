from analytics.api import fairness, leniency

# Each endpoint module owns its routes.
urlpatterns = [
    *leniency.urlpatterns,
    *fairness.urlpatterns,
]
