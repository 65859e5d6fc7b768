from tenure.api import audits, evaluations, goals, policy, terms

# Each endpoint module owns its routes.
urlpatterns = [
    *policy.urlpatterns,
    *terms.urlpatterns,
    *goals.urlpatterns,
    *evaluations.urlpatterns,
    *audits.urlpatterns,
]
