from ballots.views import codes, evaluations, results, voting

app_name = "ballots"

# Each page module owns its routes.
urlpatterns = [
    *evaluations.urlpatterns,
    *codes.urlpatterns,
    *results.urlpatterns,
    *voting.urlpatterns,
]
