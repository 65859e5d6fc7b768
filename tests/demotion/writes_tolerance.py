"""Write-matrix entries for error tolerance (容错免责) and correction (纠错), merged into tests/test_write_matrix.py
(which defines Case and api and passes them in, so that this module need not import it).

The cases aim at 张三's side (tests/demotion/matrix_tolerance.py sets up his request awaiting the committee and
another approved deduction of his); 城关所's HR is out of scope.
"""

import datetime

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
RECORDERS_OF_A = HR_OF_A | {"committee"}
COMMITTEE = frozenset({"committee"})

READ_ONLY: set = {
    "demotion:tolerance_list",
    "demotion:tolerance_disclosure",
    "demotion_api:tolerance-detail",
    "demotion_api:tolerance-disclosure",
}


def _approve(w) -> None:
    from demotion.services.tolerance import tolerance_decide

    tolerance_decide(
        case=w.tolerance_case,
        approve=True,
        public_interest=True,
        diligent=True,
        no_private_gain=True,
        reason="党组会议认定符合容错情形",
        actor=w.users["committee"],
    )


def _case(w) -> dict:
    return {"pk": w.tolerance_case.pk}


def _request_form(w, persona) -> dict:
    """张三's free deduction, named by 工号 as HR does (a cadre's own form ignores the 工号)."""
    return {
        "cadre": w.cadre.employee_no,
        "option": f"deduction:{w.tolerance_free_entry.pk}",
        "event": "先行先试推进改革,程序衔接出现疏漏",
        "reason": "出于公心,勤勉尽责,不谋私利",
    }


def _decision_form(w, persona) -> dict:
    return {
        "form": "decide",
        "decision": "approve",
        "public_interest": "yes",
        "diligent": "yes",
        "no_private_gain": "yes",
        "reason": "党组会议认定符合容错情形",
        "confirmed": "1",
    }


def _step_form(w, persona) -> dict:
    return {"form": "step", "step": "1", "done_on": datetime.date.today().isoformat(), "note": "党组会议决定启动纠错"}


def writes(Case, api) -> dict:
    return {
        "demotion:tolerance_create": [
            Case(
                "request an exemption of 张三's deduction",
                data=_request_form,
                writers=HR_OF_A | {"cadre"},
                # A cadre's form is his own whatever it names, and 张三's item is not among 李四's (nor 王五's);
                # 城关所's HR does not find 张三.
                answer={"other_cadre": 200, "pingyi": 200, "hr_other": 200},
            )
        ],
        "demotion:tolerance_detail": [
            Case("the committee approves 张三's request", kwargs=_case, data=_decision_form, writers=COMMITTEE),
            Case(
                "record 启动纠错 of 张三's correction",
                kwargs=_case,
                data=_step_form,
                prepare=_approve,
                writers=RECORDERS_OF_A,
                hidden=frozenset({"hr_other"}),
            ),
        ],
        "demotion_api:tolerance-list": [
            api(
                "request an exemption of 张三's deduction",
                data=lambda w, p: {
                    "cadre": w.cadre.pk,
                    "target": "deduction",
                    "entry": w.tolerance_free_entry.pk,
                    "event": "先行先试推进改革,程序衔接出现疏漏",
                    "reason": "出于公心,勤勉尽责,不谋私利",
                },
                writers=HR_OF_A | {"cadre"},
                # 张三 is not among the cadres they may name.
                answer={"hr_other": 400, "other_cadre": 400, "pingyi": 400},
            )
        ],
        "demotion_api:tolerance-decide": [
            api(
                "the committee approves 张三's request",
                kwargs=_case,
                data=lambda w, p: {
                    "approve": True,
                    "public_interest": True,
                    "diligent": True,
                    "no_private_gain": True,
                    "reason": "党组会议认定符合容错情形",
                },
                writers=COMMITTEE,
            )
        ],
        "demotion_api:tolerance-correction-steps": [
            api(
                "record 启动纠错 of 张三's correction",
                kwargs=_case,
                data=lambda w, p: {"step": 1, "done_on": datetime.date.today().isoformat(), "note": "启动纠错"},
                prepare=_approve,
                writers=RECORDERS_OF_A,
                hidden=frozenset({"hr_other"}),
            )
        ],
    }
