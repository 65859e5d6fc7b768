"""Permission-matrix entries for the step-down cases' pages and endpoints (merged into
tests/test_permission_matrix.py).

`setup(world)` publishes 2024 for the world's organization (tests/demotion/conftest.py: 张三 of 综合科一组 and 李四 of
城关所 in the bottom set, published today) and opens their cases: `world.stepdown_case` is 张三's, waiting for his
application; 李四's is on the other side of the tree, so a page that forgets its scope shows it.
"""

from demotion.models import StepDownCase
from demotion.services.cases import stepdown_cases_open

STAFF = {"admin", "hr", "hr_other", "committee"}
CADRES = {"cadre", "other_cadre"}
# Who may open 张三's case: staff whose scope covers 综合科, and 张三; 李四 and HR of 城关所 are told it is not there.
SEES_A = {"admin", "hr", "committee", "cadre"}
HIDDEN_A = {"hr_other", "other_cadre"}
READERS = STAFF | CADRES


def _expect(ok: set, hidden: set, anonymous: int, elsewhere: int = 403):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        return 200 if persona in ok else 404 if persona in hidden else elsewhere

    return expect


def _post_only(persona):
    """A POST-only action, fetched: 405 for the endpoint's readers, 403 for everyone else."""
    if persona == "anonymous":
        return 401
    return 405 if persona in READERS else 403


def _case(w) -> dict:
    return {"pk": w.stepdown_case.pk}


ENTRIES: dict = {
    "demotion:case_list": (None, _expect(STAFF, set(), 302)),
    "demotion:my_cases": (None, _expect(CADRES, set(), 302)),
    "demotion:case_detail": (_case, _expect(SEES_A, HIDDEN_A, 302)),
    "demotion_api:stepdown-case-list": (None, _expect(READERS, set(), 401)),
    "demotion_api:stepdown-case-mine": (None, _expect(CADRES, set(), 401)),
    "demotion_api:stepdown-case-detail": (_case, _expect(SEES_A, HIDDEN_A, 401)),
    "demotion_api:stepdown-case-apply": (_case, _post_only),
    "demotion_api:stepdown-case-approve": (_case, _post_only),
    "demotion_api:stepdown-case-reject": (_case, _post_only),
    "demotion_api:stepdown-case-execute": (_case, _post_only),
}


def setup(world) -> None:
    from tests.demotion.conftest import make_published_year

    published = make_published_year(world)
    stepdown_cases_open(publication_id=published.publication.pk)
    world.stepdown_case = StepDownCase.objects.get(cadre=world.cadre, year=published.publication.year)
