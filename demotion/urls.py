from demotion.views import cases, exports, letters, measures, tolerance

app_name = "demotion"

# Each page module owns its routes.
urlpatterns = [
    *cases.urlpatterns,
    *letters.urlpatterns,
    *measures.urlpatterns,
    *tolerance.urlpatterns,
    *exports.urlpatterns,
]
