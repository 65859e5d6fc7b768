from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.admin import CalendarDayAdmin, ReadOnlyAdminMixin
from common.models import CalendarDay
from notices import registry
from notices.models import Notice
from notices.recompute import calendar_change


class KindFilter(admin.SimpleListFilter):
    """The kinds in words, not codes."""

    title = gettext_lazy("期限类别")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        codes = Notice.objects.order_by().values_list("kind", flat=True).distinct()
        return sorted(((code, registry.kind_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Notices are written by the scanner only; the admin looks, e.g. at why an e-mail failed."""

    list_display = ["created_at", "recipient", "kind_label", "occurrence_label", "title", "due_date", "read_at"]
    list_display += ["email_status"]
    list_filter = [KindFilter, "email_status"]
    search_fields = ["title", "recipient__username"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]

    @admin.display(description=gettext_lazy("期限类别"), ordering="kind")
    def kind_label(self, notice):
        return registry.kind_label(notice.kind)

    @admin.display(description=gettext_lazy("提醒节点"), ordering="occurrence")
    def occurrence_label(self, notice):
        return registry.occurrence_label(notice.occurrence)


class CalendarDayRecomputingAdmin(CalendarDayAdmin):
    """The calendar's admin: entering or changing a day recomputes the open working-day deadlines of its year
    (notices.recompute), later only, audited, the people told."""

    def save_model(self, request, obj, form, change):
        years = {obj.date.year}
        if change and "date" in form.changed_data and form.initial.get("date"):
            years.add(form.initial["date"].year)
        with calendar_change(years=years, actor=request.user) as moved:
            super().save_model(request, obj, form, change)
        if moved[0]:
            self.message_user(request, _("已按新日历重新计算 %(n)s 个截止日期(只顺延,不提前)。") % {"n": moved[0]})

    def delete_model(self, request, obj):
        with calendar_change(years={obj.date.year}, actor=request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        years = {day.year for day in queryset.dates("date", "year")}
        with calendar_change(years=years, actor=request.user):
            super().delete_queryset(request, queryset)


admin.site.unregister(CalendarDay)
admin.site.register(CalendarDay, CalendarDayRecomputingAdmin)
