from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.utils.translation import gettext_lazy

from common.models import AuditLog, BackgroundJob, CalendarDay, ReadLog


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionFilter(admin.SimpleListFilter):
    """The actions in words (common.audit_display), not codes."""

    title = gettext_lazy("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        from common.audit_display import action_label

        codes = AuditLog.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "subject_kind", "subject_repr", "reason"]
    list_filter = [ActionFilter, "created_at"]
    search_fields = ["subject_repr", "action", "reason", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject_type"]

    @admin.display(description=gettext_lazy("操作"), ordering="action")
    def action_label(self, log):
        from common.audit_display import action_label

        return action_label(log.action)

    @admin.display(description=gettext_lazy("对象类型"), ordering="subject_type")
    def subject_kind(self, log):
        model = log.subject_type.model_class() if log.subject_type_id else None
        return model._meta.verbose_name if model is not None else "—"


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "view", "person", "query", "address"]
    list_filter = ["view", "created_at"]
    search_fields = ["person", "view", "actor__username", "address"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "file_name", "organization", "requested_by", "status", "progress"]
    list_filter = ["kind", "status", "organization"]
    search_fields = ["file_name", "requested_by__username"]
    list_select_related = ["organization", "requested_by"]


if TYPE_CHECKING:
    # A mixin for ModelAdmins: the type checker sees the ModelAdmin methods it extends.
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class AuditHistoryInline(_AdminBase):
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
        extra_context = {
            **(extra_context or {}),
            "audit": audit_log_for(obj)[:100] if shown and obj is not None else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note", "updated_at"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"
