from django.contrib import admin
from django.db import transaction

from common.admin import AuditHistoryInline
from org.appointment_hooks import appointments_changed
from org.models import (
    Appointment,
    AssessmentGroup,
    Cadre,
    GroupMembership,
    Organization,
    Post,
    RoleAssignment,
    SanctionRecord,
    Unit,
)


@admin.register(Organization)
class OrganizationAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "organization", "sort_order"]
    list_filter = ["organization", "kind"]
    search_fields = ["name"]
    list_select_related = ["parent", "organization"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would move a whole subtree across HR scopes; that is not an edit in place.
        return ["path", "parent", "organization"] if obj else ["path"]

    def after_save(self, obj, change):
        if not change:
            obj.path = f"{obj.parent.path if obj.parent_id else '/'}{obj.pk}/"
            obj.save(update_fields=["path"])


@admin.register(Post)
class PostAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "is_leadership", "headcount"]
    list_filter = ["kind", "is_leadership", "unit__organization"]
    search_fields = ["name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["post"]


@admin.register(Cadre)
class CadreAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["employee_no", "name", "gender", "unit", "rank_grade", "user"]
    list_filter = ["organization", "gender", "unit__kind"]
    search_fields = ["employee_no", "name", "user__username"]
    list_select_related = ["unit", "user"]
    autocomplete_fields = ["unit", "user"]
    inlines = [AppointmentInline]

    def save_formset(self, request, form, formset, change):
        # Appointments edited inline: the apps that derive data from them are told, in the same transaction.
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.model is Appointment:
                changed = [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]
                appointments_changed(appointments=changed, actor=request.user, reason="后台修改任职")


@admin.register(Appointment)
class AppointmentAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "post", "start_date", "start_reason", "probation_ends_on", "end_date", "end_reason"]
    list_filter = ["start_reason", "end_reason", "post__kind"]
    search_fields = ["cadre__name", "cadre__employee_no", "post__name"]
    list_select_related = ["cadre", "post", "post__unit"]
    autocomplete_fields = ["cadre", "post"]
    date_hierarchy = "start_date"

    def after_save(self, obj, change):
        # Inside the admin's audited transaction: the apps that derive data from appointments are told.
        appointments_changed(appointments=[obj], reason="后台修改任职")


class MembershipInline(admin.TabularInline):
    """Read-only: members join through the roster import or the group services, which keep one group a year."""

    model = GroupMembership
    extra = 0
    fields = ["cadre", "year"]
    readonly_fields = ["cadre", "year"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssessmentGroup)
class AssessmentGroupAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["year", "name", "organization"]
    list_filter = ["year", "organization"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(SanctionRecord)
class SanctionRecordAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "category", "kind", "decided_on", "effective_from", "effective_until"]
    list_filter = ["category", "kind"]
    search_fields = ["cadre__name", "cadre__employee_no", "document_no"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["user", "role", "organization", "unit"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organization", "unit"]
    autocomplete_fields = ["user", "unit"]
