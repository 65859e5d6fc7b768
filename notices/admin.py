from django.contrib import admin

from common.admin import ReadOnlyAdminMixin
from notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Notices are written by the scanner only; the admin looks, e.g. at why an e-mail failed."""

    list_display = ["created_at", "recipient", "kind", "occurrence", "title", "due_date", "read_at", "email_status"]
    list_filter = ["kind", "email_status", "occurrence"]
    search_fields = ["title", "recipient__username"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
