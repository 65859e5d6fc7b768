"""Pages of the term goals (任期目标).

- `goal_list`: the goals the user may see (staff: their units; a cadre: their team's shared ones and their own),
  filtered by state, year and unit;
- `goal_new`, `goal_edit`: HR of the unit, or the cadre who leads it, proposes a goal, or changes one waiting for
  review or returned;
- `goal_detail`: the goal with its history and the step the viewer may take — HR reviews or returns a proposed
  goal, the committee approves or returns a reviewed one;
- `goal_import`, `goal_template`: the XLSX template and the all-or-nothing import (HR);
- `goal_public`: the approved goals publicly listed (公示) to the people of the units, where the policy says so.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from common.exports import XLSX_CONTENT_TYPE
from common.imports.issues import ImportInvalid
from org.models import Cadre, Unit
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_HR, get_roles
from tenure.access import committee_covers, hr_covers
from tenure.forms.goals import GoalForm, GoalImportForm, NoteForm, ReturnForm, goal_initial
from tenure.models import TermGoal
from tenure.selectors.goals import goal_list as visible_goals
from tenure.selectors.goals import public_goals
from tenure.selectors.policy import policy_organizations
from tenure.services import goals as services
from tenure.services.goal_imports import goal_template_bytes, goals_import
from tenure.views.base import STAFF_ROLES, chosen_organization, submitted

EVERYONE = (*STAFF_ROLES, ROLE_CADRE)
PAGE_SIZE = 50


def _proposable_units(user):
    """The open units the user may propose goals for: their HR scope, and the units they lead."""
    roles = get_roles(user)
    qs = Unit.objects.filter(closed_on__isnull=True).select_related("organization").order_by("organization_id", "path")
    if roles.is_admin:
        return qs
    q = roles.unit_q(ROLE_HR)
    if roles.cadre is not None:
        q |= Q(
            posts__appointments__cadre=roles.cadre, posts__appointments__end_date__isnull=True, posts__kind="principal"
        )
    return qs.filter(q).distinct()


def _members(units):
    """The cadres who may hold a personal goal: those holding a post in one of the units now."""
    return (
        Cadre.objects.filter(appointments__post__unit__in=units, appointments__end_date__isnull=True)
        .distinct()
        .order_by("employee_no")
    )


@role_required(*EVERYONE)
def goal_list(request):
    params = {k: request.GET.get(k, "").strip() for k in ("state", "year", "unit")}
    qs = visible_goals(user=request.user)
    if params["state"] in TermGoal.State.values:
        qs = qs.filter(state=params["state"])
    if params["year"].isdigit():
        year = int(params["year"])
        qs = qs.filter(year__lte=year, end_year__gte=year)
    if params["unit"].isdigit():
        qs = qs.filter(unit_id=int(params["unit"]))
    page = Paginator(qs.order_by("unit__path", "-year", "area", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "states": TermGoal.State.choices,
        "can_propose": _proposable_units(request.user).exists(),
        "is_hr": get_roles(request.user).is_admin or get_roles(request.user).has(ROLE_HR),
    }
    return render(request, "tenure/goal_list.html", context)


def _goal_form(request, *, initial=None):
    units = _proposable_units(request.user)
    return GoalForm(request.POST or None, units=units, cadres=_members(units), initial=initial)


@role_required(*EVERYONE)
def goal_new(request):
    if not _proposable_units(request.user).exists():
        raise PermissionDenied
    form = _goal_form(request, initial={"scope": TermGoal.Scope.ANNUAL, "weight": 10})
    done = submitted(
        request,
        form,
        write=lambda data: services.goal_propose(unit=data["unit"], actor=request.user, values=form.values()),
        message=_("已提出任期目标,待组织人事部门审核。"),
        to=lambda goal: reverse("tenure:goal_detail", args=[goal.pk]),
    )
    return done or render(request, "tenure/goal_form.html", {"form": form, "title": _("提出任期目标")})


@role_required(*EVERYONE)
def goal_edit(request, pk):
    goal = get_object_or_404(visible_goals(user=request.user), pk=pk)
    if not services.may_propose(request.user, goal.unit):
        raise PermissionDenied
    form = _goal_form(request, initial=goal_initial(goal))
    done = submitted(
        request,
        form,
        write=lambda data: services.goal_resubmit(goal=goal, actor=request.user, values=form.values()),
        message=_("已修改并重新提交任期目标。"),
        to=reverse("tenure:goal_detail", args=[goal.pk]),
    )
    context = {"form": form, "title": _("修改任期目标"), "goal": goal}
    return done or render(request, "tenure/goal_form.html", context)


def _actions(user, goal) -> dict:
    """The steps the viewer may take on the goal in its state."""
    actions = {}
    if goal.state == TermGoal.State.PROPOSED and hr_covers(user, goal.unit):
        actions |= {"review": NoteForm, "return": ReturnForm}
    if goal.state == TermGoal.State.REVIEWED and committee_covers(user, goal.unit):
        actions |= {"approve": NoteForm, "return": ReturnForm}
    return actions


@role_required(*EVERYONE)
def goal_detail(request, pk):
    goal = get_object_or_404(visible_goals(user=request.user), pk=pk)
    actions = _actions(request.user, goal)
    action = request.POST.get("action", "")
    forms = {name: cls(request.POST if action == name else None, prefix=name) for name, cls in actions.items()}
    if request.method == "POST":
        if action not in forms:
            raise PermissionDenied
        form = forms[action]
        write = {
            "review": lambda d: services.goal_review(goal=goal, actor=request.user, note=d["note"]),
            "approve": lambda d: services.goal_approve(goal=goal, actor=request.user, note=d["note"]),
            "return": lambda d: services.goal_return(goal=goal, actor=request.user, note=d["note"]),
        }[action]
        words = {
            "review": _("已审核,报党组批准。"),
            "approve": _("党组已批准该任期目标。"),
            "return": _("已退回修改。"),
        }
        done = submitted(
            request, form, write=write, message=words[action], to=reverse("tenure:goal_detail", args=[goal.pk])
        )
        if done:
            return done
    context = {
        "goal": goal,
        "forms": forms,
        "can_edit": goal.state in (TermGoal.State.PROPOSED, TermGoal.State.RETURNED)
        and services.may_propose(request.user, goal.unit),
        "audit": audit_log_for(goal)[:30],
    }
    return render(request, "tenure/goal_detail.html", context)


@role_required(ROLE_ADMIN, ROLE_HR)
def goal_import(request):
    organization, organizations = chosen_organization(request, policy_organizations(user=request.user))
    form = GoalImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = goals_import(
                organization=organization, actor=request.user, content=upload.read(), file_name=upload.name
            )
        except ImportInvalid as error:
            issues = [str(issue) for issue in error.issues]
            form.add_error(None, error.message)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("已导入 %(n)d 个任期目标,待审核。") % {"n": len(created)})
            return redirect(f"{reverse('tenure:goal_list')}?state=proposed")
    context = {"form": form, "issues": issues, "organization": organization, "title": _("导入任期目标")}
    return render(request, "tenure/goal_import.html", context)


@role_required(ROLE_ADMIN, ROLE_HR)
def goal_template(request):
    response = HttpResponse(goal_template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "任期目标导入模板.xlsx")
    return response


@role_required(*EVERYONE)
def goal_public(request):
    goals = public_goals(user=request.user).order_by("unit__path", "-year", "area", "pk")
    page = Paginator(goals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenure/goal_public.html", {"page": page})


urlpatterns = [
    path("goals/", goal_list, name="goal_list"),
    path("goals/new/", goal_new, name="goal_new"),
    path("goals/public/", goal_public, name="goal_public"),
    path("goals/import/", goal_import, name="goal_import"),
    path("goals/template.xlsx", goal_template, name="goal_template"),
    path("goals/<int:pk>/", goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", goal_edit, name="goal_edit"),
]
