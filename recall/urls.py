from recall.views import batches, cards, cases, competitions, pay, policies

app_name = "recall"

# Each page module owns its routes.
urlpatterns = [
    *batches.urlpatterns,
    *cases.urlpatterns,
    *cards.urlpatterns,
    *competitions.urlpatterns,
    *policies.urlpatterns,
    *pay.urlpatterns,
]
