"""Pages of team grades: the party committee grades a team for a year; HR records each consequence as done."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ballots.selectors.feed import team_scores
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from teams.forms.teams import ConsequenceForm, GradeForm
from teams.models import Consequence
from teams.selectors import teams as selectors
from teams.services.grades import consequence_complete, team_grade_decide


@role_required(ROLE_COMMITTEE)
def grade_decide(request, pk):
    team = get_object_or_404(selectors.gradable_teams(user=request.user), pk=pk)
    today = timezone.localdate()
    form = GradeForm(request.POST or None, initial={"year": today.year - 1, "decided_on": today.isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            grade = team_grade_decide(team=team, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(
                request,
                _("已评定%(team)s %(year)s年度为%(grade)s。")
                % {"team": team, "year": grade.year, "grade": grade.get_grade_display()},
            )
            return redirect("teams:team_detail", pk=team.pk)
    context = {
        "team": team,
        "form": form,
        "scores": team_scores(unit_ids=[team.unit_id]).get(team.unit_id, [])[:5],
        "evaluations": [(e, selectors.scores_in_order(e)) for e in selectors.post_evaluation_list(team)[:3]],
    }
    return render(request, "teams/grade_form.html", context)


@require_POST
@role_required(ROLE_ADMIN, ROLE_HR)
def consequence_done(request, pk):
    consequence = get_object_or_404(
        Consequence.objects.select_related("grade__team__unit"),
        pk=pk,
        grade__team__in=selectors.manageable_teams(user=request.user),
    )
    form = ConsequenceForm(request.POST)
    if form.is_valid():
        try:
            consequence_complete(consequence=consequence, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已办结:%(what)s。") % {"what": consequence.get_kind_display()})
            return redirect("teams:team_detail", pk=consequence.grade.team_id)
    context = {"consequence": consequence, "team": consequence.grade.team, "form": form}
    return render(request, "teams/consequence_form.html", context)


urlpatterns = [
    path("<int:pk>/grade/", grade_decide, name="grade_decide"),
    path("consequences/<int:pk>/done/", consequence_done, name="consequence_done"),
]
