"""Pages of teams: the list, setting a team up, a team's page (members, 结构, the radar chart of its latest
post-evaluation against the organization's median, grade history with consequences) and a member's data."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log_for
from common.errors import ApplicationError, add_error_to_form
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from teams import structure
from teams.forms.teams import TARGET_LABELS, ConsequenceForm, ProfileForm, TeamForm
from teams.models import Consequence, MemberProfile, TeamGrade
from teams.selectors import teams as selectors
from teams.services.teams import member_profile_set, team_create

READERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
WRITERS = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50


@role_required(*READERS)
def team_list(request):
    teams = selectors.team_list(user=request.user)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    latest = {}
    for grade in TeamGrade.objects.filter(team__in=page.object_list).order_by("team_id", "-year"):
        latest.setdefault(grade.team_id, grade)
    roles = get_roles(request.user)
    context = {
        "page": page,
        "rows": [(team, latest.get(team.pk)) for team in page.object_list],
        "can_write": roles.is_admin or roles.has(ROLE_HR),
    }
    return render(request, "teams/team_list.html", context)


@role_required(*WRITERS)
def team_create_page(request):
    units = selectors.units_without_team(user=request.user)
    form = TeamForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            team = team_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已建立%(team)s。") % {"team": team})
            return redirect("teams:team_detail", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form})


def _structure_rows(computed: dict) -> list:
    return [
        (TARGET_LABELS.get(t["key"], t["key"]), t["target"], t["value"], t["met"]) for t in computed.get("targets", [])
    ]


@role_required(*READERS)
def team_detail(request, pk):
    team = get_object_or_404(selectors.team_list(user=request.user), pk=pk)
    today = timezone.localdate()
    appointments = selectors.members(team, today)
    profiles = {p.cadre_id: p for p in MemberProfile.objects.filter(cadre_id__in=[a.cadre_id for a in appointments])}
    evaluations = list(selectors.post_evaluation_list(team))
    targets = evaluations[0].structure_targets if evaluations else None
    now = structure.compute(
        selectors.member_facts(team, today), approved=selectors.approved_posts(team.unit), on=today, targets=targets
    ).as_dict()
    roles = get_roles(request.user)
    grades = list(TeamGrade.objects.filter(team=team).prefetch_related("consequences__cadre").order_by("-year"))
    radar = selectors.radar(team)
    context = {
        "team": team,
        "members": [
            (a, profiles.get(a.cadre_id), structure.age_on(a.cadre.birth_date, today) if a.cadre.birth_date else None)
            for a in appointments
        ],
        "structure": now,
        "structure_rows": _structure_rows(now),
        "grades": grades,
        "evaluations": [(e, selectors.scores_in_order(e), _structure_rows(e.structure)) for e in evaluations],
        "radar": radar,
        "radar_data": {
            "labels": radar.labels,
            "team": radar.team,
            "median": radar.median,
            "teamLabel": str(team),
            "medianLabel": _("本机构各班子中位数"),
        },
        "can_write": selectors.manageable_teams(user=request.user).filter(pk=team.pk).exists(),
        "can_grade": selectors.gradable_teams(user=request.user).filter(pk=team.pk).exists(),
        "is_committee": roles.has(ROLE_COMMITTEE),
        "consequence_form": ConsequenceForm(initial={"done_on": today.isoformat()}),
        "measure_kinds": {Consequence.Kind.TALK: "admonishment", Consequence.Kind.ADJUSTMENT: "post_adjusted"},
        "audit": audit_log_for(team)[:30],
    }
    return render(request, "teams/team_detail.html", context)


@role_required(*WRITERS)
def profile_edit(request, pk, cadre_pk):
    team = get_object_or_404(selectors.manageable_teams(user=request.user), pk=pk)
    cadre = get_object_or_404(selectors.editable_cadres(user=request.user), pk=cadre_pk)
    profile = MemberProfile.objects.filter(cadre=cadre).first()
    initial = {"political_status": profile.political_status, "education": profile.education,
               "specialty": profile.specialty} if profile else {}  # fmt: skip
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_profile_set(actor=request.user, cadre=cadre, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已保存%(name)s的信息。") % {"name": cadre.name})
            return redirect("teams:team_detail", pk=team.pk)
    return render(request, "teams/profile_form.html", {"team": team, "cadre": cadre, "form": form})


urlpatterns = [
    path("", team_list, name="team_list"),
    path("new/", team_create_page, name="team_create"),
    path("<int:pk>/", team_detail, name="team_detail"),
    path("<int:pk>/members/<int:cadre_pk>/", profile_edit, name="profile_edit"),
]
