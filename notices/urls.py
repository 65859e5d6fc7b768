from django.urls import path

from notices import views
from notices.warnings import views as warning_views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("deadlines/export.csv", views.deadlines_export, name="deadlines_export"),
    path("warnings/", warning_views.catalog, name="warnings"),
]
