"""Pages of the competition losses (全员竞聘落聘): the list, one recorded by hand, and an import in two steps (the
upload checks every row and previews them, the confirmation writes them all or nothing), with a blank template."""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from common.exports import XLSX_CONTENT_TYPE
from common.imports.issues import ImportInvalid
from common.imports.reading import file_extension
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope, organization_list
from recall.forms.competitions import CompetitionImportForm, CompetitionLossForm
from recall.selectors.cases import competition_loss_list
from recall.services.competitions import (
    COLUMNS,
    UPLOADS,
    competition_loss_record,
    competition_losses_check,
    competition_losses_import,
)

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)
SESSION_KEY = "recall_competition_upload"


@role_required(*STAFF)
def competition_list(request):
    losses = competition_loss_list(user=request.user).order_by("-held_on", "cadre__employee_no")[:500]
    return render(request, "recall/competition_list.html", {"losses": losses})


@role_required(*HR)
def competition_create(request):
    cadres = cadres_in_scope(user=request.user, roles=(ROLE_HR,))
    form = CompetitionLossForm(request.POST or None, cadres=cadres)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            competition_loss_record(
                cadre=data["cadre"],
                competition=data["competition"],
                held_on=data["held_on"],
                post_sought=data["post_sought"],
                note=data["note"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("竞聘落聘已登记。"))
            return redirect("recall:competition_list")
    return render(request, "recall/competition_form.html", {"form": form})


def _organization(request):
    """The organization the HR user imports for (the admin: the first)."""
    roles = get_roles(request.user)
    qs = organization_list(user=request.user)
    if not roles.is_admin:
        qs = qs.filter(pk__in=roles.organization_ids(ROLE_HR))
    return qs.order_by("pk").first()


@role_required(*HR)
def competition_import(request):
    organization = _organization(request)
    form = CompetitionImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "organization": organization}
    if request.method != "POST":
        return render(request, "recall/competition_import.html", context)
    if request.POST.get("action") == "confirm":
        return _confirm(request, organization, context)
    if not form.is_valid():
        return render(request, "recall/competition_import.html", context, status=400)
    upload = form.cleaned_data["file"]
    content, name = upload.read(), upload.name
    try:
        if organization is None:
            raise ApplicationError(_("您的管理范围内没有干部,不能导入。"), code="permission_denied")
        rows = competition_losses_check(organization=organization, content=content, file_name=name, actor=request.user)
    except ImportInvalid as invalid:
        context.update({"issues": invalid.issues, "message": invalid.message})
        return render(request, "recall/competition_import.html", context, status=400)
    except ApplicationError as error:
        add_error_to_form(form, error)
        return render(request, "recall/competition_import.html", context, status=400)
    extension = file_extension(name)
    token = UPLOADS.save(content=content, extension=extension)
    request.session[SESSION_KEY] = {"token": token, "extension": extension, "name": name}
    context.update({"rows": rows, "token": token, "file_name": name})
    return render(request, "recall/competition_import.html", context)


def _confirm(request, organization, context):
    kept = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    content = UPLOADS.load(token=token, extension=kept.get("extension", "")) if token == kept.get("token") else None
    if content is None or organization is None:
        context["message"] = _("上传的文件已失效,请重新上传。")
        return render(request, "recall/competition_import.html", context, status=400)
    try:
        created = competition_losses_import(
            organization=organization, content=content, file_name=kept["name"], actor=request.user
        )
    except ImportInvalid as invalid:
        # 剩余信息保护: a refused file is not kept either; a corrected one is uploaded again.
        UPLOADS.delete(token=token, extension=kept["extension"])
        request.session.pop(SESSION_KEY, None)
        context.update({"issues": invalid.issues, "message": invalid.message})
        return render(request, "recall/competition_import.html", context, status=400)
    UPLOADS.delete(token=token, extension=kept["extension"])
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("已导入 %(n)d 条竞聘落聘记录。") % {"n": len(created)})
    return redirect("recall:competition_list")


@role_required(*HR)
def competition_template(request):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "竞聘落聘"
    sheet.append(list(COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "竞聘落聘导入模板.xlsx")
    return response


urlpatterns = [
    path("competitions/", competition_list, name="competition_list"),
    path("competitions/new/", competition_create, name="competition_create"),
    path("competitions/import/", competition_import, name="competition_import"),
    path("competitions/template.xlsx", competition_template, name="competition_template"),
]
