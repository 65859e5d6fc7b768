from assessments.views import (
    appeals,
    grid,
    imports,
    records,
    results,
    results_export,
    results_mine,
    results_no_grade,
    results_workflow,
    schemes,
    scores,
)

app_name = "assessments"

# Each page module owns its routes.
urlpatterns = [
    *schemes.urlpatterns,
    *grid.urlpatterns,
    *scores.urlpatterns,
    *imports.urlpatterns,
    *records.urlpatterns,
    *results.urlpatterns,
    *results_workflow.urlpatterns,
    *results_no_grade.urlpatterns,
    *results_mine.urlpatterns,
    *results_export.urlpatterns,
    *appeals.urlpatterns,
]
