"""Permission-matrix entries for the appeal pages (merged into tests/test_permission_matrix.py's EXPECTED).

`setup(world)` adds the objects the entries' kwargs need; `world.scoring` (tests.assessments.conftest.Scoring)
is already there: on each side of the tree an approved deduction and the cadre's pending appeal of it.
"""

import datetime

from assessments.models import PointItem
from assessments.services import point_entry_decide, point_entry_record
from assessments.services.appeals import appeal_file

STAFF = {"admin", "hr", "hr_other", "committee"}
CADRES = {"cadre", "other_cadre"}
FILERS = {"admin", "hr", "hr_other", "cadre", "other_cadre"}
# Who may open 张三's appeal: staff whose scope covers 综合科, and 张三; 李四 and HR of 城关所 are told it is not there.
SEES_A = {"admin", "hr", "committee", "cadre"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


ENTRIES: dict = {
    "assessments:appeal_list": (None, _page(STAFF | CADRES)),
    "assessments:appeal_create": (None, _page(FILERS)),
    "assessments:appeal_detail": (lambda w: {"pk": w.appeal.pk}, _page(SEES_A, {"hr_other", "other_cadre"})),
}


def setup(world) -> None:
    item = PointItem.objects.get(organization=world.org, code="circulated_criticism")
    today = datetime.date.today()
    for cadre, recorder, user in [
        (world.cadre, "hr", "cadre"),
        (world.other_cadre, "hr_other", "other_cadre"),
    ]:
        entry = point_entry_record(
            cadre=cadre,
            item=item,
            year=today.year,
            occurred_on=today,
            evidence=f"{cadre.name}的通报批评文件",
            actor=world.users[recorder],
        )
        point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
        appeal = appeal_file(
            cadre=cadre, target="deduction", entry=entry, reason="通报所述情况与事实不符", actor=world.users[user]
        )
        if cadre == world.cadre:
            world.appeal = appeal
