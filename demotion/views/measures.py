"""Pages of 能上能下 measures: the measures with their waiting periods, dismissal protections, and the results usage
lists the party committee takes to its meeting (on screen and as CSV / XLSX files).

HR records measures and protections for the cadres of its units; HR and the committee read them within their units.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import ApplicationError, add_error_to_form
from demotion import measures_exports
from demotion.forms.measures import MEASURE_CHOICES, MeasureForm, ProtectionEndForm, ProtectionForm
from demotion.readback import measure_readback
from demotion.selectors import measures as selectors
from demotion.selectors.usage import LIST_NAMES, LIST_TITLES, PROMOTE, PROMOTE_EXCLUDED, published_years, usage_lists
from demotion.services.measures import dismissal_protection_end, dismissal_protection_record, measure_record
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import organization_list

READERS = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
WRITERS = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50
CADRE_CHOICES = 2000  # the 工号 suggestions offered on the forms


def _can_write(user) -> bool:
    roles = get_roles(user)
    return roles.is_admin or roles.has(ROLE_HR)


def _day(value: str | None) -> datetime.date:
    """A date from the query string (the list date), today when missing or not a date."""
    try:
        return parse_date(value or "") or timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _period_state(period, today: datetime.date) -> str:
    if period is None:
        return "none"
    if period.effective_from > today:
        return "future"
    return "running" if period.running_on(today) else "ended"


# --- measures -----------------------------------------------------------------------------------------------------


@role_required(*READERS)
def measure_list(request):
    scoped = selectors.measure_list(user=request.user)
    chosen = {"kind": request.GET.get("kind", "").strip(), "year": request.GET.get("year", "").strip()}
    qs = scoped
    if chosen["kind"] in dict(MEASURE_CHOICES):
        qs = qs.filter(kind=chosen["kind"])
    if chosen["year"].isdigit():
        qs = qs.filter(decided_on__year=int(chosen["year"]))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    periods = selectors.periods_of_records(page.object_list)
    rows = [(r, periods.get(r.pk), _period_state(periods.get(r.pk), today)) for r in page.object_list]
    years = sorted({d.year for d in scoped.order_by().dates("decided_on", "year")}, reverse=True)
    context = {
        "page": page,
        "rows": rows,
        "today": today,
        "kinds": MEASURE_CHOICES,
        "years": years,
        "chosen": chosen,
        "can_write": _can_write(request.user),
    }
    return render(request, "demotion/measure_list.html", context)


def _cadre_choices(user):
    return selectors.recordable_cadres(user=user).order_by("employee_no")[:CADRE_CHOICES]


class _DryRun(Exception):
    pass


def _checked(record, *, actor, data) -> None:
    """The entry recorded and undone in one transaction: what the service refuses is raised, nothing stays."""
    try:
        with transaction.atomic():
            record(actor=actor, **data)
            raise _DryRun
    except _DryRun:
        pass


def _record_page(request, form_class, record, *, initial: dict, list_url: str, template: str, readback=None):
    """A page that records one entry about a cadre named by 工号 (a measure, a protection) through `record`. With
    `readback`, a valid entry is first read back ("将对 张三 记录组织处理“免职”…") and recorded once confirmed."""
    cadres = selectors.recordable_cadres(user=request.user)
    if request.method == "POST":
        form = form_class(request.POST, cadres=cadres)
        back = request.POST.get("back") == "1"
        if form.is_valid() and not back and readback is not None and request.POST.get("confirmed") != "1":
            try:
                _checked(record, actor=request.user, data=form.cleaned_data)
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                context = {"readback": readback(form.cleaned_data), "confirm_form": form, "hidden": []}
                return render(request, "demotion/confirm.html", context)
        elif form.is_valid() and not back:
            try:
                saved = record(actor=request.user, **form.cleaned_data)
            except ApplicationError as e:
                add_error_to_form(form, e)
            else:
                messages.success(
                    request,
                    _("已登记:%(name)s %(kind)s。") % {"name": saved.cadre.name, "kind": saved.get_kind_display()},
                )
                return redirect(list_url)
    else:
        form = form_class(initial=initial, cadres=cadres)
    return render(request, template, {"form": form, "cadre_choices": _cadre_choices(request.user)})


@role_required(*WRITERS)
def measure_create(request):
    today = timezone.localdate().isoformat()
    initial = {"decided_on": today, "effective_from": today}
    for key in ("cadre", "kind"):
        if request.GET.get(key):
            initial[key] = request.GET[key].strip()
    return _record_page(
        request,
        MeasureForm,
        measure_record,
        initial=initial,
        list_url="demotion:measure_list",
        template="demotion/measure_form.html",
        readback=_measure_readback,
    )


def _measure_readback(data: dict) -> list[str]:
    return measure_readback(cadre=data["cadre"], kind=data["kind"], effective_from=data["effective_from"])


# --- dismissal protections ----------------------------------------------------------------------------------------


@role_required(*READERS)
def protection_list(request):
    scoped = selectors.protection_list(user=request.user)
    lasting = request.GET.get("active", "") == "1"
    today = timezone.localdate()
    qs = scoped.filter(selectors.protection_active_q(today)) if lasting else scoped
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": today,
        "lasting": lasting,
        "can_write": _can_write(request.user),
        "end_form": ProtectionEndForm(initial={"ends_on": today.isoformat()}),
    }
    return render(request, "demotion/protection_list.html", context)


@role_required(*WRITERS)
def protection_create(request):
    return _record_page(
        request,
        ProtectionForm,
        dismissal_protection_record,
        initial={"cadre": request.GET.get("cadre", "").strip()},
        list_url="demotion:protection_list",
        template="demotion/protection_form.html",
    )


@require_POST
@role_required(*WRITERS)
def protection_end(request, pk):
    protection = get_object_or_404(selectors.endable_protections(user=request.user), pk=pk)
    form = ProtectionEndForm(request.POST)
    if form.is_valid():
        try:
            dismissal_protection_end(protection=protection, actor=request.user, **form.cleaned_data)
        except ApplicationError as e:
            add_error_to_form(form, e)
        else:
            messages.success(request, _("已结束:%(p)s。") % {"p": protection})
            return redirect("demotion:protection_list")
    context = {"protection": protection, "form": form}
    return render(request, "demotion/protection_end.html", context, status=200)


# --- results usage ------------------------------------------------------------------------------------------------


def _organization_and_year(request):
    """(organizations to choose from, the chosen one, its published years, the chosen year) — 404 for an
    organization or year outside the user's reach."""
    organizations = list(organization_list(user=request.user).order_by("code"))
    chosen = request.GET.get("organization", "")
    if chosen:
        organization = next((o for o in organizations if str(o.pk) == chosen), None)
        if organization is None:
            raise Http404
    else:
        organization = organizations[0] if organizations else None
    years = published_years(organization_id=organization.pk) if organization else []
    year = request.GET.get("year", "")
    if year:
        if not year.isdigit() or int(year) not in years:
            raise Http404
        year = int(year)
    else:
        year = years[0] if years else None
    return organizations, organization, years, year


