"""The system administrator's view of assessment data.

Scores, rater assignments, point and veto records and import jobs change only through the pages (and their
services, which audit and check scope); here they are read-only. The point and veto catalogs are the admin's to
maintain, audited. A scheme may be corrected here while it is current and has no scores; the change goes through
`scheme_update` like an edit on the scheme pages. A scheme with scores, or an older version, is read-only.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Component,
    Period,
    PointEntry,
    PointItem,
    RaterAssignment,
    Scheme,
    Score,
    VetoEntry,
    VetoItem,
)
from assessments.services import scheme_update
from assessments.services.scheme_input import COMPONENT_FIELDS, SETTING_FIELDS, clean_components, clean_settings
from common.admin import AuditHistoryInline, ReadOnlyAdminMixin
from common.errors import ApplicationError

ADMIN_REASON = "系统管理后台修改"


def scheme_locked(scheme: Scheme | None) -> bool:
    """An older version, or a scheme with scores (whose change would make a new version), is not edited here."""
    return scheme is not None and (not scheme.is_current or scheme.scores.exists())


# --- schemes ------------------------------------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = SETTING_FIELDS

    def clean(self):
        cleaned = super().clean()
        settings = {f: cleaned[f] for f in SETTING_FIELDS if f in cleaned}
        try:
            clean_settings(settings, self.instance.year)
        except ApplicationError as e:
            for field, messages in e.field_errors.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class ComponentFormSet(BaseInlineFormSet):
    """The components as a whole: names unique, each range sound, weights adding up to 100 (the service's rules)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            {f: form.cleaned_data.get(f, getattr(form.instance, f)) for f in COMPONENT_FIELDS}
            for form in self.forms
            if form.cleaned_data
        ]
        try:
            clean_components(rows)
        except ApplicationError as e:
            for key, messages in e.field_errors.items():
                parts = key.split("-")
                if len(parts) == 3 and parts[1].isdigit() and parts[2] in self.forms[int(parts[1])].fields:
                    for message in messages:
                        self.forms[int(parts[1])].add_error(parts[2], message)
                else:
                    raise forms.ValidationError(messages) from None


class ComponentInline(admin.TabularInline):
    """Names, weights, ranges and aggregation may be corrected; adding a component or changing its frequency
    changes the periods, which the scheme pages do."""

    model = Component
    formset = ComponentFormSet
    extra = 0
    can_delete = False
    fields = ["sort_order", "code", "name", "weight", "min_score", "max_score", "frequency", "aggregation"]
    readonly_fields = ["sort_order", "code", "frequency"]
    ordering = ["sort_order", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return not scheme_locked(obj) and super().has_change_permission(request, obj)


class PeriodInline(admin.TabularInline):
    """Periods open and close on the scheme pages (audited there)."""

    model = Period
    extra = 0
    can_delete = False
    fields = ["kind", "status", "start_date", "end_date", "opened_at", "closed_at"]
    readonly_fields = fields
    ordering = ["start_date", "end_date"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(AuditHistoryInline, admin.ModelAdmin):
    form = SchemeForm
    list_display = ["year", "name", "organization", "version", "status", "template", "effective_date"]
    list_filter = ["status", "year", "template", "organization"]
    search_fields = ["name", "organization__name", "organization__code"]
    list_select_related = ["organization"]
    readonly_fields = ["organization", "year", "version", "status", "template", "created_by"]
    fieldsets = [
        (None, {"fields": ["organization", "year", "version", "status", "template", "name", "effective_date"]}),
        (
            _("末位与等次"),
            {
                "fields": [
                    "bottom_ratio",
                    "bottom_rounding",
                    "bottom_minimum",
                    "bottom_minimum_group_size",
                    "min_group_size",
                    "excellent_quota",
                    "excellent_quota_approval",
                    "grade_scale",
                    "basic_below",
                    "incompetent_below",
                    "veto_cap",
                    "warning_ratio",
                ]
            },
        ),
        (_("加减分与申诉"), {"fields": ["bonus_cap", "deduction_cap", "appeal_working_days"]}),
        (None, {"fields": ["created_by"]}),
    ]
    inlines = [ComponentInline, PeriodInline]

    def has_add_permission(self, request):
        # A scheme starts from a template on the scheme pages, which also creates its periods and catalogs.
        return False

    def has_change_permission(self, request, obj=None):
        return not scheme_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not scheme_locked(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Nothing here: the settings and the components are written together by `scheme_update`."""

    def save_related(self, request, form, formsets, change):
        components = None
        for formset in formsets:
            # Nothing is saved through the formsets themselves (the admin's change message reads these).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is Component and formset.has_changed():
                components = [
                    {f: form_.cleaned_data.get(f, getattr(form_.instance, f)) for f in COMPONENT_FIELDS}
                    for form_ in sorted(formset.forms, key=lambda f: (f.instance.sort_order, f.instance.pk))
                ]
        settings = {f: form.cleaned_data[f] for f in SETTING_FIELDS if f in form.changed_data}
        with transaction.atomic():
            scheme_update(
                scheme=form.instance, actor=request.user, reason=ADMIN_REASON, components=components, **settings
            )


@admin.register(RaterAssignment)
class RaterAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["scheme", "component", "rater", "ratee"]
    list_filter = ["scheme__year", "scheme__organization", "component__name"]
    search_fields = ["rater__name", "rater__employee_no", "ratee__name", "ratee__employee_no"]
    list_select_related = ["scheme", "component", "rater", "ratee"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    """Read-only: a score changes on the rater's grid, or by HR with a reason, both audited."""

    list_display = ["ratee", "component", "period", "rater", "value", "revision", "updated_at"]
    list_filter = ["scheme__year", "period__kind", "component__name", "scheme__organization"]
    search_fields = ["ratee__name", "ratee__employee_no", "rater__name", "rater__employee_no"]
    list_select_related = ["ratee", "rater", "component", "period", "period__scheme"]


# --- catalogs -----------------------------------------------------------------------------------------------------


@admin.register(PointItem)
class PointItemAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "kind", "category", "points", "cap_per_year", "is_active", "sort_order", "organization"]
    list_filter = ["organization", "kind", "category", "is_active"]
    search_fields = ["name", "code", "category"]
    list_select_related = ["organization"]
    ordering = ["organization", "kind", "sort_order", "id"]

    def get_readonly_fields(self, request, obj=None):
        # Entries point at the item; moving it to another organization would move them across catalogs.
        return ["organization"] if obj else []


@admin.register(VetoItem)
class VetoItemAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "sort_order", "organization"]
    list_filter = ["organization", "is_active"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["organization"]
    ordering = ["organization", "sort_order", "id"]

    def get_readonly_fields(self, request, obj=None):
        return ["organization"] if obj else []


# --- records and jobs (read-only) ---------------------------------------------------------------------------------


class _RecordAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    """Recorded by HR and decided by the committee on the pages; the change page shows the audit history."""

    list_filter = ["status", "year", "cadre__organization"]
    search_fields = ["cadre__name", "cadre__employee_no", "item__name", "evidence"]
    list_select_related = ["cadre", "item", "recorded_by", "decided_by"]
    date_hierarchy = "occurred_on"


@admin.register(PointEntry)
class PointEntryAdmin(_RecordAdmin):
    list_display = ["cadre", "item", "points", "year", "occurred_on", "status", "recorded_by", "decided_by"]
    list_filter = ["status", "year", "item__kind", "cadre__organization"]


@admin.register(VetoEntry)
class VetoEntryAdmin(_RecordAdmin):
    list_display = ["cadre", "item", "year", "occurred_on", "status", "recorded_by", "decided_by"]
