"""Write-matrix entries for the tenure pages and endpoints (merged into tests/test_write_matrix.py, which passes Case
and api in). The world is tests/tenure/matrix_tenure.py's: 钱七 (综合科一组主任) with his term, a proposed goal, the
open 2025 round with the committee on its team, and a planned audit of him. 李四's term as 城关所所长 ends on
31 December 2026: the committee may decide its placement.

Organization-wide work — a policy version, a round and its team, ranking, the 民意测评 — is the admin's and
organization-wide HR's (hr_all); HR of one subtree acts within it (goals, audits); the committee approves, chooses,
confirms and places; the round's team scores."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tenure.models import Term
from tenure.services import audits, evaluations, goals

ORG_HR = frozenset({"admin", "hr_all"})
HR_OF_A = frozenset({"admin", "hr", "hr_all"})
COMMITTEE = frozenset({"committee"})
NOT_OF_A = frozenset({"hr_other", "other_cadre", "pingyi"})  # pingyi (王五) is a cadre of the root unit
D = datetime.date

READ_ONLY: set = {
    "tenure:term_list", "tenure:placements", "tenure:level_caps", "tenure:mine", "tenure:goal_list",
    "tenure:goal_public", "tenure:goal_template", "tenure:round_list", "tenure:evaluation_print",
    "tenure:evaluation_pdf", "tenure:audit_list", "tenure:terms_export_csv", "tenure:terms_export_xlsx",
    "tenure:round_export_csv", "tenure:round_export_xlsx", "tenure:audits_export_csv", "tenure:audits_export_xlsx",
    "tenure_api:policy-detail", "tenure_api:policy-current", "tenure_api:term-list", "tenure_api:term-detail",
    "tenure_api:term-mine", "tenure_api:term-level-caps", "tenure_api:goal-public", "tenure_api:round-detail",
    "tenure_api:evaluation-list", "tenure_api:evaluation-detail", "tenure_api:evaluation-mine",
    "tenure_api:audit-detail",
}  # fmt: skip


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _li_si_term(w):
    return {"pk": Term.objects.filter(cadre=w.other_cadre, post=w.post_b).order_by("seq").first().pk}


def _policy_form(w, persona):
    return {
        "organization": w.org.pk,
        "effective_from": "2026-01-01",
        "basis": "局党组会议纪要",
        "term_years": "5",
        "start_rule": "june_30",
        "partial_rule": "years",
        "partial_years": "3",
        "reminder_months": "6,3,1",
        "ladder_years": "5,8,10",
        "audit_holds": "on",
        "goals_public": "on",
        "performance_weight": "70",
        "democratic_weight": "30",
        "basic_below": "70",
        "incompetent_below": "60",
        "excellent_quota": "0.200",
        "retirement_service_years": "30",
        "regime_principal": "term",
        "regime_deputy": "contract",
        "cap_post_terms_limit": "2",
        "cap_post_terms_blocks": "on",
        "cap_level_years_limit": "15",
        "reason": "修订",
    }


def _policy_api(w, persona):
    return {
        "organization": w.org.pk,
        "effective_from": "2026-01-01",
        "term_years": 5,
        "start_rule": "june_30",
        "partial_rule": "half",
        "partial_years": 3,
        "reminder_months": "6,3,1",
        "ladder_years": "5,8,10",
        "performance_weight": "70",
        "democratic_weight": "30",
        "basic_below": "70",
        "incompetent_below": "60",
        "excellent_quota": "0.200",
        "retirement_service_years": 30,
        "post_kinds": {"principal": "term", "deputy": "contract"},
        "caps": [{"scope": "post", "measure": "terms", "limit": 2, "consecutive": True, "blocks": True}],
    }


GOAL = {"responsibility": "shared", "scope": "annual", "year": "2026", "area": "duties", "kind": "quantified",
        "title": "快检实验室建设", "target": "1", "measure_unit": "个", "weight": "10"}  # fmt: skip


def _goal_form(w, persona):
    return GOAL | {"unit": w.unit_a1.pk}


def _goal_csv():
    return "\ufeff单位,责任类型,目标类型,年度,目标领域,目标名称,指标类型,目标值\n综合科一组,共同责任,年度目标,2026,工作职能和职责,抽检,量化指标,100\n".encode()


def _upload(url_name, content, extra=None, api=False):
    def send(client, w, persona):
        url = reverse(url_name, kwargs=extra(w) if extra else None)
        data = {"file": SimpleUploadedFile("导入.csv", content(w)), "organization": w.org.pk}
        return client.post(url, data, format="multipart") if api else client.post(url, data)

    return send


def _democratic_csv(w):
    return f"\ufeff工号,姓名,民意测评得分\n{w.tenure_cadre.employee_no},{w.tenure_cadre.name},88\n".encode()


def _reviewed(w):
    goals.goal_review(goal=w.tenure_goal, actor=w.users["admin"])


def _approved(w):
    _reviewed(w)
    goals.goal_approve(goal=w.tenure_goal, actor=w.users["committee"])


def _ranked(w):
    evaluations.evaluation_round_rank(round_=w.tenure_round, actor=w.users["admin"])


def _score_form(w, persona):
    pk = w.tenure_goal.pk
    return {"action": "score", "goal": pk, f"g{pk}-score": "90", f"g{pk}-actual": "完成"}


def _audit_to(*steps):
    """Bring 钱七's audit through the steps (notice served in March 2026, draft sent in April)."""

    def prepare(w):
        a, hr = w.tenure_audit, w.users["admin"]
        for step in steps:
            if step == "notify":
                audits.audit_notify(
                    audit=a, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
                )
            elif step == "fieldwork":
                audits.audit_fieldwork_start(audit=a, actor=hr, on=D(2026, 3, 5))
            elif step == "draft":
                audits.audit_draft_send(audit=a, actor=hr, sent_on=D(2026, 4, 1))
            elif step == "report":
                rating = steps[-1]
                findings = "" if rating == "none" else "问题"
                audits.audit_report(
                    audit=a, actor=hr, reported_on=D(2026, 4, 20), report_no="", rating=rating, findings=findings
                )
        return a

    return prepare


