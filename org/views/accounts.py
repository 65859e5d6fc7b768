"""HR's account pages: every cadre of one's units with the state of their login, and the bulk actions — create (or
link) logins, switch them off and on, and print the activation sheet (PDF or XLSX) for a unit or a selection.

Printing issues the codes: they exist in plain text only in the file sent back, so printing again issues new
ones and voids those printed before. The page before the download says so, and who will be on the sheet.
"""

from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX as UNUSABLE
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import ApplicationError
from common.exports import XLSX_CONTENT_TYPE
from org import selectors, services
from org.accounts.sheet import sheet_pdf, sheet_xlsx
from org.accounts.state import AccountState, account_state, privileged_user_ids
from org.forms.accounts import CadreSelectionForm
from org.models import AccountActivation
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.services.accounts import activation_days
from org.views.pages import filtered_cadres

WRITERS = (ROLE_ADMIN, ROLE_HR)
PAGE_SIZE = 50
SHEET_MAX = 2000  # cadres on one sheet: a whole county bureau, and a bound on one request
FORMATS = {"pdf", "xlsx"}


def _state_q(state: str) -> Q | None:
    filters: dict[str, Q] = {
        AccountState.NONE: Q(user__isnull=True),
        AccountState.PENDING: Q(user__isnull=False, user__is_active=True, user__password__startswith=UNUSABLE),
        AccountState.ACTIVE: Q(user__is_active=True) & ~Q(user__password__startswith=UNUSABLE),
        AccountState.LOCKED: Q(user__is_active=False),
    }
    return filters.get(state)


def _open_code_expiry():
    return Subquery(
        AccountActivation.objects.filter(user=OuterRef("user"), used_at__isnull=True, voided_at__isnull=True).values(
            "expires_at"
        )[:1]
    )


@role_required(*WRITERS)
def account_list(request):
    cadres, unit, q = filtered_cadres(request, selectors.writable_cadres(user=request.user))
    state = request.GET.get("state", "")
    condition = _state_q(state)
    if condition is not None:
        cadres = cadres.filter(condition)
    cadres = cadres.annotate(code_expires=_open_code_expiry()).order_by("unit__path", "employee_no")
    page = Paginator(cadres, PAGE_SIZE).get_page(request.GET.get("page"))
    privileged = privileged_user_ids([c.user_id for c in page.object_list])
    now = timezone.now()
    rows = [
        {
            "cadre": c,
            "state": account_state(c.user),
            "managed_by_admin": c.user_id in privileged,
            "code_expires": c.code_expires,
            "code_expired": c.code_expires is not None and c.code_expires <= now,
        }
        for c in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "unit": unit,
        "q": q,
        "state": state,
        "states": AccountState.choices,
        "units": selectors.writable_units(user=request.user).order_by("path"),
    }
    return render(request, "org/account_list.html", context)


def _selection(request) -> tuple[list, str]:
    """The cadres a bulk action is for: the ticked ones, or (from the cadre list) every cadre of its filter."""
    writable = selectors.writable_cadres(user=request.user)
    if "cadres" in request.POST:
        form = CadreSelectionForm(request.POST, cadres=writable)
        if not form.is_valid():
            raise ApplicationError(" ".join(str(m) for errors in form.errors.values() for m in errors))
        return list(form.cleaned_data["cadres"]), form.cleaned_data["reason"]
    cadres, _unit, _q = filtered_cadres(request, writable, params=request.POST)
    return list(cadres.filter(left_on__isnull=True, user__isnull=True)), ""


def _back(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/org/") else reverse("org:account_list")


@require_POST
@role_required(*WRITERS)
def account_create(request):
    try:
        cadres, reason = _selection(request)
        plan = services.cadre_account_ensure(cadres=cadres, actor=request.user, reason=reason)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_back(request))
    if plan.count:
        messages.success(
            request,
            _("已为 %(created)d 名干部建立登录账号,关联已有账号 %(linked)d 个;账号须用激活码激活后才能登录。")
            % {"created": len(plan.create), "linked": len(plan.link)},
        )
    else:
        messages.info(request, _("所选干部都已有登录账号,未作改动。"))
    for cadre, why in plan.skipped[:20]:
        messages.warning(request, _("%(name)s未建立账号:%(why)s。") % {"name": cadre.name, "why": why})
    return redirect(_back(request))


