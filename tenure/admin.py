from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from common.admin import AuditHistoryInline, ReadOnlyAdminMixin
from tenure.models import (
    EconomicAudit,
    EvaluationRound,
    EvaluationSystem,
    Placement,
    PolicyPostKind,
    TenurePolicy,
    Term,
    TermCap,
    TermEvaluation,
    TermGoal,
)

# The policy and the catalog of systems are settings, edited here and audited; a policy version is never changed in
# place once saved (its terms were computed with it): a change is a new version, on the policy page or here. Terms
# are computed, and the workflows (goals, evaluations, audits, placements) move only through their services: the
# admin shows them read-only with their history.


class TenurePolicyForm(forms.ModelForm):
    class Meta:
        model = TenurePolicy
        fields = [
            "organization",
            "effective_from",
            "basis",
            "term_years",
            "start_rule",
            "partial_rule",
            "partial_years",
            "reminder_months",
            "ladder_years",
            "audit_holds",
            "goals_public",
            "performance_weight",
            "democratic_weight",
            "basic_below",
            "incompetent_below",
            "excellent_quota",
            "retirement_service_years",
        ]

    def clean(self):
        data = super().clean()
        organization, effective_from = data.get("organization"), data.get("effective_from")
        latest = TenurePolicy.objects.filter(organization=organization).order_by("-version").first()
        if latest is not None and effective_from is not None and effective_from <= latest.effective_from:
            self.add_error("effective_from", _("生效日期须晚于现行版本的生效日期。"))
        weights = (data.get("performance_weight"), data.get("democratic_weight"))
        if None not in weights and sum(weights) != 100:
            self.add_error("democratic_weight", _("工作实绩与民意测评的权重之和须为 100。"))
        for name in ("reminder_months", "ladder_years"):
            text = (data.get(name) or "").replace("，", ",")
            parts = [p.strip() for p in text.split(",") if p.strip()]
            if not parts or not all(p.isdigit() and 0 < int(p) <= 30 for p in parts):
                self.add_error(name, _("请填写以逗号分隔的整数,例如 6,3,1。"))
        return data


class PolicyPostKindInline(admin.TabularInline):
    model = PolicyPostKind
    extra = 0


class TermCapInline(admin.TabularInline):
    model = TermCap
    extra = 0


@admin.register(TenurePolicy)
class TenurePolicyAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["organization", "version", "effective_from", "term_years", "start_rule", "partial_rule"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    form = TenurePolicyForm
    inlines = [PolicyPostKindInline, TermCapInline]

    def has_change_permission(self, request, obj=None):
        # A saved version keeps what its terms were computed with.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        if not change and not obj.version:
            latest = TenurePolicy.objects.filter(organization=obj.organization).order_by("-version").first()
            obj.version = (latest.version + 1) if latest else 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from tenure.services.terms import terms_sync

        terms_sync(organization=form.instance.organization, actor=request.user, reason="后台设立任期制办法")


@admin.register(EvaluationSystem)
class EvaluationSystemAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "organization", "sort_order"]
    list_filter = ["organization"]
    filter_horizontal = ["units"]


@admin.register(Term)
class TermAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "post", "regime", "number", "starts_on", "ends_on", "ended_on", "inherited"]
    list_filter = ["organization", "regime", "inherited"]
    search_fields = ["cadre__name", "cadre__employee_no", "post__name"]
    list_select_related = ["cadre", "post", "post__unit"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "outcome", "effective_on", "document_no"]
    list_filter = ["outcome"]
    list_select_related = ["cadre"]


@admin.register(TermGoal)
class TermGoalAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["title", "unit", "scope", "year", "area", "responsibility", "state"]
    list_filter = ["organization", "state", "scope", "area"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["organization", "year", "stage", "state"]
    list_filter = ["organization", "stage", "state"]


@admin.register(TermEvaluation)
class TermEvaluationAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["round", "cadre", "post", "performance", "democratic", "combined", "rank", "grade"]
    list_filter = ["round__year", "round__stage", "grade"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["round", "cadre", "post", "post__unit"]


@admin.register(EconomicAudit)
class EconomicAuditAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "kind", "period_from", "period_to", "state", "rating"]
    list_filter = ["organization", "state", "kind", "rating"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    list_select_related = ["cadre"]
