"""Write-matrix entries for the recall pages and endpoints, merged into tests/test_write_matrix.py (which defines Case
and api and passes them in).

The targets are set up by tests/recall/matrix_recall.py: 张三's case (ordered), 赵六's (proposed, both of 综合科一组),
张三's pending yellow card. Each `prepare` brings 张三's case through the services to the state the step needs.
HR of 城关所, 李四 and 王五 (a cadre too) do not find them; organization-wide steps (a batch, a policy, proposing from
the data) are the admin's and "hr_all"'s, and HR of a subtree is refused by the service.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

READ_ONLY: set = {
    "recall:batch_list",
    "recall:case_list",
    "recall:my_cases",
    "recall:case_order",
    "recall:card_list",
    "recall:my_cards",
    "recall:card_evidence",
    "recall:competition_list",
    "recall:competition_template",
    "recall:policy_list",
    "recall:pay_report",
    "recall_api:policy-detail",
    "recall_api:category-list",
    "recall_api:card-detail",
    "recall_api:card-mine",
    "recall_api:card-warnings",
    "recall_api:competition-loss-detail",
    "recall_api:batch-detail",
    "recall_api:case-detail",
    "recall_api:case-mine",
    "recall_api:pay-list",
}

D = datetime.date
HR_OF_A = frozenset({"admin", "hr", "hr_all"})
ORG_HR = frozenset({"admin", "hr_all"})
STAFF = frozenset({"admin", "hr", "hr_all", "hr_other", "committee"})
COMMITTEE = frozenset({"committee"})
HIDDEN = frozenset({"hr_other", "other_cadre", "pingyi"})
LATER = D(2026, 12, 31)


def _case(w) -> dict:
    return {"pk": w.recall_case.pk}


def _proposed(w) -> dict:
    return {"pk": w.recall_proposed.pk}


def _card(w) -> dict:
    return {"pk": w.recall_card.pk}


def _batch(w) -> dict:
    return {"pk": w.recall_batch.pk}


def _fresh(w):
    from recall.models import RecallCase

    return RecallCase.objects.select_related("cadre", "cadre__unit", "policy").get(pk=w.recall_case.pk)


def _to(step: str, *, passed: bool = False):
    """Take 张三's (ordered) case on to `step` through the services."""

    def prepare(w):
        from recall.services.outcomes import recall_case_reassign, recall_case_return
        from recall.services.stages import (
            recall_case_evaluate,
            recall_case_start_evaluation,
            recall_case_start_retraining,
            training_record_add,
        )

        hr, case = w.users["hr"], _fresh(w)
        order = ["trained", "retraining", "evaluating", "evaluated", "outcome"]
        target = order.index(step)
        training_record_add(case=case, actor=hr, kind="talk", held_on=D(2025, 3, 5), content="谈心谈话", today=LATER)
        training_record_add(
            case=case, actor=hr, kind="party_education", held_on=D(2025, 3, 8), content="党性教育", today=LATER
        )
        if target >= 1:
            recall_case_start_retraining(case=case, actor=hr, start=D(2025, 3, 15), placement="一线", today=LATER)
        if target >= 2:
            recall_case_start_evaluation(case=case, actor=hr, today=LATER)
        if target >= 3:
            recall_case_evaluate(
                case=case, actor=hr, home_opinion="意见", home_passed=passed, org_opinion="意见", org_passed=passed,
                evaluated_on=D(2025, 6, 16), today=LATER,
            )  # fmt: skip
        if target >= 4:
            if passed:
                recall_case_return(case=case, actor=hr, returned_on=D(2025, 6, 16), today=LATER)
            else:
                recall_case_reassign(case=case, actor=hr, reassigned_on=D(2025, 6, 16), reassignment="档案岗位",
                                     today=LATER)  # fmt: skip

    return prepare


def _announced(w):
    """赵六's proposal decided with a public announcement long over."""
    from recall.models import RecallCase
    from recall.services.cases import recall_case_decide

    case = RecallCase.objects.get(pk=w.recall_proposed.pk)
    recall_case_decide(case=case, actor=w.users["committee"], recall=True, announce=True, today=D(2025, 1, 6))


def _probation_policy(w):
    from recall.models import RecallPolicy

    RecallPolicy.objects.filter(pk=w.recall_policy.pk).update(probation_enabled=True)
    _to("retraining")(w)


def _cadre_body(extra: dict):
    return lambda w, p: {"cadre": w.cadre.pk, **extra}


def _competitions_csv() -> bytes:
    return "工号,姓名,竞聘名称,竞聘日期,竞聘岗位,备注\nA001,张三,机关中层竞聘,2025-08-20,副科长,\n".encode()


