"""Permission-matrix entries for the democratic evaluation (merged into tests/test_permission_matrix.py).

`setup(world)` lays down, all organized by 综合科 (HR 甲's scope, not 乙's), through the services:
- `world.ballots_draft`: an evaluation in preparation (张三, 王五);
- `world.ballots_open`: a published one with a batch of codes (`world.ballots_codes`, the plaintext, as printed)
  and one ballot cast;
- `world.ballots_closed`: a closed one, sealed with results;
and `world.ballots_public`, published by the organization-wide HR for the whole bureau, whose vote page the matrix
opens as everyone: the vote page admits anonymous raters by design (they have a code, not an account).
"""

import datetime

from django.utils import timezone

from ballots.services.evaluations import evaluation_close
from org.models import RoleAssignment
from org.services import role_assign
from tests.ballots.conftest import cast, issue, make_evaluation
from tests.factories import UserFactory

STAFF = {"admin", "hr", "hr_other", "committee"}
OF_A = {"admin", "hr", "committee"}  # staff whose scope holds 综合科
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


def _post_only_api(persona):
    if persona == "anonymous":
        return 401
    return 405 if persona in STAFF else 403


def _everyone(persona):
    return 200


def _post_only_public(persona):
    return 405


def _pk(name):
    return lambda w: {"pk": getattr(w, name).evaluation.pk}


ENTRIES: dict = {
    "ballots:evaluation_list": (None, _page(STAFF)),
    "ballots:evaluation_create": (None, _page({"admin", "hr", "hr_other"})),
    "ballots:evaluation_detail": (_pk("ballots_open"), _page(OF_A, {"hr_other"})),
    "ballots:evaluation_edit": (_pk("ballots_draft"), _page(HR_OF_A, {"hr_other"})),
    "ballots:evaluation_publish": (_pk("ballots_draft"), _post_only_page),
    "ballots:evaluation_reschedule": (_pk("ballots_open"), _post_only_page),
    "ballots:evaluation_close": (_pk("ballots_open"), _post_only_page),
    "ballots:codes_issue": (_pk("ballots_open"), _page(HR_OF_A, {"hr_other"})),
    "ballots:code_void": (_pk("ballots_open"), _post_only_page),
    "ballots:batch_void": (lambda w: {"pk": w.ballots_open.evaluation.batches.first().pk}, _post_only_page),
    "ballots:results": (_pk("ballots_closed"), _page(OF_A, {"hr_other"})),
    "ballots:results_sheet": (_pk("ballots_closed"), _page(OF_A, {"hr_other"})),
    "ballots:results_export": (_pk("ballots_closed"), _page(OF_A, {"hr_other"})),
    "ballots:score_export": (_pk("ballots_closed"), _page(OF_A, {"hr_other"})),
    # Public by design: a rater has a code, not an account.
    "ballots:vote": (lambda w: {"key": w.ballots_public.evaluation.public_key}, _everyone),
    "ballots:vote_submit": (lambda w: {"key": w.ballots_public.evaluation.public_key}, _post_only_public),
    "ballots_api:evaluation-list": (None, _api(STAFF)),
    "ballots_api:evaluation-detail": (_pk("ballots_open"), _api(OF_A, {"hr_other"})),
    "ballots_api:evaluation-publish": (_pk("ballots_draft"), _post_only_api),
    "ballots_api:evaluation-reschedule": (_pk("ballots_open"), _post_only_api),
    "ballots_api:evaluation-close": (_pk("ballots_open"), _post_only_api),
    "ballots_api:evaluation-void": (_pk("ballots_open"), _post_only_api),
    "ballots_api:evaluation-void-batch": (_pk("ballots_open"), _post_only_api),
    "ballots_api:evaluation-turnout": (_pk("ballots_open"), _api(OF_A, {"hr_other"})),
    "ballots_api:evaluation-codes": (_pk("ballots_open"), _api(OF_A, {"hr_other"})),
    "ballots_api:evaluation-results": (_pk("ballots_closed"), _api(OF_A, {"hr_other"})),
}


def _organization_hr(world):
    user = UserFactory(username="ballots_hr_all")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    return user


def setup(world) -> None:
    world.ballots_draft = make_evaluation(world, publish=False, title="科室干部测评(准备中)")
    world.ballots_open = make_evaluation(world, title="科室干部测评(进行中)")
    world.ballots_codes = issue(world.ballots_open, world, size=4)
    cast(world.ballots_open, world.ballots_codes[0], {"张三": "excellent", "王五": "competent"})
    world.ballots_closed = make_evaluation(world, title="科室干部测评(已结束)", min_ballots=1)
    codes = issue(world.ballots_closed, world, size=2)
    cast(world.ballots_closed, codes[0], {"张三": "competent", "王五": "excellent"})
    evaluation_close(
        evaluation=world.ballots_closed.evaluation,
        actor=world.users["hr"],
        now=timezone.now() + datetime.timedelta(days=4),
    )
    world.ballots_public = make_evaluation(
        world, unit=world.root, subjects=[world.cadre], title="全局民主测评", actor=_organization_hr(world)
    )
