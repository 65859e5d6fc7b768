from ballots.api import evaluations

# Each endpoint module owns its routes.
urlpatterns = [
    *evaluations.urlpatterns,
]
