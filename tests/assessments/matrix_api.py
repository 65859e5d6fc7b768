"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.

The REST API of the assessments app (namespace "assessments_api"): every endpoint, as every persona, by GET. A
POST-only action answers GET with 405 to those its view admits and 403 to the rest.
"""

import datetime

STAFF = {"admin", "hr", "hr_other", "committee"}
CADRES = {"cadre", "other_cadre"}
IN_SCOPE_OF_A = {"admin", "hr", "committee"}


def api(ok: set, *, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 401
        if persona in ok:
            return 200
        return 404 if persona in hidden else 403

    return expect


def post_only(admitted: set):
    def expect(persona):
        if persona == "anonymous":
            return 401
        return 405 if persona in admitted else 403

    return expect


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


N = "assessments_api:"
ENTRIES: dict = {
    f"{N}my-scores": (None, api(CADRES)),
    f"{N}scheme-list": (None, api(STAFF)),
    f"{N}scheme-detail": (_pk("api_scheme"), api(STAFF)),
    f"{N}period-list": (None, api(STAFF)),
    f"{N}period-detail": (_pk("api_period"), api(STAFF)),
    f"{N}period-open": (_pk("api_period"), post_only(STAFF)),
    f"{N}period-close": (_pk("api_period"), post_only(STAFF)),
    f"{N}assignment-list": (None, api(STAFF)),
    f"{N}assignment-detail": (_pk("api_assignment"), api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    f"{N}score-list": (None, api(STAFF)),
    # Only the world's "rater" persona holds the rater role; it has no cadre, so it is shown an empty list.
    f"{N}score-mine": (None, api({"rater"})),
    f"{N}score-detail": (_pk("api_score"), api(IN_SCOPE_OF_A, hidden={"hr_other"})),
    f"{N}point-list": (None, api(STAFF | CADRES)),
    f"{N}point-detail": (_pk("api_point"), api(IN_SCOPE_OF_A | {"cadre"}, hidden={"hr_other", "other_cadre"})),
    f"{N}point-approve": (_pk("api_point"), post_only(STAFF | CADRES)),
    f"{N}point-reject": (_pk("api_point"), post_only(STAFF | CADRES)),
    f"{N}veto-list": (None, api(STAFF | CADRES)),
    f"{N}veto-detail": (_pk("api_veto"), api(IN_SCOPE_OF_A | {"cadre"}, hidden={"hr_other", "other_cadre"})),
    f"{N}veto-approve": (_pk("api_veto"), post_only(STAFF | CADRES)),
    f"{N}veto-reject": (_pk("api_veto"), post_only(STAFF | CADRES)),
    f"{N}point-item-list": (None, api(STAFF)),
    f"{N}veto-item-list": (None, api(STAFF)),
}


def setup(world) -> None:
    """Rows on both sides of the tree, so every list has something to leak: a score, an approved point and an
    approved veto for 张三 and for 李四. Other areas may have changed the scheme before this runs, so everything is
    looked up afresh rather than taken from `world.scoring`."""
    from assessments.models import PointItem, RaterAssignment, Scheme, Score, VetoItem
    from assessments.services import (
        point_entry_decide,
        point_entry_record,
        score_save,
        veto_entry_decide,
        veto_entry_record,
    )

    scheme = Scheme.objects.get(organization=world.org, year=2025, status=Scheme.Status.CURRENT)
    world.api_scheme = scheme
    world.api_period = scheme.periods.get(kind="Q1")
    rater = world.scoring.rater
    component = scheme.components.get(code="quarterly_review")
    world.api_assignment = RaterAssignment.objects.get(component=component, rater=rater, ratee=world.cadre)
    for ratee in [world.cadre, world.other_cadre]:
        if not Score.objects.filter(scheme=scheme, ratee=ratee).exists():
            score_save(
                period=world.api_period,
                component=component,
                rater=rater,
                ratee=ratee,
                value="88",
                expected_revision=0,
                actor=world.users["admin"],
                by_hr=True,
                reason="权限矩阵",
            )
    world.api_score = Score.objects.filter(scheme=scheme, ratee=world.cadre).first()

    point_item = PointItem.objects.get(organization=world.org, code="innovation")
    veto_item = VetoItem.objects.get(organization=world.org, code="public_opinion")
    on = datetime.date(2025, 2, 17)
    for cadre in [world.cadre, world.other_cadre]:
        point = point_entry_record(
            cadre=cadre, item=point_item, year=2025, occurred_on=on, evidence="经验推广通报", actor=world.users["admin"]
        )
        point_entry_decide(entry=point, approve=True, actor=world.users["committee"])
        veto = veto_entry_record(
            cadre=cadre, item=veto_item, year=2025, occurred_on=on, evidence="舆情处置报告", actor=world.users["admin"]
        )
        veto_entry_decide(entry=veto, approve=True, actor=world.users["committee"])
        if cadre == world.cadre:
            world.api_point, world.api_veto = point, veto
