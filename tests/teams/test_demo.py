"""The demo's teams: five teams with member data and post-evaluations, last year's grades — one 一类 whose praise is
recorded, one 三类 with a running improvement deadline — and a closed democratic evaluation of the 所 teams."""

from org.demo import demo_load
from teams.models import Consequence, PostEvaluation, Team, TeamGrade


def test_the_demo_has_graded_teams_with_post_evaluations(db):
    organization = demo_load()
    teams = Team.objects.filter(organization=organization)
    assert teams.count() == 5
    assert PostEvaluation.objects.filter(team__in=teams).count() == 5
    grades = dict(TeamGrade.objects.filter(team__in=teams).values_list("team__unit__name", "grade"))
    assert grades["局领导班子"] == "1" and grades["东岭所"] == "3"
    assert Consequence.objects.get(kind="praise").is_done
    assert Consequence.objects.get(kind="improvement").due_date is not None
    # the 所 teams' grades rest on their democratic evaluation
    assert TeamGrade.objects.filter(team__unit__name="城关所", evaluation_score__isnull=False).exists()
