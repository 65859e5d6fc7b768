from django.contrib import admin

from common.admin import AuditHistoryInline, ReadOnlyAdminMixin
from teams.models import MemberProfile, PostEvaluation, Team, TeamGrade

# Grades and post-evaluations change only through their services (checked and audited): read-only here.


@admin.register(Team)
class TeamAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["__str__", "formed_on", "organization"]
    list_filter = ["organization"]
    list_select_related = ["unit", "organization"]


@admin.register(MemberProfile)
class MemberProfileAdmin(AuditHistoryInline, admin.ModelAdmin):
    list_display = ["cadre", "political_status", "education", "specialty"]
    search_fields = ["cadre__name", "cadre__employee_no"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre"]


@admin.register(TeamGrade)
class TeamGradeAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["team", "year", "grade", "evaluation_score", "decided_on"]
    list_filter = ["year", "grade"]
    list_select_related = ["team__unit"]


@admin.register(PostEvaluation)
class PostEvaluationAdmin(ReadOnlyAdminMixin, AuditHistoryInline, admin.ModelAdmin):
    list_display = ["team", "evaluated_on"]
    list_select_related = ["team__unit"]
