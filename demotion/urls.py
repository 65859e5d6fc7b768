from demotion.views import cases, exports, letters, letters_overdue, measures, tolerance

app_name = "demotion"

# Each page module owns its routes.
urlpatterns = [
    *cases.urlpatterns,
    *letters.urlpatterns,
    *letters_overdue.urlpatterns,
    *measures.urlpatterns,
    *tolerance.urlpatterns,
    *exports.urlpatterns,
]
