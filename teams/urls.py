from teams.views import grades, post_evaluations, teams

app_name = "teams"

# Each page module owns its routes.
urlpatterns = [
    *teams.urlpatterns,
    *grades.urlpatterns,
    *post_evaluations.urlpatterns,
]
