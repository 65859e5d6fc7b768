"""Write-matrix entries for the democratic evaluation, merged into tests/test_write_matrix.py (which passes Case and
api in). The world is tests/ballots/matrix.py's: evaluations of 综合科, which HR of 城关所 does not find (404, or the
form again / 400 where the unit is named in the body); the committee reads but does not run them.

The vote itself is everyone's, signed in or not: a rater has a code, not an account."""

import datetime

from django.utils import timezone

from ballots.models import Evaluation
from tests.ballots.conftest import issue
from tests.conftest import ADMINISTRATORS

HR_OF_A = frozenset({"admin", "hr", "hr_all"})
STAFF_OF_A = HR_OF_A | {"committee"}
HIDDEN = frozenset({"hr_other"})
EVERYONE = frozenset({"anonymous", "admin", "hr", "hr_all", "hr_other", "committee", "rater", "cadre", "other_cadre",
                      "norole", "pingyi"}) | set(ADMINISTRATORS)  # fmt: skip

READ_ONLY: set = {
    "ballots:evaluation_list",
    "ballots:evaluation_detail",
    "ballots:results",
    "ballots:vote",
    "ballots_api:evaluation-detail",
    "ballots_api:evaluation-turnout",
    "ballots_api:evaluation-results",
}


def _pk(name):
    return lambda w: {"pk": getattr(w, name).evaluation.pk}


def _when(days: int) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _setup_form(w, persona, *, unit=True) -> dict:
    data = {
        "title": "新测评",
        "year": "2025",
        "subject_kind": "cadre",
        "subject_numbers": "A001",
        "opens_at": _when(0),
        "closes_at": _when(5),
        "min_ballots": "5",
        "items-0-text": "总体评价",
        "items-0-scale": "grade4",
        "categories-0-name": "职工代表",
        "categories-0-weight": "100",
        **{f"points-{k}": str(v) for k, v in {"excellent": 100, "competent": 80, "basic": 60, "incompetent": 40,
                                               "good": 100, "fairly_good": 80, "average": 60, "poor": 40}.items()},
    }  # fmt: skip
    for row in range(1, 8):
        data[f"items-{row}-scale"] = "grade4"
    if unit:
        data["unit"] = str(w.unit_a.pk)
    return data


def _closing_time_passed(w) -> None:
    Evaluation.objects.filter(pk=w.ballots_open.evaluation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def _issue(w, persona) -> dict:
    made = w.ballots_open
    return {"unit": w.unit_a.pk, "category": made.categories["中层干部"].pk, "size": 3, "file_format": "pdf"}


def _vote(w, persona) -> dict:
    made = w.ballots_public
    data = {"code": w.ballots_public_code}
    for subject in made.subjects.values():
        for item in made.items:
            data[f"a-{subject.pk}-{item.pk}"] = "competent"
    return data


def _public_code(w) -> None:
    w.ballots_public_code = issue(w.ballots_public, w, unit=w.unit_a, actor=w.users["hr_all"], size=1)[0]


def writes(Case, api) -> dict:
    batch = lambda w: {"pk": w.ballots_open.evaluation.batches.first().pk}  # noqa: E731
    return {
        "ballots:evaluation_create": [
            Case("an evaluation of 张三", data=_setup_form, writers=HR_OF_A, answer={"hr_other": 200})
        ],
        "ballots:evaluation_edit": [
            Case(
                "rename the draft",
                kwargs=_pk("ballots_draft"),
                data=lambda w, p: _setup_form(w, p, unit=False),
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots:evaluation_publish": [
            Case("publish the draft", kwargs=_pk("ballots_draft"), writers=HR_OF_A, hidden=HIDDEN)
        ],
        "ballots:evaluation_reschedule": [
            Case(
                "a later closing time",
                kwargs=_pk("ballots_open"),
                data=lambda w, p: {"closes_at": _when(10), "reason": "等待外出人员返回"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots:evaluation_close": [
            Case(
                "close after the closing time",
                kwargs=_pk("ballots_open"),
                prepare=_closing_time_passed,
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots:codes_issue": [
            Case("three codes for 中层干部", kwargs=_pk("ballots_open"), data=_issue, writers=HR_OF_A, hidden=HIDDEN)
        ],
        "ballots:code_void": [
            Case(
                "void a lost slip",
                kwargs=_pk("ballots_open"),
                data=lambda w, p: {"batch_number": 1, "serial": 4, "reason": "遗失"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots:batch_void": [
            Case("void a sheet", kwargs=batch, data=lambda w, p: {"reason": "未发出"}, writers=HR_OF_A, hidden=HIDDEN)
        ],
        "ballots:results_sheet": [
            Case(
                "print the result sheet", method="get", kwargs=_pk("ballots_closed"), writers=STAFF_OF_A, hidden=HIDDEN
            )
        ],
        "ballots:results_export": [
            Case("download the results", method="get", kwargs=_pk("ballots_closed"), writers=STAFF_OF_A, hidden=HIDDEN)
        ],
        "ballots:score_export": [
            Case("download the scores", method="get", kwargs=_pk("ballots_closed"), writers=STAFF_OF_A, hidden=HIDDEN)
        ],
        "ballots:vote_submit": [
            Case(
                "a ballot with a good code",
                kwargs=lambda w: {"key": w.ballots_public.evaluation.public_key},
                prepare=_public_code,
                data=_vote,
                writers=EVERYONE,
                answer={"anonymous": "writes"},
            )
        ],
        "ballots_api:evaluation-list": [
            api(
                "an evaluation of 张三",
                data=lambda w, p: {
                    "unit": w.unit_a.pk,
                    "title": "新测评",
                    "year": 2025,
                    "subject_employee_nos": ["A001"],
                    "opens_at": timezone.now().isoformat(),
                    "closes_at": (timezone.now() + datetime.timedelta(days=5)).isoformat(),
                    "items": [{"text": "总体评价", "scale": "grade4"}],
                    "categories": [{"name": "职工代表", "weight": "100"}],
                },
                writers=HR_OF_A,
                answer={"hr_other": 400},
            )
        ],
        "ballots_api:evaluation-publish": [
            api("publish the draft", kwargs=_pk("ballots_draft"), writers=HR_OF_A, hidden=HIDDEN)
        ],
        "ballots_api:evaluation-reschedule": [
            api(
                "a later closing time",
                kwargs=_pk("ballots_open"),
                data=lambda w, p: {
                    "closes_at": (timezone.now() + datetime.timedelta(days=10)).isoformat(),
                    "reason": "等待外出人员返回",
                },
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots_api:evaluation-close": [
            api(
                "close after the closing time",
                kwargs=_pk("ballots_open"),
                prepare=_closing_time_passed,
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots_api:evaluation-codes": [
            api("three codes for 中层干部", kwargs=_pk("ballots_open"), data=_issue, writers=HR_OF_A, hidden=HIDDEN)
        ],
        "ballots_api:evaluation-void": [
            api(
                "void a lost slip",
                kwargs=_pk("ballots_open"),
                data=lambda w, p: {"batch_number": 1, "serial": 4, "reason": "遗失"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
        "ballots_api:evaluation-void-batch": [
            api(
                "void a sheet",
                kwargs=_pk("ballots_open"),
                data=lambda w, p: {"batch_number": 1, "reason": "未发出"},
                writers=HR_OF_A,
                hidden=HIDDEN,
            )
        ],
    }
