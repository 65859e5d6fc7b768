"""Pages of post-evaluations (后评估): HR records one for a team, with the 结构 computed from the roster that day."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from org.models import Cadre
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from teams.forms.teams import PostEvaluationForm
from teams.selectors import teams as selectors
from teams.services.post_evaluations import post_evaluation_record


@role_required(ROLE_ADMIN, ROLE_HR)
def post_evaluation_create(request, pk):
    team = get_object_or_404(selectors.manageable_teams(user=request.user), pk=pk)
    today = timezone.localdate()
    members = Cadre.objects.filter(pk__in=[a.cadre_id for a in selectors.members(team, today)]).order_by("employee_no")
    form = PostEvaluationForm(request.POST or None, members=members, initial={"evaluated_on": today.isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            post_evaluation_record(
                team=team,
                actor=request.user,
                evaluated_on=form.cleaned_data["evaluated_on"],
                scores=form.scores(),
                evidence=form.evidence(),
                outstanding=list(form.cleaned_data["outstanding"]),
                targets=form.targets(),
            )
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已录入%(team)s的后评估。") % {"team": team})
            return redirect("teams:team_detail", pk=team.pk)
    return render(request, "teams/post_evaluation_form.html", {"team": team, "form": form})


urlpatterns = [
    path("<int:pk>/post-evaluations/new/", post_evaluation_create, name="post_evaluation_create"),
]