def _upload_then_confirm(client, w, persona):
    """The upload's preview job checks the file; a preview that finds a row out of the user's scope offers no
    confirmation: its answer is the answer."""
    from tests.common.import_previews import post_and_follow

    url = reverse("recall:competition_import")
    upload = SimpleUploadedFile("竞聘落聘.csv", _competitions_csv())
    response = post_and_follow(client, url, {"action": "preview", "file": upload})
    token = response.context.get("preview_job") if response.status_code == 200 and response.context else None
    if token is None:
        return response
    return client.post(url, {"action": "confirm", "preview": token})


STEPS = {
    # action: (prepare, page body, api body, api url name)
    "training": (None, {"kind": "talk", "held_on": "2025-03-05", "content": "谈心谈话"}),
    "retraining": (_to("trained"), {"start": "2025-03-15", "placement": "一线执法岗位"}),
    "start_evaluation": (_to("retraining"), {}),
    "evaluate": (
        _to("evaluating"),
        {
            "home_opinion": "良好",
            "home_passed": "1",
            "org_opinion": "合格",
            "org_passed": "1",
            "evaluated_on": "2025-06-16",
        },
    ),  # fmt: skip
    "return": (_to("evaluated", passed=True), {"returned_on": "2025-06-20"}),
    "reassign": (_to("evaluated"), {"reassigned_on": "2025-06-20", "reassignment": "档案岗位"}),
    "measure": (_to("evaluated"), {"kind": "transferred", "decided_on": "2025-06-20", "effective_from": "2025-06-20"}),
    "conclude": (_to("outcome"), {"conclusion": "表现合格", "concluded_on": "2026-06-16"}),
    "close": (_to("outcome", passed=True), {"note": "返岗履职", "closed_on": "2025-07-01"}),
    "probation": (_probation_policy, {"start": "2025-06-16"}),
    "withdraw": (None, {"reason": "申诉成立"}),
}
API_NAMES = {"return": "return-to-post", "start_evaluation": "start-evaluation"}
API_VALUES = {"evaluate": {"home_passed": True, "org_passed": True}}


