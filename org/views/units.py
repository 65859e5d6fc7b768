"""HR's pages for the unit tree and its posts: add, rename, move and close a unit; add and end a post. Each finds
what it changes among the user's writable rows (404 outside one's units) and calls one service."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from org import selectors, services
from org.forms.upkeep import PostAddForm, PostEndForm, UnitAddForm, UnitCloseForm, UnitMoveForm, UnitRenameForm
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.views.forms import form_page

WRITERS = (ROLE_ADMIN, ROLE_HR)


def _open_units(user):
    return selectors.writable_units(user=user).filter(closed_on__isnull=True).order_by("path")


def _unit(request, pk):
    return get_object_or_404(selectors.writable_units(user=request.user), pk=pk)


def _to_unit(unit) -> str:
    return reverse("org:unit_detail", args=[unit.pk])


@role_required(*WRITERS)
def unit_add(request):
    parents = _open_units(request.user)
    initial = {"parent": request.GET.get("parent", "")}
    form = UnitAddForm(request.POST or None, parents=parents, initial=initial)
    return form_page(
        request,
        form,
        write=lambda data: services.unit_add(actor=request.user, **data),
        done=lambda unit: (_("已新增单位“%(unit)s”。") % {"unit": unit.name}, _to_unit(unit)),
        context={"title": pgettext("action", "新增单位"), "cancel_url": reverse("org:unit_tree")},
    )


@role_required(*WRITERS)
def unit_rename(request, pk):
    unit = _unit(request, pk)
    form = UnitRenameForm(request.POST or None, initial={"name": unit.name})
    return form_page(
        request,
        form,
        write=lambda data: services.unit_rename(unit=unit, actor=request.user, **data),
        done=lambda u: (_("单位已更名为“%(unit)s”。") % {"unit": u.name}, _to_unit(u)),
        context={"title": _("单位更名"), "subject": unit.name, "cancel_url": _to_unit(unit)},
    )


@role_required(*WRITERS)
def unit_move(request, pk):
    unit = _unit(request, pk)
    # Not under itself nor anything below it: the service refuses those too, the list does not offer them.
    parents = _open_units(request.user).exclude(path__startswith=unit.path)
    form = UnitMoveForm(request.POST or None, parents=parents, initial={"parent": unit.parent_id})
    return form_page(
        request,
        form,
        write=lambda data: services.unit_move(unit=unit, actor=request.user, **data),
        done=lambda u: (
            _("“%(unit)s”已调整到“%(parent)s”之下。") % {"unit": u.name, "parent": u.parent.name},
            _to_unit(u),
        ),
        context={"title": _("调整上级单位"), "subject": unit.name, "cancel_url": _to_unit(unit)},
    )


@role_required(*WRITERS)
def unit_close(request, pk):
    unit = _unit(request, pk)
    form = UnitCloseForm(request.POST or None, initial={"closed_on": timezone.localdate().isoformat()})
    return form_page(
        request,
        form,
        write=lambda data: services.unit_close(unit=unit, actor=request.user, **data),
        done=lambda u: (_("单位“%(unit)s”已撤销。") % {"unit": u.name}, _to_unit(u)),
        context={
            "title": _("撤销单位"),
            "subject": unit.name,
            "cancel_url": _to_unit(unit),
            "danger": True,
            "blockers": [] if not unit.is_open else services.unit_leftovers(unit),
            "blockers_intro": _("撤销前须先处理:"),
        },
    )


@role_required(*WRITERS)
def post_add(request, pk):
    unit = _unit(request, pk)
    form = PostAddForm(request.POST or None)
    return form_page(
        request,
        form,
        write=lambda data: services.post_add(unit=unit, actor=request.user, **data),
        done=lambda post: (_("已新增职务“%(post)s”。") % {"post": post.name}, _to_unit(unit)),
        context={"title": pgettext("action", "新增职务"), "subject": unit.name, "cancel_url": _to_unit(unit)},
    )


@role_required(*WRITERS)
def post_end(request, pk):
    post = get_object_or_404(selectors.writable_posts(user=request.user), pk=pk)
    form = PostEndForm(request.POST or None, initial={"ended_on": timezone.localdate().isoformat()})
    return form_page(
        request,
        form,
        write=lambda data: services.post_end(post=post, actor=request.user, **data),
        done=lambda p: (_("职务“%(post)s”已撤销。") % {"post": p}, _to_unit(p.unit)),
        context={"title": _("撤销职务"), "subject": str(post), "cancel_url": _to_unit(post.unit), "danger": True},
    )


urlpatterns = [
    path("units/new/", unit_add, name="unit_add"),
    path("units/<int:pk>/rename/", unit_rename, name="unit_rename"),
    path("units/<int:pk>/move/", unit_move, name="unit_move"),
    path("units/<int:pk>/close/", unit_close, name="unit_close"),
    path("units/<int:pk>/posts/new/", post_add, name="post_add"),
    path("posts/<int:pk>/end/", post_end, name="post_end"),
]
