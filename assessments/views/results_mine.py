"""Page: a cadre's own annual results over the years, and this year's running score against the group median.

Only published years show content; a year not yet published shows nothing but that. No rater is ever named: the
page reads Result rows and aggregated running scores only (assessments.selectors.mine).
"""

from django.shortcuts import render
from django.urls import path

from assessments.selectors import mine
from org.permissions import role_required
from org.roles import ROLE_CADRE, get_roles


@role_required(ROLE_CADRE)
def my_results(request):
    cadre = get_roles(request.user).cadre
    memberships = mine.cadre_memberships(cadre=cadre)
    series = mine.current_series(cadre=cadre, memberships=memberships)
    context = {
        "cadre": cadre,
        "years": mine.cadre_years(cadre=cadre, memberships=memberships),
        "series": series,
        "chart": series.chart_data() if series and series.points else None,
        "min_members_for_median": mine.MIN_MEMBERS_FOR_MEDIAN,
        "review_days": mine.REVIEW_DAYS,
        "appeal_days": mine.APPEAL_AFTER_REVIEW_DAYS,
    }
    return render(request, "assessments/results_mine.html", context)


urlpatterns = [path("my-results/", my_results, name="my_results")]
