from overview.views import year

app_name = "overview"

urlpatterns = [*year.urlpatterns]
