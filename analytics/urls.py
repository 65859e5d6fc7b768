from analytics.views import fairness, leniency, moved

app_name = "analytics"

# Each page module owns its routes.
urlpatterns = [
    *leniency.urlpatterns,
    *fairness.urlpatterns,
    *moved.urlpatterns,
]
