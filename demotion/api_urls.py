from demotion.api import cases, letters, measures, tolerance

# Each endpoint module owns its routes.
urlpatterns = [
    *cases.urlpatterns,
    *letters.urlpatterns,
    *measures.urlpatterns,
    *tolerance.urlpatterns,
]
