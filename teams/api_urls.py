from teams.api import teams

# Each endpoint module owns its routes.
urlpatterns = [
    *teams.urlpatterns,
]
