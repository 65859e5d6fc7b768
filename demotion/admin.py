from django.contrib import admin

from common.admin import AuditHistoryInline, ReadOnlyAdminMixin
from demotion.models import (
    CommitmentLetter,
    Correction,
    CorrectionStep,
    DismissalProtection,
    StepDownCase,
    StepDownPolicy,
    ToleranceCase,
    WaitingPeriodRule,
)

# The workflows (letters, step-down cases, tolerance and correction) change state only through their services, each
# step checked and audited; the admin shows them read-only with their history. Settings are edited here, audited.


@admin.register(StepDownPolicy)
class StepDownPolicyAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["organization", "letters_from", "letter_months", "application_working_days"]
    list_select_related = ["organization"]


@admin.register(WaitingPeriodRule)
class WaitingPeriodRuleAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["kind", "organization", "no_promotion_months", "no_leading_post_months", "basis"]
    list_filter = ["organization", "kind"]
    list_select_related = ["organization"]


@admin.register(DismissalProtection)
class DismissalProtectionAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "kind", "starts_on", "ends_on", "note"]
    list_filter = ["kind"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    autocomplete_fields = ["cadre"]
    readonly_fields = ["recorded_by"]
    list_select_related = ["cadre"]


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "appointment", "due_date", "signed_at", "signed_name"]
    list_filter = ["organization", "due_date"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["cadre", "appointment__post__unit"]


@admin.register(StepDownCase)
class StepDownCaseAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["year", "cadre", "group_name", "reason", "published_on", "deadline", "state"]
    list_filter = ["organization", "year", "state", "reason"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["cadre"]


class CorrectionStepInline(admin.TabularInline):
    model = CorrectionStep
    fields = ["step", "done_on", "done_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ToleranceCase)
class ToleranceCaseAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "year", "target", "state", "decided_at"]
    list_filter = ["organization", "year", "state", "target"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["cadre"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["tolerance_case", "created_at", "completed_at"]
    inlines = [CorrectionStepInline]
    list_select_related = ["tolerance_case__cadre"]