def writes(Case, api) -> dict:
    step_payloads = {
        "notify": ((), {"notice_no": "审通1号", "served_on": "2026-03-02", "fieldwork_from": "2026-03-05"}),
        "fieldwork": (("notify",), {"on": "2026-03-05"}),
        "draft": (("notify", "fieldwork"), {"sent_on": "2026-04-01"}),
        "report": (("notify", "fieldwork", "draft"), {"reported_on": "2026-04-20", "rating": "minor", "findings": "问题"}),
        "rectify": (("notify", "fieldwork", "draft", "report", "minor"), {"due": "2026-12-31"}),
        "close": (("notify", "fieldwork", "draft", "report", "none"), {"closed_on": "2026-04-21"}),
        "cancel": ((), {"reason": "不再审计"}),
    }  # fmt: skip
    cases = {
        "tenure:policy": [Case("a new policy version", data=_policy_form, writers=ORG_HR)],
        "tenure:term_detail": [
            Case(
                "the committee places 李四 at his term's end",
                kwargs=_li_si_term,
                data=lambda w, p: {
                    "outcome": "waiting",
                    "effective_on": "2027-01-01",
                    "document_no": "党组〔2026〕9号",
                    "document_date": "2026-11-20",
                },  # fmt: skip
                writers=COMMITTEE,
                hidden=frozenset({"hr", "cadre", "pingyi"}),
            )
        ],
        "tenure:goal_new": [
            Case(
                "propose a goal of 综合科一组",
                data=_goal_form,
                writers=HR_OF_A,
                # offered only their own units, the form comes back with the unit refused
                answer={"hr_other": 200, "other_cadre": 200},
            )
        ],
        "tenure:goal_edit": [
            Case("resubmit the goal", kwargs=_pk("tenure_goal"), data=_goal_form, writers=HR_OF_A, hidden=NOT_OF_A)
        ],
        "tenure:goal_detail": [
            Case(
                "HR reviews the goal",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: {"action": "review", "review-note": "同意"},
                writers=HR_OF_A,
                hidden=NOT_OF_A,
            ),
            Case(
                "the committee approves it",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: {"action": "approve", "approve-note": "通过"},
                writers=COMMITTEE,
                hidden=NOT_OF_A,
                prepare=_reviewed,
            ),
        ],
        "tenure:goal_import": [
            Case(
                "import a goal of 综合科一组",
                send=_upload("tenure:goal_import", lambda w: _goal_csv()),
                across=True,  # the upload names the organization
                writers=HR_OF_A,
                answer={"hr_other": 200},  # the row's unit is outside its units: listed, nothing written
            )
        ],
        "tenure:round_new": [
            Case(
                "open the 2024 round",
                data=lambda w, p: {"organization": w.org.pk, "year": "2024", "stage": "annual"},
                writers=ORG_HR,
            )
        ],
        "tenure:round_detail": [
            Case("rank the round", kwargs=_pk("tenure_round"), data=lambda w, p: {"action": "rank"}, writers=ORG_HR),
            Case(
                "the committee tries to confirm an unranked round",
                kwargs=_pk("tenure_round"),
                data=lambda w, p: {"action": "close"},
                admitted=COMMITTEE,
            ),
        ],
        "tenure:round_team": [
            Case(
                "name the team",
                kwargs=_pk("tenure_round"),
                data=lambda w, p: {"members": [w.users["committee"].pk, w.users["hr"].pk]},
                writers=ORG_HR,
            )
        ],
        "tenure:round_democratic": [
            Case(
                "import the 民意测评",
                send=_upload("tenure:round_democratic", _democratic_csv, _pk("tenure_round")),
                across=True,  # the upload names the organization
                writers=ORG_HR,
            )
        ],
        "tenure:evaluation_detail": [
            Case(
                "the team scores a goal",
                kwargs=_pk("tenure_evaluation"),
                data=_score_form,
                writers=COMMITTEE,
                hidden=NOT_OF_A | {"cadre"},
                prepare=_approved,
            ),
            Case(
                "the team writes the comment",
                kwargs=_pk("tenure_evaluation"),
                data=lambda w, p: {"action": "comment", "comment": "实绩突出"},
                writers=COMMITTEE,
                hidden=NOT_OF_A | {"cadre"},
            ),
        ],
        "tenure:audit_new": [
            Case(
                "plan an audit of 钱七",
                data=lambda w, p: {
                    "cadre": w.tenure_cadre.pk,
                    "kind": "departure",
                    "period_from": "2024-03-01",
                    "period_to": "2026-06-30",
                },  # fmt: skip
                writers=HR_OF_A,
                answer={"hr_other": 200},  # 钱七 is not offered: the form comes back
            )
        ],
        "tenure:audit_detail": [
            Case(
                "serve the notice",
                kwargs=_pk("tenure_audit"),
                data=lambda w, p: {
                    "action": "notify",
                    "notify-notice_no": "审通1号",
                    "notify-served_on": "2026-03-02",
                    "notify-fieldwork_from": "2026-03-05",
                },  # fmt: skip
                writers=HR_OF_A,
                hidden=NOT_OF_A | {"cadre"},
            ),
            Case(
                "record the written reply",
                kwargs=_pk("tenure_audit"),
                data=lambda w, p: {"action": "reply", "reply-text": "无异议", "reply-replied_on": "2026-04-05"},
                writers=HR_OF_A,
                hidden=NOT_OF_A | {"cadre"},
                prepare=_audit_to("notify", "fieldwork", "draft"),
            ),
        ],
        # --- the API ---
        "tenure_api:policy-list": [api("a new policy version", data=_policy_api, writers=ORG_HR)],
        "tenure_api:term-placement": [
            api(
                "the committee places 李四",
                kwargs=_li_si_term,
                data=lambda w, p: {
                    "outcome": "waiting",
                    "effective_on": "2027-01-01",
                    "document_no": "党组〔2026〕9号",
                    "document_date": "2026-11-20",
                },  # fmt: skip
                writers=COMMITTEE,
            )
        ],
        "tenure_api:goal-list": [
            api("propose a goal", data=lambda w, p: GOAL | {"unit": w.unit_a1.pk, "year": 2026}, writers=HR_OF_A)
        ],
        "tenure_api:goal-detail": [
            api(
                "resubmit the goal",
                method="put",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: GOAL | {"unit": w.unit_a1.pk, "year": 2025, "title": "年度抽检(修订)"},
                writers=HR_OF_A,
                hidden=NOT_OF_A,
            )
        ],
        "tenure_api:goal-review": [
            api(
                "HR reviews",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: {},
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
            )
        ],
        "tenure_api:goal-approve": [
            api(
                "the committee approves",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: {},
                writers=COMMITTEE,
                prepare=_reviewed,
            )
        ],
        "tenure_api:goal-return-goal": [
            api(
                "HR returns the goal",
                kwargs=_pk("tenure_goal"),
                data=lambda w, p: {"note": "请细化"},
                writers=HR_OF_A,
                hidden=NOT_OF_A,
            )
        ],
        "tenure_api:goal-import-goals": [
            api(
                "import a goal",
                send=_upload("tenure_api:goal-import-goals", lambda w: _goal_csv(), api=True),
                across=True,  # the upload names the organization
                writers=HR_OF_A,
                answer={"hr_other": 400},  # the row's unit is outside its units: listed by row, nothing written
            )
        ],
        "tenure_api:round-list": [
            api(
                "open the 2024 round",
                data=lambda w, p: {"organization": w.org.pk, "year": 2024, "stage": "annual"},
                writers=ORG_HR,
            )
        ],
        "tenure_api:round-rows": [
            api("add new rows", kwargs=_pk("tenure_round"), data=lambda w, p: {}, admitted=ORG_HR)
        ],
        "tenure_api:round-team": [
            api(
                "name the team",
                kwargs=_pk("tenure_round"),
                data=lambda w, p: {"members": [w.users["committee"].pk, w.users["hr"].pk]},
                writers=ORG_HR,
            )
        ],
        "tenure_api:round-democratic": [
            api(
                "import the 民意测评",
                send=_upload("tenure_api:round-democratic", _democratic_csv, _pk("tenure_round"), api=True),
                across=True,  # the upload names the organization
                writers=ORG_HR,
            )
        ],
        "tenure_api:round-rank": [api("rank", kwargs=_pk("tenure_round"), data=lambda w, p: {}, writers=ORG_HR)],
        "tenure_api:round-settle": [
            api(
                "the committee settles (no ties)",
                kwargs=_pk("tenure_round"),
                data=lambda w, p: {"chosen": [], "reason": "党组会议研究"},
                writers=COMMITTEE,
                prepare=_ranked,
            )
        ],
        "tenure_api:round-close": [
            api(
                "the committee tries to confirm an unranked round",
                kwargs=_pk("tenure_round"),
                data=lambda w, p: {},
                answer={"committee": 400},  # refused with the list of what is unresolved
            )
        ],
        "tenure_api:evaluation-attainment": [
            api(
                "the team scores a goal",
                kwargs=_pk("tenure_evaluation"),
                data=lambda w, p: {"goal": w.tenure_goal.pk, "score": "90"},
                writers=COMMITTEE,
                prepare=_approved,
            )
        ],
        "tenure_api:evaluation-comment": [
            api(
                "the team's comment",
                kwargs=_pk("tenure_evaluation"),
                data=lambda w, p: {"comment": "好"},
                writers=COMMITTEE,
            )
        ],
        "tenure_api:audit-list": [
            api(
                "plan an audit of 钱七",
                data=lambda w, p: {
                    "cadre": w.tenure_cadre.pk,
                    "kind": "departure",
                    "period_from": "2024-03-01",
                    "period_to": "2026-06-30",
                },  # fmt: skip
                writers=HR_OF_A,
                answer={"hr_other": 400},  # 钱七 is not among its cadres: "not found", field by field
            )
        ],
        "tenure_api:audit-reply": [
            api(
                "record the written reply",
                kwargs=_pk("tenure_audit"),
                data=lambda w, p: {"text": "无异议", "replied_on": "2026-04-05"},
                writers=HR_OF_A,
                hidden=NOT_OF_A | {"cadre"},
                prepare=_audit_to("notify", "fieldwork", "draft"),
            )
        ],
    }
    for step, (before, payload) in step_payloads.items():
        cases[f"tenure_api:audit-{step}"] = [
            api(
                f"audit step {step}",
                kwargs=_pk("tenure_audit"),
                data=lambda w, p, payload=payload: payload,
                writers=HR_OF_A,
                hidden=frozenset({"hr_other"}),
                prepare=_audit_to(*before) if before else None,
            )
        ]
    return cases
