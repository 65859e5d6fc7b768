from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from assessments.views import grid
from org.views import pages

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER

urlpatterns = [
    path("", pages.home, name="home"),
    path("me/", pages.me, name="me"),
    path("committee/", pages.committee_home, name="committee_home"),
    path("rater/", grid.rater_home, name="rater_home"),
    path("healthz", pages.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("org.urls")),
    path("notices/", include("notices.urls")),
    path("assessments/", include("assessments.urls")),
    path("demotion/", include("demotion.urls")),
    path("ballots/", include("ballots.urls")),
    path("teams/", include("teams.urls")),
    path("admin/", admin.site.urls),
    path("api/auth/token/", obtain_auth_token, name="api_token"),
    path("api/org/", include(("org.api_urls", "org_api"))),
    path("api/notices/", include(("notices.api_urls", "notices_api"))),
    path("api/assessments/", include(("assessments.api_urls", "assessments_api"))),
    path("api/demotion/", include(("demotion.api_urls", "demotion_api"))),
    path("api/ballots/", include(("ballots.api_urls", "ballots_api"))),
    path("api/teams/", include(("teams.api_urls", "teams_api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
]
