from django.urls import path

from notices import api
from notices.warnings import api as warning_api

urlpatterns = [
    path("", api.InboxView.as_view(), name="notice-list"),
    path("<int:pk>/read/", api.MarkReadView.as_view(), name="notice-read"),
    path("read-all/", api.MarkAllReadView.as_view(), name="notice-read-all"),
    path("deadlines/", api.DeadlineListView.as_view(), name="deadline-list"),
    path("warnings/", warning_api.WarningCatalogView.as_view(), name="warning-catalog"),
]
