from assessments.views import appeals, grid, imports, records, results, schemes

app_name = "assessments"

# Each page module owns its routes.
urlpatterns = [
    *schemes.urlpatterns,
    *grid.urlpatterns,
    *imports.urlpatterns,
    *records.urlpatterns,
    *results.urlpatterns,
    *appeals.urlpatterns,
]
