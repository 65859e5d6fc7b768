from assessments.views import grid, imports, records, schemes

app_name = "assessments"

# Each page module owns its routes.
urlpatterns = [*schemes.urlpatterns, *grid.urlpatterns, *imports.urlpatterns, *records.urlpatterns]