def writes(Case, api) -> dict:
    page_steps, api_steps = [], {}
    for action, (prepare, body) in STEPS.items():
        writers = HR_OF_A | COMMITTEE if action == "withdraw" else HR_OF_A
        page_steps.append(
            Case(
                f"HR: {action} on 张三's case",
                kwargs=_case,
                prepare=prepare,
                data=lambda w, p, b=body, a=action: {**b, "action": a},
                writers=writers,
                hidden=HIDDEN,
            )
        )
        api_body = {**body, **API_VALUES.get(action, {})}
        api_steps[f"recall_api:case-{API_NAMES.get(action, action)}"] = [
            api(
                action,
                kwargs=_case,
                prepare=prepare,
                data=lambda w, p, b=api_body: b,
                writers=writers,
                # the step's role is checked before the case is looked up: a committee member is refused (403)
                hidden=frozenset({"hr_other"}),
            )
        ]
    decide_page = lambda w, p: {"action": "decide", "decision": "recall", "reason": "经党组研究,予以召回。"}  # noqa: E731
    decide_api = lambda w, p: {"recall": True, "reason": "经党组研究,予以召回。"}  # noqa: E731
    order_body = {"ordered_on": "2025-02-10"}
    return {
        "recall:case_detail": [
            *page_steps,
            Case(
                "the committee decides on 赵六",
                kwargs=_proposed,
                data=decide_page,
                writers=COMMITTEE,
                hidden=HIDDEN | {"cadre"},
            ),
            Case(
                "HR orders after the announcement",
                kwargs=_proposed,
                prepare=_announced,
                data=lambda w, p: {**order_body, "action": "order"},
                writers=HR_OF_A,
                hidden=HIDDEN | {"cadre"},
            ),
        ],
        **api_steps,
        "recall_api:case-decide": [api("decide", kwargs=_proposed, data=decide_api, writers=COMMITTEE)],
        "recall_api:case-order": [
            api(
                "order",
                kwargs=_proposed,
                prepare=_announced,
                data=lambda w, p: order_body,
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
            )  # fmt: skip
        ],
        "recall_api:case-list": [
            api(
                "propose 钱七 by hand",
                data=lambda w, p: _propose_body(w, api=True),
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "recall:case_propose": [
            Case(
                "propose 钱七 by hand",
                kwargs=_batch,
                data=lambda w, p: _propose_body(w, api=False),
                writers=HR_OF_A,
                answer={"hr_other": 200},
            )
        ],
        "recall:card_create": [
            Case(
                "a yellow card for 张三",
                data=lambda w, p: {"cadre": "A001", **CARD},
                writers=HR_OF_A,
                answer={"hr_other": 200},
            )
        ],
        "recall_api:card-list": [
            api("a yellow card for 张三", data=_cadre_body(CARD), writers=HR_OF_A, answer={"hr_other": 400})
        ],
        "recall:card_detail": [
            Case(
                "approve",
                kwargs=_card,
                data=lambda w, p: {"action": "approve", "reason": ""},
                writers=COMMITTEE,
                hidden=HIDDEN,
            ),
            Case(
                "reject",
                kwargs=_card,
                data=lambda w, p: {"action": "reject", "reason": "扣分已撤销"},
                writers=COMMITTEE,
                hidden=HIDDEN,
            ),
        ],  # fmt: skip
        "recall_api:card-approve": [api("approve", kwargs=_card, data=lambda w, p: {}, writers=COMMITTEE)],
        "recall_api:card-reject": [
            api("reject", kwargs=_card, data=lambda w, p: {"reason": "扣分已撤销"}, writers=COMMITTEE)
        ],
        "recall:competition_create": [
            Case("张三's loss", data=lambda w, p: {"cadre": "A001", **LOSS}, writers=HR_OF_A, answer={"hr_other": 200})
        ],
        "recall_api:competition-loss-list": [
            api("张三's loss", data=_cadre_body(LOSS), writers=HR_OF_A, answer={"hr_other": 400})
        ],
        "recall:competition_import": [
            Case("import 张三's loss", send=_upload_then_confirm, writers=HR_OF_A, answer={"hr_other": 200})
        ],
        "recall:batch_create": [
            Case(
                "a second batch",
                # (the superuser, who sees more than one organization, names the batch's)
                data=lambda w, p: {**BATCH, "organization": w.org.pk},
                writers=ORG_HR,
                answer={"hr": 200, "hr_other": 200},
            )
        ],
        "recall_api:batch-list": [
            api(
                "a second batch",
                data=lambda w, p: {**BATCH, "organization": w.org.pk},
                writers=ORG_HR,
                answer={"hr": 400, "hr_other": 400},
            )
        ],
        "recall:batch_detail": [
            Case(
                "propose from the data",
                kwargs=_batch,
                data=lambda w, p: {"action": "propose"},
                writers=ORG_HR,
                answer={"hr": 400, "hr_other": 400, "committee": 400},
            ),
            Case(
                "close the nominations",
                kwargs=_batch,
                prepare=_announced,
                data=lambda w, p: {"action": "close"},
                writers=ORG_HR,
                answer={"hr": 400, "hr_other": 400, "committee": 400},
            ),
        ],
        "recall_api:batch-propose": [
            api("propose from the data", kwargs=_batch, writers=ORG_HR, answer={"hr": 400, "hr_other": 400})
        ],
        "recall_api:batch-close": [
            api("close", kwargs=_batch, prepare=_announced, writers=ORG_HR, answer={"hr": 400, "hr_other": 400})
        ],
        "recall:policy_create": [
            Case("a new version", data=lambda w, p: _policy_body(), writers=ORG_HR, answer={"hr": 200, "hr_other": 200})
        ],
        "recall_api:policy-list": [
            api(
                "a new version",
                data=lambda w, p: {"organization": w.org.pk, "effective_from": "2025-01-01", "retraining_months": 2},
                writers=ORG_HR,
                answer={"hr": 400, "hr_other": 400},
            )
        ],
        # Downloads are reads that write: each is recorded in the audit log.
        **{
            f"recall:{name}": [Case(f"download {name}", method="get", kwargs=kwargs, writers=STAFF)]
            for name, kwargs in (
                ("batch_export_csv", _batch),
                ("batch_export_xlsx", _batch),
                ("register_export_csv", None),
                ("register_export_xlsx", None),
                ("pay_export_csv", None),
                ("pay_export_xlsx", None),
            )
        },
    }


CARD = {"color": "yellow", "source": "points", "issued_on": "2025-05-01", "reason": "全程积分考核扣分"}
LOSS = {"competition": "机关中层竞聘", "held_on": "2025-08-20", "post_sought": "副科长"}
BATCH = {"name": "2025年第二批召回", "year": "2024", "note": ""}


def _propose_body(w, *, api: bool) -> dict:
    from recall.models import RecallCategory

    category = RecallCategory.objects.get(organization__isnull=True, code="inaction")
    body = {"category": category.pk, "basis_date": "2025-02-01", "basis": "日常监督发现不作为"}
    if api:
        return {
            **body,
            "batch": w.recall_batch.pk,
            "cadre": w.recall_unproposed.pk,
            "evidence_sources": ["supervision"],
        }
    return {**body, "cadre": "A077", "evidence_sources": ["supervision"]}


def _policy_body() -> dict:
    """What the page submits for a new version from 2025 with two months of retraining (probation left unchecked)."""
    from recall.models import RecallPolicy
    from recall.services.policies import SETTINGS

    body = {name: RecallPolicy._meta.get_field(name).default for name in SETTINGS if name != "probation_enabled"}
    body.update({"effective_from": "2025-01-01", "retraining_months": "2", "note": "修订"})
    return {name: "" if value is None else str(value) for name, value in body.items()}
