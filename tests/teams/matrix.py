"""Permission-matrix entries for the teams (merged into tests/test_permission_matrix.py).

`setup(world)`: 综合科一组's team (HR 甲's, `world.team_a`) graded 三类 last year by the committee, so it has a talk and
an improvement to record (`world.team_consequence`); 城关所's team (HR 乙's). Grading is the committee's alone.
"""

import datetime

from django.utils import timezone

from teams.services.grades import team_grade_decide
from teams.services.teams import team_create

STAFF = {"admin", "hr", "hr_other", "committee"}
OF_A = {"admin", "hr", "committee"}
HR_OF_A = {"admin", "hr"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _api(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 401
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _post_only_page(persona):
    return 302 if persona == "anonymous" else 405


def _team(w):
    return {"pk": w.team_a.pk}


ENTRIES: dict = {
    "teams:team_list": (None, _page(STAFF)),
    "teams:team_create": (None, _page({"admin", "hr", "hr_other"})),
    "teams:team_detail": (_team, _page(OF_A, {"hr_other"})),
    "teams:profile_edit": (lambda w: {"pk": w.team_a.pk, "cadre_pk": w.cadre.pk}, _page(HR_OF_A, {"hr_other"})),
    "teams:grade_decide": (_team, _page({"committee"})),
    "teams:consequence_done": (lambda w: {"pk": w.team_consequence.pk}, _post_only_page),
    "teams:post_evaluation_create": (_team, _page(HR_OF_A, {"hr_other"})),
    "teams_api:team-list": (None, _api(STAFF)),
    "teams_api:team-detail": (_team, _api(OF_A, {"hr_other"})),
}


def setup(world) -> None:
    today = timezone.localdate()
    world.team_a = team_create(actor=world.users["hr"], unit=world.unit_a1, formed_on=datetime.date(2023, 3, 1))
    team_create(actor=world.users["hr_other"], unit=world.unit_b, formed_on=datetime.date(2022, 1, 10))
    grade = team_grade_decide(
        team=world.team_a,
        actor=world.users["committee"],
        year=today.year - 1,
        grade="3",
        basis="年度考核情况",
        decided_on=today,
        improvement_due=today + datetime.timedelta(days=90),
    )
    world.team_consequence = grade.consequences.get(kind="improvement")