def _set_active(request, *, active: bool):
    service = services.account_unlock if active else services.account_lock
    try:
        cadres, reason = _selection(request)
        changed = service(cadres=cadres, actor=request.user, reason=reason)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_back(request))
    without = sum(1 for c in cadres if c.user_id is None)
    done = _("已启用 %(n)d 个账号。") if active else _("已停用 %(n)d 个账号。")
    messages.success(request, done % {"n": len(changed)})
    if without:
        messages.info(request, _("%(n)d 名干部尚无登录账号,未作处理。") % {"n": without})
    return redirect(_back(request))


@require_POST
@role_required(*WRITERS)
def account_lock(request):
    return _set_active(request, active=False)


@require_POST
@role_required(*WRITERS)
def account_unlock(request):
    return _set_active(request, active=True)


def _sheet_cadres(request, params):
    """The sheet's cadres: those ticked (`cadres`), or a unit's subtree (`unit`) — by default only those whose
    login is not yet activated; with `reset` also those who have activated (their new code resets the password)."""
    writable = selectors.writable_cadres(user=request.user).filter(left_on__isnull=True)
    ids = [v for v in params.getlist("cadres") if v.isdigit()]
    unit = None
    if ids:
        cadres = writable.filter(pk__in=ids)
    else:
        unit_id = params.get("unit", "")
        unit = selectors.writable_units(user=request.user).filter(pk=unit_id).first() if unit_id.isdigit() else None
        cadres = writable.filter(unit__path__startswith=unit.path) if unit else writable.none()
        if params.get("reset") != "1":
            cadres = cadres.filter(Q(user__isnull=True) | Q(user__password__startswith=UNUSABLE))
    return list(cadres.order_by("unit__path", "employee_no")[: SHEET_MAX + 1]), unit


@role_required(*WRITERS)
def account_sheet(request):
    params = request.POST if request.method == "POST" else request.GET
    cadres, unit = _sheet_cadres(request, params)
    too_many = len(cadres) > SHEET_MAX
    cadres = cadres[:SHEET_MAX]
    eligible, skipped, accounts = services.activation_sheet_plan(cadres=cadres, actor=request.user)
    error = ""
    # A POST without a format is the preview of a selection ticked on another page.
    file_format = params.get("format", "") if request.method == "POST" else ""
    if file_format and not too_many:
        try:
            if file_format not in FORMATS:
                raise ApplicationError(_("请选择 PDF 或 XLSX。"))
            if not eligible:
                raise ApplicationError(_("没有可以生成激活码的干部。"))
            issued = services.account_activation_issue(
                cadres=eligible, actor=request.user, reason=params.get("reason", "")
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            return _sheet_response(request, issued, file_format)
    context = {
        "cadres": cadres,
        "eligible": eligible,
        "skipped": skipped,
        "new_logins": accounts.count,
        "unit": unit,
        "reset": params.get("reset") == "1",
        "too_many": too_many,
        "sheet_max": SHEET_MAX,
        "error": error,
        "units": selectors.writable_units(user=request.user).filter(closed_on__isnull=True).order_by("path"),
        "days": activation_days(),
    }
    return render(request, "org/account_sheet.html", context)


def _sheet_response(request, issued, file_format: str) -> HttpResponse:
    address = request.build_absolute_uri(reverse("account_activate"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        response = HttpResponse(sheet_xlsx(issued, address=address), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(sheet_pdf(issued, address=address), content_type="application/pdf")
    name = _("账号激活单-%(stamp)s.%(ext)s") % {"stamp": stamp, "ext": file_format}
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("accounts/", account_list, name="account_list"),
    path("accounts/create/", account_create, name="account_create"),
    path("accounts/lock/", account_lock, name="account_lock"),
    path("accounts/unlock/", account_unlock, name="account_unlock"),
    path("accounts/sheet/", account_sheet, name="account_sheet"),
]
