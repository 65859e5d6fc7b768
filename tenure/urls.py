from tenure.views import audits, evaluations, exports, goals, policy, terms

app_name = "tenure"

# Each page module owns its routes.
urlpatterns = [
    *policy.urlpatterns,
    *terms.urlpatterns,
    *goals.urlpatterns,
    *evaluations.urlpatterns,
    *audits.urlpatterns,
    *exports.urlpatterns,
]