@role_required(*READERS)
def usage(request):
    organizations, organization, years, year = _organization_and_year(request)
    on = _day(request.GET.get("on"))
    lists = usage_lists(user=request.user, organization=organization, year=year, on=on) if year else None
    sections = []
    if lists is not None:
        for name in LIST_NAMES:
            if name == PROMOTE_EXCLUDED:
                continue  # shown inside the promotion list's section
            sections.append((name, LIST_TITLES[name], lists.rows(name)))
    context = {
        "organizations": organizations,
        "organization": organization,
        "years": years,
        "year": year,
        "on": on,
        "lists": lists,
        "sections": sections,
        "excluded": lists.rows(PROMOTE_EXCLUDED) if lists else [],
        "promote": PROMOTE,
        "can_write": _can_write(request.user),
        "formats": measures_exports.FORMATS,
    }
    return render(request, "demotion/usage.html", context)


@role_required(*READERS)
def usage_export(request):
    _organizations, organization, _years, year = _organization_and_year(request)
    if year is None:
        raise Http404
    names = request.GET.get("list", "all")
    names = LIST_NAMES if names == "all" else (names,)
    file_format = request.GET.get("format", "csv")
    if any(n not in LIST_NAMES for n in names) or file_format not in measures_exports.FORMATS:
        raise Http404
    on = _day(request.GET.get("on"))
    lists = usage_lists(user=request.user, organization=organization, year=year, on=on)
    measures_exports.usage_export_record(actor=request.user, lists=lists, names=list(names), file_format=file_format)
    return measures_exports.usage_response(lists=lists, names=list(names), file_format=file_format)


urlpatterns = [
    path("measures/", measure_list, name="measure_list"),
    path("measures/new/", measure_create, name="measure_create"),
    path("protections/", protection_list, name="protection_list"),
    path("protections/new/", protection_create, name="protection_create"),
    path("protections/<int:pk>/end/", protection_end, name="protection_end"),
    path("usage/", usage, name="usage"),
    path("usage/export/", usage_export, name="usage_export"),
]
