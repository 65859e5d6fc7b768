"""Pages of the term evaluation (任期年度考评).

- `round_list`, `round_new`: the rounds; organization-wide HR opens one for a year and a stage;
- `round_detail`: the rows by level and system, with their scores, rank and grade; HR adds new rows and ranks, the
  committee chooses among quota ties and confirms (refused, with the list, while anything is unresolved);
- `round_team`, `round_democratic`: HR names the 考评组, imports the 民意测评;
- `evaluation_detail`: one cadre's 任期年度考评表 — the team enters each goal's attainment and the comment there;
- `evaluation_print`, `evaluation_pdf`: the form to print, as a page and as a PDF.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.imports.issues import ImportInvalid
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR
from tenure.access import org_wide_hr
from tenure.forms.evaluations import (
    AttainmentForm,
    CommentForm,
    DemocraticImportForm,
    RoundForm,
    SettleForm,
    TeamForm,
)
from tenure.models import EvaluationRound, TermEvaluation, TermGoal
from tenure.printing import evaluation_pdf_bytes
from tenure.selectors.evaluations import evaluation_list, goal_lines, round_list
from tenure.selectors.policy import policy_organizations
from tenure.services import evaluation_decisions as decisions
from tenure.services import evaluations as services
from tenure.services.democratic import democratic_from_ballots, democratic_import, democratic_take_from_ballots
from tenure.views.base import STAFF_ROLES, chosen_organization, roles_or_team, submitted


@roles_or_team(*STAFF_ROLES)
def round_list_page(request):
    rounds = round_list(user=request.user).order_by("-year", "stage")
    can_open = any(org_wide_hr(request.user, o) for o in policy_organizations(user=request.user))
    return render(request, "tenure/round_list.html", {"rounds": rounds, "can_open": can_open})


@role_required(ROLE_ADMIN, ROLE_HR)
def round_new(request):
    organizations = [o for o in policy_organizations(user=request.user) if org_wide_hr(request.user, o)]
    if not organizations:
        raise PermissionDenied
    organization, organizations = chosen_organization(request, organizations)
    form = RoundForm(request.POST or None)
    done = submitted(
        request,
        form,
        write=lambda data: services.evaluation_round_open(organization=organization, actor=request.user, **data),
        message=lambda r: _("已建立%(round)s,共 %(n)d 名考评对象。") % {"round": r, "n": r.evaluations.count()},
        to=lambda r: reverse("tenure:round_detail", args=[r.pk]),
    )
    context = {"form": form, "organization": organization, "title": _("建立任期考评")}
    return done or render(request, "tenure/round_form.html", context)


def _round(request, pk) -> EvaluationRound:
    return get_object_or_404(round_list(user=request.user), pk=pk)


@roles_or_team(*STAFF_ROLES)
def round_detail(request, pk):
    round_ = _round(request, pk)
    is_hr = org_wide_hr(request.user, round_.organization_id)
    is_committee = _committee(request.user, round_)
    ties = decisions.tie_groups(round_) if round_.state == EvaluationRound.State.RANKED and not round_.stale else []
    tied = [row for group in ties for row in group["tied"]]
    settle_form = SettleForm(request.POST if request.POST.get("action") == "settle" else None, tied=tied)
    if request.method == "POST":
        done = _round_action(request, round_, is_hr=is_hr, is_committee=is_committee, settle_form=settle_form)
        if done:
            return done
    rows = evaluation_list(user=request.user).filter(round=round_).order_by("level", "system__sort_order", "rank")
    context = {
        "round": round_,
        "rows": rows,
        "is_hr": is_hr and round_.is_open,
        "is_committee": is_committee and round_.is_open,
        "ties": ties,
        "settle_form": settle_form if tied else None,
        "blockers": decisions.close_blockers(round_) if round_.is_open else [],
        "is_team": services.is_team_member(request.user, round_),
        "audit": audit_log_for(round_)[:30],
    }
    return render(request, "tenure/round_detail.html", context)


def _committee(user, round_) -> bool:
    return decisions.may_confirm(user, round_)


def _round_action(request, round_, *, is_hr, is_committee, settle_form):
    action = request.POST.get("action", "")
    allowed = {"rows": is_hr, "rank": is_hr, "settle": is_committee, "close": is_committee}
    if not allowed.get(action):
        raise PermissionDenied
    to = reverse("tenure:round_detail", args=[round_.pk])
    if action == "settle":
        return submitted(
            request,
            settle_form,
            write=lambda d: decisions.evaluation_round_settle(
                round_=round_, chosen_ids=[int(i) for i in d["chosen"]], actor=request.user, reason=d["reason"]
            ),
            message=_("已确定优秀名额边界并列人选。"),
            to=to,
        )
    try:
        if action == "rows":
            added = services.evaluation_rows_sync(round_=round_, actor=request.user)
            messages.success(request, _("已更新考评对象,新增 %(n)d 人。") % {"n": added})
        elif action == "rank":
            services.evaluation_round_rank(round_=round_, actor=request.user)
            messages.success(request, _("已按同层级、同系统完成排序。"))
        else:
            decisions.evaluation_round_close(round_=round_, actor=request.user)
            messages.success(request, _("党组已确认%(round)s结果,已通知考评对象。") % {"round": round_})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(to)


@role_required(ROLE_ADMIN, ROLE_HR)
def round_team(request, pk):
    round_ = _round(request, pk)
    if not org_wide_hr(request.user, round_.organization_id):
        raise PermissionDenied
    users = (
        get_user_model()
        .objects.filter(
            Q(cadre__organization_id=round_.organization_id)
            | Q(role_assignments__organization_id=round_.organization_id)
        )
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )
    form = TeamForm(request.POST or None, users=users, initial={"members": list(round_.team.all())})
    done = submitted(
        request,
        form,
        write=lambda d: services.evaluation_team_set(
            round_=round_, users=d["members"], actor=request.user, reason=d["reason"]
        ),
        message=_("已调整考评组成员。"),
        to=reverse("tenure:round_detail", args=[round_.pk]),
    )
    context = {"round": round_, "form": form, "title": _("考评组成员")}
    return done or render(request, "tenure/round_team.html", context)


@role_required(ROLE_ADMIN, ROLE_HR)
def round_democratic(request, pk):
    round_ = _round(request, pk)
    if not org_wide_hr(request.user, round_.organization_id):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("source") == "ballots":
        try:
            changed = democratic_take_from_ballots(round_=round_, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("tenure:round_democratic", pk=round_.pk)
        messages.success(request, _("已取用民主测评得分,%(n)d 人的得分有变化。") % {"n": changed})
        return redirect("tenure:round_detail", pk=round_.pk)
    form = DemocraticImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            changed = democratic_import(round_=round_, actor=request.user, content=upload.read(), file_name=upload.name)
        except ImportInvalid as error:
            issues = [str(issue) for issue in error.issues]
            form.add_error(None, error.message)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("已导入民意测评得分,%(n)d 人的得分有变化。") % {"n": changed})
            return redirect("tenure:round_detail", pk=round_.pk)
    context = {
        "round": round_,
        "form": form,
        "issues": issues,
        "title": _("导入民意测评"),
        "offer": democratic_from_ballots(round_=round_) if round_.is_open else None,
    }
    return render(request, "tenure/round_democratic.html", context)


def _evaluation(request, pk) -> TermEvaluation:
    return get_object_or_404(evaluation_list(user=request.user), pk=pk)


@roles_or_team(*STAFF_ROLES, ROLE_CADRE)
def evaluation_detail(request, pk):
    evaluation = _evaluation(request, pk)
    round_ = evaluation.round
    scoring = round_.is_open and services.is_team_member(request.user, round_)
    action = request.POST.get("action", "")
    comment_form = CommentForm(request.POST if action == "comment" else None, initial={"comment": evaluation.comment})
    lines = goal_lines(evaluation)
    score_forms = {}
    if scoring:
        for goal, attainment in lines:
            data = request.POST if action == "score" and request.POST.get("goal") == str(goal.pk) else None
            initial = {"score": attainment.score, "actual": attainment.actual} if attainment else None
            score_forms[goal.pk] = AttainmentForm(data, prefix=f"g{goal.pk}", initial=initial)
    if request.method == "POST":
        if not scoring or action not in ("score", "comment"):
            raise PermissionDenied
        to = reverse("tenure:evaluation_detail", args=[evaluation.pk])
        if action == "comment":
            done = submitted(
                request,
                comment_form,
                write=lambda d: services.evaluation_comment_save(
                    evaluation=evaluation, comment=d["comment"], actor=request.user
                ),
                message=_("已保存考评意见。"),
                to=to,
            )
        else:
            goal = get_object_or_404(TermGoal, pk=request.POST.get("goal") or 0)
            form = score_forms.get(goal.pk)
            if form is None:
                raise PermissionDenied
            done = submitted(
                request,
                form,
                write=lambda d: services.attainment_record(
                    round_=round_, goal=goal, score=d["score"], actual=d["actual"], actor=request.user
                ),
                message=_("已保存“%(goal)s”的完成情况。") % {"goal": goal.title},
                to=to,
            )
        if done:
            return done
    context = {
        "evaluation": evaluation,
        "round": round_,
        "lines": [(goal, attainment, score_forms.get(goal.pk)) for goal, attainment in lines],
        "scoring": scoring,
        "comment_form": comment_form,
        "audit": audit_log_for(evaluation)[:20] if not _own(request, evaluation) else [],
    }
    return render(request, "tenure/evaluation_detail.html", context)


def _own(request, evaluation) -> bool:
    return evaluation.cadre.user_id is not None and evaluation.cadre.user_id == request.user.pk


@roles_or_team(*STAFF_ROLES, ROLE_CADRE)
def evaluation_print(request, pk):
    evaluation = _evaluation(request, pk)
    context = {"evaluation": evaluation, "round": evaluation.round, "lines": goal_lines(evaluation)}
    return render(request, "tenure/evaluation_print.html", context)


@roles_or_team(*STAFF_ROLES, ROLE_CADRE)
def evaluation_pdf(request, pk):
    evaluation = _evaluation(request, pk)
    response = HttpResponse(evaluation_pdf_bytes(evaluation, goal_lines(evaluation)), content_type="application/pdf")
    name = _("%(year)s年任期考评表-%(name)s.pdf") % {"year": evaluation.round.year, "name": evaluation.cadre.name}
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


urlpatterns = [
    path("evaluations/", round_list_page, name="round_list"),
    path("evaluations/new/", round_new, name="round_new"),
    path("evaluations/<int:pk>/", round_detail, name="round_detail"),
    path("evaluations/<int:pk>/team/", round_team, name="round_team"),
    path("evaluations/<int:pk>/democratic/", round_democratic, name="round_democratic"),
    path("evaluations/forms/<int:pk>/", evaluation_detail, name="evaluation_detail"),
    path("evaluations/forms/<int:pk>/print/", evaluation_print, name="evaluation_print"),
    path("evaluations/forms/<int:pk>/pdf/", evaluation_pdf, name="evaluation_pdf"),
]
