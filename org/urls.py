from django.urls import path

from org.views import accounts, cadres, pages, roster, units

app_name = "org"

urlpatterns = [
    path("units/", pages.unit_tree, name="unit_tree"),
    path("units/<int:pk>/", pages.unit_detail, name="unit_detail"),
    path("cadres/", pages.cadre_list, name="cadre_list"),
    path("cadres/<int:pk>/", pages.cadre_detail, name="cadre_detail"),
    path("groups/", pages.group_list, name="group_list"),
    path("groups/<int:pk>/", pages.group_detail, name="group_detail"),
    path("roster/import/", roster.roster_import, name="roster_import"),
    path("roster/template.xlsx", roster.roster_template, name="roster_template"),
    path("roster/jobs/<int:pk>/", roster.roster_job, name="roster_job"),
    # HR's upkeep of the organization and its logins: each page module owns its routes.
    *units.urlpatterns,
    *cadres.urlpatterns,
    *accounts.urlpatterns,
]
