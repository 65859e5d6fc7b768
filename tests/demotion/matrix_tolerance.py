"""Permission-matrix entries for error tolerance (容错免责) and its disclosure (merged into
tests/test_permission_matrix.py).

`setup(world)` adds, for this year: 张三's approved deduction under a request awaiting the committee
(`world.tolerance_case`), another of his approved deductions free to be requested (`world.tolerance_free_entry`), and
an approved case of 王五 (R001, 测试局机关, the raters' cadre), whose disclosure every user of the organization
reads. The disclosure names 王五 only: an approved case of 张三 or 李四 would be shown, by design, to the other side
of the tree, which the matrix's scope check forbids.
"""

import datetime

from assessments.models import PointItem
from assessments.services import point_entry_decide, point_entry_record
from demotion.services.tolerance import tolerance_decide, tolerance_request

STAFF = {"admin", "hr", "hr_other", "committee"}
CADRES = {"cadre", "other_cadre"}
REQUESTERS = {"admin", "hr", "hr_other", "cadre", "other_cadre"}
SEES_A = {"admin", "hr", "committee", "cadre"}  # who may open 张三's case
MEMBERS = STAFF | CADRES | {"rater"}  # every signed-in user of the organization
READERS = STAFF | CADRES  # whom the API's tolerance routes admit (a POST-only route answers them 405)


def _status(ok: set, hidden: set = frozenset(), *, anonymous: int, ok_status: int = 200):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        return ok_status if persona in ok else 404 if persona in hidden else 403

    return expect


def _case(w) -> dict:
    return {"pk": w.tolerance_case.pk}


ENTRIES: dict = {
    "demotion:tolerance_list": (None, _status(STAFF | CADRES, anonymous=302)),
    "demotion:tolerance_create": (None, _status(REQUESTERS, anonymous=302)),
    "demotion:tolerance_detail": (_case, _status(SEES_A, {"hr_other", "other_cadre"}, anonymous=302)),
    "demotion:tolerance_disclosure": (None, _status(MEMBERS, anonymous=302)),
    "demotion_api:tolerance-list": (None, _status(STAFF | CADRES, anonymous=401)),
    "demotion_api:tolerance-detail": (_case, _status(SEES_A, {"hr_other", "other_cadre"}, anonymous=401)),
    "demotion_api:tolerance-decide": (_case, _status(READERS, anonymous=401, ok_status=405)),  # POST only
    "demotion_api:tolerance-correction-steps": (_case, _status(READERS, anonymous=401, ok_status=405)),  # POST only
    "demotion_api:tolerance-disclosure": (None, _status(MEMBERS, anonymous=401)),
}


def _approved_deduction(world, cadre, code: str, recorder: str):
    today = datetime.date.today()
    entry = point_entry_record(
        cadre=cadre,
        item=PointItem.objects.get(organization=world.org, code=code),
        year=today.year,
        occurred_on=today,
        evidence=f"{cadre.name}的督查通报",
        actor=world.users[recorder],
    )
    point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
    entry.refresh_from_db()
    return entry


def setup(world) -> None:
    requested = _approved_deduction(world, world.cadre, "task_missed", "hr")
    world.tolerance_free_entry = _approved_deduction(world, world.cadre, "task_missed", "hr")
    world.tolerance_case = tolerance_request(
        cadre=world.cadre,
        target="deduction",
        entry=requested,
        event="先行先试推进改革,程序衔接出现疏漏",
        reason="出于公心,勤勉尽责,不谋私利",
        actor=world.users["hr"],
    )
    wangwu = world.scoring.rater
    approved = tolerance_request(
        cadre=wangwu,
        target="deduction",
        entry=_approved_deduction(world, wangwu, "admonishment", "admin"),
        event="抽查程序先行试点出现失误",
        reason="出于公心",
        actor=world.users["admin"],
    )
    world.tolerance_approved = tolerance_decide(
        case=approved,
        approve=True,
        public_interest=True,
        diligent=True,
        no_private_gain=True,
        reason="党组会议认定符合容错情形",
        actor=world.users["committee"],
    )
