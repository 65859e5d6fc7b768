"""Write-matrix entries for the step-down cases, merged into tests/test_write_matrix.py (which defines Case and api
and passes them in, so that this module need not import it).

The target is 张三's case (tests/demotion/matrix_cases.py): he applies online, HR over him records a paper
application, the party committee approves or rejects, HR carries out the assignment. 城关所's HR, 李四 and 王五 (a
cadre too) do not find it.
"""

from django.utils import timezone

from demotion.models import StepDownCase

READ_ONLY: set = {
    "demotion:case_list",
    "demotion:my_cases",
    "demotion_api:stepdown-case-list",
    "demotion_api:stepdown-case-mine",
    "demotion_api:stepdown-case-detail",
}

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
HIDDEN = frozenset({"hr_other", "other_cadre", "pingyi"})
COMMITTEE = frozenset({"committee"})


def _case(w) -> dict:
    return {"pk": w.stepdown_case.pk}


def _today() -> str:
    return timezone.localdate().isoformat()


def _apply_data(api: bool):
    def data(w, persona):
        if persona in HR_OF_A or persona == "hr_other":
            body = {"text": "书面申请", "applied_on": _today()}
            return {**body, "paper": True} if api else {**body, "action": "paper"}
        body = {"text": "本人主动辞去现任中层职务,保留职级,服从局党组安排适当工作。"}
        return body if api else {**body, "action": "apply"}

    return data


def _applied(w) -> None:
    from demotion.services.cases import stepdown_case_apply

    case = StepDownCase.objects.get(pk=w.stepdown_case.pk)
    stepdown_case_apply(case=case, actor=w.users["cadre"], text="本人主动辞去现任中层职务。")


def _approved(w) -> None:
    from demotion.services.cases import stepdown_case_approve

    _applied(w)
    case = StepDownCase.objects.get(pk=w.stepdown_case.pk)
    stepdown_case_approve(case=case, actor=w.users["committee"], step_down_on=timezone.localdate())


def _escalated(w) -> None:
    """张三 let the deadline pass: his case went to organizational adjustment yesterday."""
    import datetime

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    StepDownCase.objects.filter(pk=w.stepdown_case.pk).update(state="escalated", deadline=yesterday)


def _with_action(action: str, body: dict, api: bool):
    return (lambda w, p: body) if api else (lambda w, p: {**body, "action": action})


APPROVE = {"reason": "经局党组会议研究,准予主动让贤。", "new_assignment": "安排到办公室工作"}
REJECT = {"reason": "其申诉已获支持,不予准予。"}
EXECUTE = {"new_assignment": "安排到办公室从事综合文字工作"}


def writes(Case, api) -> dict:
    def approve_body():
        return {**APPROVE, "step_down_on": _today()}

    def adjust_body():
        return {
            "kind": "removed",
            "reason": "经党组会议研究,决定免职。",
            "decided_on": _today(),
            "effective_from": _today(),
        }

    def execute_body():
        return {**EXECUTE, "executed_on": _today()}

    page = {
        "apply": {"data": _apply_data(False), "writers": HR_OF_A | {"cadre"}, "hidden": HIDDEN},
        "approve": {"prepare": _applied, "writers": COMMITTEE, "hidden": HIDDEN},
        "reject": {"prepare": _applied, "writers": COMMITTEE, "hidden": HIDDEN},
        "execute": {"prepare": _approved, "writers": HR_OF_A, "hidden": HIDDEN},
        "adjust": {"prepare": _escalated, "writers": COMMITTEE, "hidden": HIDDEN},
    }
    return {
        "demotion:case_detail": [
            Case("张三 applies, or HR records his paper application", kwargs=_case, **page["apply"]),
            Case(
                "the party group approves 张三's application",
                kwargs=_case,
                data=lambda w, p: {**approve_body(), "action": "approve", "confirmed": "1"},
                **page["approve"],
            ),
            Case(
                "the party group settles 张三's escalated case with 免职",
                kwargs=_case,
                data=lambda w, p: {**adjust_body(), "action": "adjust", "confirmed": "1"},
                **page["adjust"],
            ),
            Case(
                "the party group rejects it", kwargs=_case, data=_with_action("reject", REJECT, False), **page["reject"]
            ),
            Case(
                "HR carries out the new assignment",
                kwargs=_case,
                data=lambda w, p: {**execute_body(), "action": "execute"},
                **page["execute"],
            ),
        ],
        "demotion_api:stepdown-case-apply": [
            api(
                "张三 applies, or HR records his paper application",
                kwargs=_case,
                data=_apply_data(True),
                writers=HR_OF_A | {"cadre"},
                hidden=HIDDEN,
            )
        ],
        # Deciding is the committee's role; anyone else is refused before the case is looked up.
        "demotion_api:stepdown-case-approve": [
            api("approve", kwargs=_case, prepare=_applied, data=lambda w, p: approve_body(), writers=COMMITTEE)
        ],
        "demotion_api:stepdown-case-reject": [
            api("reject", kwargs=_case, prepare=_applied, data=lambda w, p: REJECT, writers=COMMITTEE)
        ],
        "demotion_api:stepdown-case-execute": [
            api(
                "execute",
                kwargs=_case,
                prepare=_approved,
                data=lambda w, p: execute_body(),
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
            )
        ],
    }
