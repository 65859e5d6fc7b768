"""Permission-matrix entries for the recall pages and endpoints (merged into tests/test_permission_matrix.py).

`setup(world)` gives the world's organization the catalog, a policy from 1 May 2018 and an open batch, and:
张三 ordered back (his case and its 召回令), 赵六 of 综合科一组 proposed, 李四 of 城关所 ordered back (on the other
side of the tree, so that a page forgetting its scope shows him); a pending yellow card and a competition loss for
张三 and for 李四. A case or a card is its cadre's and the staff's whose units hold him: 城关所's HR and 李四 are told
張三's does not exist. Batches, policies and the catalog are every staff member's to read.
"""

import datetime

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}
CADRES = {"cadre", "other_cadre"}
READERS = STAFF | CADRES
SEES_A = {"admin", "hr", "committee", "cadre"}
HIDDEN_A = {"hr_other", "other_cadre"}
STAFF_OF_A = {"admin", "hr", "committee"}


def _expect(ok: set, hidden: set = frozenset(), anonymous: int = 302):
    def expect(persona):
        if persona == "anonymous":
            return anonymous
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _api(ok: set, hidden: set = frozenset()):
    return _expect(ok, hidden, anonymous=401)


def _post_only(readers: set):
    def expect(persona):
        if persona == "anonymous":
            return 401
        return 405 if persona in readers else 403

    return expect


def _pk(attr: str):
    return lambda w: {"pk": getattr(w, attr).pk}


def _no_file(persona):
    """张三's card has no evidence file: whoever may open the card is told there is none."""
    if persona == "anonymous":
        return 302
    return 404 if persona in SEES_A | HIDDEN_A else 403


CASE_ACTIONS = [
    "decide", "withdraw", "order", "training", "retraining", "probation", "start-evaluation", "evaluate",
    "return-to-post", "reassign", "measure", "conclude", "close",
]  # fmt: skip

ENTRIES: dict = {
    "recall:batch_list": (None, _expect(STAFF)),
    "recall:batch_create": (None, _expect(HR)),
    "recall:batch_detail": (_pk("recall_batch"), _expect(STAFF)),
    "recall:case_propose": (_pk("recall_batch"), _expect(HR)),
    "recall:batch_export_csv": (_pk("recall_batch"), _expect(STAFF)),
    "recall:batch_export_xlsx": (_pk("recall_batch"), _expect(STAFF)),
    "recall:case_list": (None, _expect(STAFF)),
    "recall:register_export_csv": (None, _expect(STAFF)),
    "recall:register_export_xlsx": (None, _expect(STAFF)),
    "recall:my_cases": (None, _expect(CADRES)),
    "recall:case_detail": (_pk("recall_case"), _expect(SEES_A, HIDDEN_A)),
    "recall:case_order": (_pk("recall_case"), _expect(SEES_A, HIDDEN_A)),
    "recall:card_list": (None, _expect(STAFF)),
    "recall:card_create": (None, _expect(HR)),
    "recall:my_cards": (None, _expect(CADRES)),
    "recall:card_detail": (_pk("recall_card"), _expect(SEES_A, HIDDEN_A)),
    "recall:card_evidence": (_pk("recall_card"), _no_file),
    "recall:competition_list": (None, _expect(STAFF)),
    "recall:competition_create": (None, _expect(HR)),
    "recall:competition_import": (None, _expect(HR)),
    "recall:competition_template": (None, _expect(HR)),
    "recall:policy_list": (None, _expect(STAFF)),
    "recall:policy_create": (None, _expect(HR)),
    "recall:pay_report": (None, _expect(STAFF)),
    "recall:pay_export_csv": (None, _expect(STAFF)),
    "recall:pay_export_xlsx": (None, _expect(STAFF)),
    "recall_api:policy-list": (None, _api(STAFF)),
    "recall_api:policy-detail": (_pk("recall_policy"), _api(STAFF)),
    "recall_api:category-list": (None, _api(STAFF)),
    "recall_api:card-list": (None, _api(READERS)),
    "recall_api:card-detail": (_pk("recall_card"), _api(SEES_A, HIDDEN_A)),
    "recall_api:card-mine": (None, _api(CADRES)),
    "recall_api:card-warnings": (None, _api(STAFF)),
    "recall_api:card-approve": (_pk("recall_card"), _post_only(READERS)),
    "recall_api:card-reject": (_pk("recall_card"), _post_only(READERS)),
    "recall_api:competition-loss-list": (None, _api(STAFF)),
    "recall_api:competition-loss-detail": (_pk("recall_loss"), _api(STAFF_OF_A, {"hr_other"})),
    "recall_api:batch-list": (None, _api(STAFF)),
    "recall_api:batch-detail": (_pk("recall_batch"), _api(STAFF)),
    "recall_api:batch-propose": (_pk("recall_batch"), _post_only(STAFF)),
    "recall_api:batch-close": (_pk("recall_batch"), _post_only(STAFF)),
    "recall_api:case-list": (None, _api(READERS)),
    "recall_api:case-detail": (_pk("recall_case"), _api(SEES_A, HIDDEN_A)),
    "recall_api:case-mine": (None, _api(CADRES)),
    **{f"recall_api:case-{name}": (_pk("recall_case"), _post_only(READERS)) for name in CASE_ACTIONS},
    "recall_api:pay-list": (None, _api(STAFF)),
}


def setup(world) -> None:
    from recall.services.batches import recall_batch_create
    from recall.services.cards import card_record
    from recall.services.cases import recall_case_decide
    from recall.services.competitions import competition_loss_record
    from recall.services.policies import recall_policy_create
    from tests.factories import CadreFactory
    from tests.recall.conftest import make_case, seed_categories

    seed_categories()
    admin = world.users["admin"]
    world.recall_policy = recall_policy_create(
        organization=world.org, actor=admin, effective_from=datetime.date(2018, 5, 1)
    )
    world.recall_batch = world.batch = recall_batch_create(
        organization=world.org, name="2025年第一批召回", year=2024, actor=admin
    )
    world.recall_case = make_case(world)
    recall_case_decide(
        case=world.recall_case, actor=world.users["committee"], recall=True, today=datetime.date(2025, 3, 1)
    )
    zhao = CadreFactory(organization=world.org, unit=world.unit_a1, name="赵六", employee_no="A066")
    world.recall_proposed = make_case(world, zhao)
    # 钱七 of 综合科一组, with no case yet: whom the write matrix proposes by hand
    world.recall_unproposed = CadreFactory(organization=world.org, unit=world.unit_a1, name="钱七", employee_no="A077")
    world.recall_other = make_case(world, world.other_cadre)
    recall_case_decide(
        case=world.recall_other, actor=world.users["committee"], recall=True, today=datetime.date(2025, 3, 2)
    )
    world.recall_card = card_record(
        cadre=world.cadre, color="yellow", issued_on=datetime.date(2025, 4, 1), reason="全程积分考核扣分",
        actor=world.users["hr"],
    )  # fmt: skip
    card_record(
        cadre=world.other_cadre, color="yellow", issued_on=datetime.date(2025, 4, 1), reason="全程积分考核扣分",
        actor=world.users["hr_other"],
    )  # fmt: skip
    world.recall_loss = competition_loss_record(
        cadre=world.cadre, competition="中层竞聘", held_on=datetime.date(2025, 8, 1), actor=world.users["hr"]
    )
    competition_loss_record(
        cadre=world.other_cadre,
        competition="中层竞聘",
        held_on=datetime.date(2025, 8, 1),
        actor=world.users["hr_other"],
    )
