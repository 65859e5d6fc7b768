from django.contrib import admin

from common.admin import AuditHistoryInline, ReadOnlyAdminMixin
from recall.models import Card, CompetitionLoss, RecallBatch, RecallCase, RecallCategory, RecallPolicy, TrainingRecord

# The catalog and the policies are settings, edited here and audited. The workflows (cards, batches, cases) change
# state only through their services, each step checked and audited; the admin shows them read-only with their history.


@admin.register(RecallCategory)
class RecallCategoryAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "code", "source", "organization", "sort_order", "active"]
    list_filter = ["organization", "source", "active"]
    list_select_related = ["organization"]


@admin.register(RecallPolicy)
class RecallPolicyAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = [
        "organization",
        "version",
        "name",
        "effective_from",
        "card_window_months",
        "retraining_months",
        "probation_enabled",
        "follow_up_months",
    ]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["created_by"]

    def has_change_permission(self, request, obj=None):
        # A version that cards or cases were decided under keeps its rules: change by a new version.
        if obj is not None and (
            RecallCase.objects.filter(policy=obj).exists() or Card.objects.filter(policy=obj).exists()
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(Card)
class CardAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "color", "source", "issued_on", "state", "deduction"]
    list_filter = ["organization", "color", "state"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["cadre"]


@admin.register(CompetitionLoss)
class CompetitionLossAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "competition", "held_on", "post_sought"]
    list_filter = ["organization"]
    search_fields = ["cadre__name", "cadre__employee_no", "competition"]
    list_select_related = ["cadre"]


@admin.register(RecallBatch)
class RecallBatchAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "organization", "year", "state", "created_at"]
    list_filter = ["organization", "state"]


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    fields = ["kind", "held_on", "content", "recorded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecallCase)
class RecallCaseAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "batch", "category", "order_no", "state", "retraining_end"]
    list_filter = ["organization", "state", "batch"]
    search_fields = ["cadre__name", "cadre__employee_no", "order_no"]
    list_select_related = ["cadre", "batch", "category"]
    inlines = [TrainingRecordInline]
