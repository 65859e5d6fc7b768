from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from org.views import activation, pages, privacy
from security.views import session

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER

urlpatterns = [
    path("", pages.home, name="home"),
    path("me/", pages.me, name="me"),
    path("me/info/", privacy.my_info, name="my_info"),
    path("committee/", pages.committee_home, name="committee_home"),
    path("", include("assessments.root_urls")),  # the rater's landing page, /rater/
    path("healthz", pages.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/activate/", activation.account_activate, name="account_activate"),
    path("", include("security.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("org.urls")),
    path("notices/", include("notices.urls")),
    path("assessments/", include("assessments.urls")),
    path("demotion/", include("demotion.urls")),
    # The admin's sign-out is the pages' own: it revokes the user's API tokens too.
    path("admin/logout/", session.LogoutView.as_view()),
    path("recall/", include("recall.urls")),
    path("ballots/", include("ballots.urls")),
    path("teams/", include("teams.urls")),
    path("tenure/", include("tenure.urls")),
    path("overview/", include("overview.urls")),
    path("analytics/", include("analytics.urls")),
    path("papers/", include("papers.urls")),
    path("jobs/", include("common.jobs.views")),
    path("admin/", admin.site.urls),
    path("audit/", include("security.urls")),
    path("api/org/", include(("org.api_urls", "org_api"))),
    path("api/notices/", include(("notices.api_urls", "notices_api"))),
    path("api/assessments/", include(("assessments.api_urls", "assessments_api"))),
    path("api/demotion/", include(("demotion.api_urls", "demotion_api"))),
    path("api/recall/", include(("recall.api_urls", "recall_api"))),
    path("api/ballots/", include(("ballots.api_urls", "ballots_api"))),
    path("api/teams/", include(("teams.api_urls", "teams_api"))),
    path("api/tenure/", include(("tenure.api_urls", "tenure_api"))),
    path("api/analytics/", include(("analytics.api_urls", "analytics_api"))),
    path("api/jobs/", include(("common.jobs.api", "jobs_api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own, so the page needs no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
]
