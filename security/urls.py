from django.urls import path

from security.views import audit

app_name = "security"

urlpatterns = [
    path("", audit.audit_log, name="audit_log"),
    path("export.<str:file_format>", audit.audit_export, name="audit_export"),
]
