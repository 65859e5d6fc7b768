"""HR's pages for cadres: add and edit a cadre, appoint to a post and end an appointment (with the decision
document), move between a year's assessment groups, and record that a cadre has left the organization."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from org import selectors, services
from org.forms.upkeep import AppointForm, CadreAddForm, CadreEditForm, CadreLeaveForm, DismissForm, GroupMoveForm
from org.models import GroupMembership
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.views.forms import form_page

WRITERS = (ROLE_ADMIN, ROLE_HR)


def _cadre(request, pk):
    return get_object_or_404(selectors.writable_cadres(user=request.user), pk=pk)


def _to_cadre(cadre) -> str:
    return reverse("org:cadre_detail", args=[cadre.pk])


def _open_units(user, organization_id=None):
    units = selectors.writable_units(user=user).filter(closed_on__isnull=True).order_by("path")
    return units if organization_id is None else units.filter(organization_id=organization_id)


@role_required(*WRITERS)
def cadre_add(request):
    units = _open_units(request.user)
    form = CadreAddForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit", "")})
    return form_page(
        request,
        form,
        write=lambda data: services.cadre_add(actor=request.user, **data),
        done=lambda c: (_("已新增干部%(name)s,并为其建立了待激活的登录账号。") % {"name": c.name}, _to_cadre(c)),
        context={"title": pgettext("action", "新增干部"), "cancel_url": reverse("org:cadre_list")},
    )


@role_required(*WRITERS)
def cadre_edit(request, pk):
    cadre = _cadre(request, pk)
    units = _open_units(request.user, cadre.organization_id)
    initial = {
        "name": cadre.name,
        "gender": cadre.gender,
        "birth_date": cadre.birth_date,
        "rank_grade": cadre.rank_grade,
        "unit": cadre.unit_id,
    }
    form = CadreEditForm(request.POST or None, units=units, initial=initial)
    return form_page(
        request,
        form,
        write=lambda data: services.cadre_edit(cadre=cadre, actor=request.user, **data),
        done=lambda c: (_("已保存%(name)s的信息。") % {"name": c.name}, _to_cadre(c)),
        context={"title": _("编辑干部信息"), "subject": str(cadre), "cancel_url": _to_cadre(cadre)},
    )


@role_required(*WRITERS)
def cadre_appoint(request, pk):
    cadre = _cadre(request, pk)
    posts = (
        selectors.writable_posts(user=request.user)
        .filter(unit__organization_id=cadre.organization_id, ended_on__isnull=True, unit__closed_on__isnull=True)
        .order_by("unit__path", "kind", "name")
    )
    initial = {"start_date": timezone.localdate().isoformat(), "document_date": timezone.localdate().isoformat()}
    form = AppointForm(request.POST or None, posts=posts, initial=initial)
    return form_page(
        request,
        form,
        write=lambda data: services.appointment_record(cadre=cadre, actor=request.user, **data),
        done=lambda a: (_("已任命%(name)s为%(post)s。") % {"name": cadre.name, "post": a.post}, _to_cadre(cadre)),
        context={"title": pgettext("action", "任职"), "subject": str(cadre), "cancel_url": _to_cadre(cadre)},
    )


@role_required(*WRITERS)
def appointment_end(request, pk):
    appointment = get_object_or_404(selectors.writable_appointments(user=request.user), pk=pk, end_date__isnull=True)
    today = timezone.localdate().isoformat()
    form = DismissForm(request.POST or None, initial={"end_date": today, "document_date": today})
    cadre = appointment.cadre
    return form_page(
        request,
        form,
        write=lambda data: services.appointment_dismiss(appointment=appointment, actor=request.user, **data),
        done=lambda a: (_("已免去%(name)s的%(post)s职务。") % {"name": cadre.name, "post": a.post}, _to_cadre(cadre)),
        context={
            "title": pgettext("action", "免职"),
            "subject": f"{cadre.name} · {appointment.post}",
            "cancel_url": _to_cadre(cadre),
            "danger": True,
        },
    )


@role_required(*WRITERS)
def cadre_group(request, pk):
    cadre = _cadre(request, pk)
    groups = selectors.writable_groups(user=request.user).filter(organization_id=cadre.organization_id)
    current = GroupMembership.objects.filter(cadre=cadre).select_related("group").order_by("-year")
    form = GroupMoveForm(request.POST or None, groups=groups.order_by("-year", "name"))
    return form_page(
        request,
        form,
        write=lambda data: services.group_member_move(cadre=cadre, actor=request.user, **data),
        done=lambda m: (
            _("已将%(name)s编入%(group)s。") % {"name": cadre.name, "group": m.group.name},
            _to_cadre(cadre),
        ),
        context={
            "title": _("调整考核组"),
            "subject": str(cadre),
            "cancel_url": _to_cadre(cadre),
            "intro": _(
                "同一年度只能在一个考核组;编入新组即退出该年度原来的组。已计算结果的年度不能调整,须重新计算后再调。"
            ),
            "current_groups": current,
        },
    )


@role_required(*WRITERS)
def cadre_leave(request, pk):
    cadre = _cadre(request, pk)
    form = CadreLeaveForm(request.POST or None, initial={"left_on": timezone.localdate().isoformat()})
    return form_page(
        request,
        form,
        write=lambda data: services.cadre_leave(cadre=cadre, actor=request.user, **data),
        done=lambda c: (_("已登记%(name)s离开本单位,其登录账号已停用。") % {"name": c.name}, _to_cadre(c)),
        context={
            "title": _("离开本单位"),
            "subject": str(cadre),
            "cancel_url": _to_cadre(cadre),
            "danger": True,
            "intro": _("现任职务将于离开日期结束,登录账号停用;考核结果、事项和历史记录全部保留。"),
        },
    )


urlpatterns = [
    path("cadres/new/", cadre_add, name="cadre_add"),
    path("cadres/<int:pk>/edit/", cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/appoint/", cadre_appoint, name="cadre_appoint"),
    path("cadres/<int:pk>/group/", cadre_group, name="cadre_group"),
    path("cadres/<int:pk>/leave/", cadre_leave, name="cadre_leave"),
    path("appointments/<int:pk>/end/", appointment_end, name="appointment_end"),
]
