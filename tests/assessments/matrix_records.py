"""Permission-matrix entries for this area's URLs (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there.
"""

import datetime

import assessments.setup.panels  # noqa: F401  (the landing-page sections, as AssessmentsConfig.ready() loads them)
from assessments.models import PointItem, VetoItem
from assessments.services import point_entry_decide, point_entry_record, veto_entry_decide, veto_entry_record

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}
IN_SCOPE_OF_A = {"admin", "hr", "committee"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _post_only(persona):
    return 302 if persona == "anonymous" else 405


ENTRIES: dict = {
    "assessments:point_list": (None, _page(STAFF)),
    "assessments:point_create": (None, _page(HR)),
    "assessments:point_detail": (lambda w: {"pk": w.point_entry.pk}, _page(IN_SCOPE_OF_A, {"hr_other"})),
    "assessments:point_decide": (lambda w: {"pk": w.point_entry.pk}, _post_only),
    "assessments:veto_list": (None, _page(STAFF)),
    "assessments:veto_create": (None, _page(HR)),
    "assessments:veto_detail": (lambda w: {"pk": w.veto_entry.pk}, _page(IN_SCOPE_OF_A, {"hr_other"})),
    "assessments:veto_decide": (lambda w: {"pk": w.veto_entry.pk}, _post_only),
    "assessments:approvals": (None, _page({"committee"})),
}


def setup(world) -> None:
    """On each side of the tree: a pending and an approved point entry, a pending and an approved veto."""
    bonus = PointItem.objects.get(organization=world.org, code="award_city")
    veto_item = VetoItem.objects.filter(organization=world.org).first()
    today = datetime.date.today()
    for cadre, recorder in [(world.cadre, "hr"), (world.other_cadre, "hr_other")]:
        actor = world.users[recorder]
        entries = [
            point_entry_record(
                cadre=cadre,
                item=bonus,
                year=today.year,
                occurred_on=today,
                evidence=f"{cadre.name}的表彰文件",
                actor=actor,
            )
            for _ in range(2)
        ]
        point_entry_decide(entry=entries[1], approve=True, actor=world.users["committee"])
        vetoes = [
            veto_entry_record(
                cadre=cadre,
                item=veto_item,
                year=today.year,
                occurred_on=today - datetime.timedelta(days=days),
                evidence=f"{cadre.name}的事故调查报告",
                actor=actor,
            )
            for days in (0, 1)
        ]
        veto_entry_decide(entry=vetoes[1], approve=True, actor=world.users["committee"])
        if cadre == world.cadre:
            world.point_entry, world.veto_entry = entries[0], vetoes[0]
