from django.contrib import admin

from common.models import AuditLog, CalendarDay, ReadLog


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "subject_type", "subject_repr", "reason"]
    list_filter = ["action", "subject_type", "created_at"]
    search_fields = ["subject_repr", "action", "reason", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject_type"]


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "view", "person", "query", "address"]
    list_filter = ["view", "created_at"]
    search_fields = ["person", "view", "actor__username", "address"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]


class AuditHistoryInline:
    """Shows the read-only audit history on the change page, and audits what the admin itself changes."""

    change_form_template = "admin/change_form_with_audit.html"

    def save_model(self, request, obj, form, change):
        from django.db import transaction

        from common.audit import audit_log_record, snapshot

        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            self.after_save(obj, change)
            action = f"{obj._meta.app_label}.{obj._meta.model_name}.{'admin_change' if change else 'admin_add'}"
            audit_log_record(actor=request.user, action=action, subject=obj, before=before, after=snapshot(obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a cadre's appointments) are audited like the parent."""
        from django.db import transaction

        from common.audit import audit_log_record, snapshot

        with transaction.atomic():
            model = formset.model
            existing = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
            before = {obj.pk: snapshot(obj) for obj in model.objects.filter(pk__in=existing)}
            deleted = [(f.instance.pk, f.instance) for f in formset.deleted_forms if f.instance.pk]
            super().save_formset(request, form, formset, change)
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            for obj in formset.new_objects:
                audit_log_record(actor=request.user, action=f"{label}.admin_add", subject=obj, after=snapshot(obj))
            for obj, _fields in formset.changed_objects:
                audit_log_record(
                    actor=request.user,
                    action=f"{label}.admin_change",
                    subject=obj,
                    before=before.get(obj.pk),
                    after=snapshot(obj),
                )
            for pk, obj in deleted:
                obj.pk = pk
                audit_log_record(actor=request.user, action=f"{label}.admin_delete", subject=obj, before=before.get(pk))

    def after_save(self, obj, change):
        """Hook for derived fields that a model keeps (e.g. a unit's path)."""

    def delete_model(self, request, obj):
        from django.db import transaction

        from common.audit import audit_log_record, snapshot

        with transaction.atomic():
            audit_log_record(
                actor=request.user,
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.admin_delete",
                subject=obj,
                before=snapshot(obj),
            )
            super().delete_model(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from common.audit import audit_log_for

        obj = self.get_object(request, object_id)
        # The audit trail is the audit administrator's: a system administrator editing a catalog does not read it.
        shown = obj is not None and request.user.has_perm("common.view_auditlog")
        extra_context = {**(extra_context or {}), "audit": audit_log_for(obj)[:100] if shown else None}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note", "updated_at"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
