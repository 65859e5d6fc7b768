"""The actions of a recall case's page, one table: who may use each, in which state the page offers its form, the form,
and the service it calls. The services check everything again (who, when, which state); a form the page does not
offer any more is still sent to its service, so that the refusal says why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.selectors import post_list, unit_list
from recall.forms import cases as f
from recall.models import RecallCase
from recall.rules import is_committee_of, is_hr_of, is_own
from recall.services import cases as case_services
from recall.services import outcomes, stages

S = RecallCase.State


def _hr(user, case) -> bool:
    return is_hr_of(user, case.cadre)


def _committee(user, case) -> bool:
    return is_committee_of(user, case.cadre) and not is_own(user, case.cadre)


def _staff(user, case) -> bool:
    return _hr(user, case) or _committee(user, case)


def _posts(request, case):
    return (
        post_list(user=request.user).filter(unit__organization_id=case.organization_id).order_by("unit__path", "name")
    )


def _units(request, case):
    return unit_list(user=request.user).filter(organization_id=case.organization_id).order_by("path")


@dataclass(frozen=True)
class Action:
    allowed: Callable  # (user, case) -> bool
    offered: Callable  # (case) -> bool: the page shows the form in this state
    form: Callable  # (request, case, data) -> Form
    run: Callable  # (case, user, cleaned data) -> object
    done: str


def _decide(case, user, data):
    decision = data["decision"]
    return case_services.recall_case_decide(
        case=case, actor=user, recall=decision != "decline", announce=decision == "announce", reason=data["reason"]
    )


ACTIONS: dict[str, Action] = {
    "decide": Action(
        _committee,
        lambda c: c.state == S.PROPOSED and c.decided_at is None,
        lambda r, c, d: f.DecideForm(d),
        _decide,
        _("党组决定已登记。"),
    ),
    "order": Action(
        _hr,
        lambda c: c.state == S.PROPOSED and c.decided_at is not None,
        lambda r, c, d: f.OrderForm(d, initial={"ordered_on": timezone.localdate()}),
        lambda c, u, d: case_services.recall_case_order(case=c, actor=u, ordered_on=d["ordered_on"]),
        _("召回令已发出。"),
    ),
    "withdraw": Action(
        _staff,
        lambda c: c.state in (S.PROPOSED, S.ORDERED, S.TRAINING, S.RETRAINING, S.PROBATION, S.EVALUATING),
        lambda r, c, d: f.WithdrawForm(d),
        lambda c, u, d: case_services.recall_case_withdraw(case=c, actor=u, reason=d["reason"]),
        _("召回事项已撤回。"),
    ),
    "training": Action(
        _hr,
        lambda c: c.state in (S.ORDERED, S.TRAINING),
        lambda r, c, d: f.TrainingForm(d, initial={"held_on": timezone.localdate()}),
        lambda c, u, d: stages.training_record_add(
            case=c, actor=u, kind=d["kind"], held_on=d["held_on"], content=d["content"]
        ),
        _("培训记录已登记。"),
    ),
    "retraining": Action(
        _hr,
        lambda c: c.state == S.TRAINING,
        lambda r, c, d: f.RetrainingForm(d, units=_units(r, c), initial={"start": timezone.localdate()}),
        lambda c, u, d: stages.recall_case_start_retraining(
            case=c, actor=u, start=d["start"], placement=d["placement"], placement_unit=d["placement_unit"]
        ),
        _("已安排一线回炉锻炼。"),
    ),
    "probation": Action(
        _hr,
        lambda c: c.state == S.RETRAINING and c.policy.probation_enabled and timezone.localdate() > c.retraining_end,
        lambda r, c, d: f.ProbationForm(d, initial={"start": timezone.localdate()}),
        lambda c, u, d: stages.recall_case_start_probation(case=c, actor=u, start=d["start"]),
        _("已安排适岗考核。"),
    ),
    "start_evaluation": Action(
        _hr,
        lambda c: (
            ((c.state == S.RETRAINING and not c.policy.probation_enabled) or c.state == S.PROBATION)
            and timezone.localdate() >= c.stage_end
        ),
        lambda r, c, d: f.StartEvaluationForm(d),
        lambda c, u, d: stages.recall_case_start_evaluation(case=c, actor=u),
        _("已进入鉴定评价。"),
    ),
    "evaluate": Action(
        _hr,
        lambda c: c.state == S.EVALUATING and c.evaluated_on is None,
        lambda r, c, d: f.EvaluateForm(d, initial={"evaluated_on": timezone.localdate()}),
        lambda c, u, d: stages.recall_case_evaluate(
            case=c,
            actor=u,
            home_opinion=d["home_opinion"],
            home_passed=d["home_passed"],
            org_opinion=d["org_opinion"],
            org_passed=d["org_passed"],
            evaluated_on=d["evaluated_on"],
        ),
        _("鉴定评价已登记。"),
    ),
    "return": Action(
        _hr,
        lambda c: c.state == S.EVALUATING and c.passed is True,
        lambda r, c, d: f.ReturnForm(
            d,
            posts=_posts(r, c),
            initial={"returned_on": timezone.localdate(), "post": c.appointment.post_id if c.appointment_id else None},
        ),
        lambda c, u, d: outcomes.recall_case_return(case=c, actor=u, returned_on=d["returned_on"], post=d["post"]),
        _("已办理返岗。"),
    ),
    "reassign": Action(
        _hr,
        lambda c: c.state in (S.EVALUATING, S.MEASURES) and c.passed is False,
        lambda r, c, d: f.ReassignForm(d, posts=_posts(r, c), initial={"reassigned_on": timezone.localdate()}),
        lambda c, u, d: outcomes.recall_case_reassign(
            case=c, actor=u, reassigned_on=d["reassigned_on"], post=d["post"], reassignment=d["reassignment"]
        ),
        _("已办理二次调配。"),
    ),
    "measure": Action(
        _hr,
        lambda c: c.state in (S.EVALUATING, S.MEASURES) and c.passed is False and c.is_leader,
        lambda r, c, d: f.MeasureForm(
            d, initial={"decided_on": timezone.localdate(), "effective_from": timezone.localdate()}
        ),
        lambda c, u, d: outcomes.recall_case_measure(
            case=c,
            actor=u,
            kind=d["kind"],
            decided_on=d["decided_on"],
            effective_from=d["effective_from"],
            document_no=d["document_no"],
            note=d["note"],
        ),
        _("组织处理措施已登记。"),
    ),
    "conclude": Action(
        _hr,
        lambda c: c.state == S.REASSIGNED,
        lambda r, c, d: f.ConcludeForm(d, initial={"concluded_on": timezone.localdate()}),
        lambda c, u, d: outcomes.recall_case_conclude(
            case=c, actor=u, conclusion=d["conclusion"], concluded_on=d["concluded_on"]
        ),
        _("跟踪考察结论已登记,事项已结案。"),
    ),
    "close": Action(
        _hr,
        lambda c: c.state in (S.RETURNED, S.MEASURES),
        lambda r, c, d: f.CloseForm(d, initial={"closed_on": timezone.localdate()}),
        lambda c, u, d: outcomes.recall_case_close(case=c, actor=u, note=d["note"], closed_on=d["closed_on"]),
        _("事项已结案。"),
    ),
}
