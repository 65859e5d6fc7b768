"""Pages of the competition losses (全员竞聘落聘): the list, one recorded by hand, and an import in two steps (the
upload's check runs as a background job that checks every row and previews them, the confirmation writes them all or
nothing), with a blank template."""

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.errors import ApplicationError, add_error_to_form
from common.exports import XLSX_CONTENT_TYPE
from common.imports.issues import ImportInvalid, ImportIssue
from common.imports.preview_jobs import (
    preview_confirmable,
    preview_job_apply,
    preview_job_of,
    preview_job_start,
    preview_page_context,
)
from common.imports.preview_views import preview_check
from common.imports.reading import file_extension
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR, get_roles
from org.selectors import cadres_in_scope, organization_list
from recall.forms.competitions import CompetitionImportForm, CompetitionLossForm
from recall.previews import IMPORT_KIND
from recall.selectors.cases import competition_loss_list
from recall.services.competitions import COLUMNS, UPLOADS, competition_loss_record, competition_losses_apply

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HR = (ROLE_ADMIN, ROLE_HR)


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


def _check_url(job) -> str:
    return f"{reverse('recall:competition_import')}?check={job.pk}"


@role_required(*HR)
def competition_import(request):
    """The upload is stored and checked by a background job (common.imports.preview_jobs); the page follows the
    check (?check=<job>) and shows its preview, whose confirmation writes the rows the check kept."""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    if request.method == "GET" and "check" in request.GET:
        return _check(request, request.GET["check"])
    organization = _organization(request)
    form = CompetitionImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "organization": organization}
    if request.method != "POST":
        return render(request, "recall/competition_import.html", context)
    if not form.is_valid():
        return render(request, "recall/competition_import.html", context, status=400)
    if organization is None:
        add_error_to_form(form, ApplicationError(_("您的管理范围内没有干部,不能导入。"), code="permission_denied"))
        return render(request, "recall/competition_import.html", context, status=400)
    upload = form.cleaned_data["file"]
    job = preview_job_start(
        import_kind=IMPORT_KIND,
        uploads=UPLOADS,
        content=upload.read(),
        extension=file_extension(upload.name),
        organization=organization,
        year=timezone.localdate().year,
        file_name=upload.name,
        user=request.user,
    )
    return redirect(_check_url(job))


def _check(request, pk: str):
    job, poll = preview_check(request, pk=pk, import_kinds=(IMPORT_KIND,), poll_url=_check_url, id_prefix="import")
    if poll is not None:
        return poll
    context = {
        "form": CompetitionImportForm(),
        "organization": job.organization,
        "poll_url": _check_url(job),
        **preview_page_context(job),
    }
    if context.get("issues"):
        context["issues"] = [ImportIssue(**issue) for issue in context["issues"]]
        context["message"] = job.message
    return render(request, "recall/competition_import.html", context)


def _confirm(request):
    """Write the rows the preview job checked and kept, after checking them again against the data as it is now
    (all or nothing); the file is not read here. Another user's preview does not exist for this one."""
    job = preview_job_of(user=request.user, pk=request.POST.get("preview", ""), import_kinds=(IMPORT_KIND,))
    if job is None:
        raise Http404
    expired = _("上传的文件已失效,请重新上传。")
    organization = job.organization
    if job.requested_by_id != request.user.pk or organization is None or not preview_confirmable(job):
        context = {"form": CompetitionImportForm(), "organization": organization, "message": expired}
        return render(request, "recall/competition_import.html", context, status=400)

    def apply(previewed):
        return competition_losses_apply(
            organization=organization,
            entries=previewed.result["preview"].get("entries", []),
            file_name=previewed.file_name,
            actor=request.user,
        )

    try:
        created = preview_job_apply(job=job, apply=apply)
    except ImportInvalid as invalid:
        context = {
            "form": CompetitionImportForm(),
            "organization": organization,
            "issues": invalid.issues,
            "message": invalid.message,
        }
        return render(request, "recall/competition_import.html", context, status=400)
    except ApplicationError as error:
        form = CompetitionImportForm()
        context = {"form": form, "organization": organization, "message": error.message}
        return render(request, "recall/competition_import.html", context, status=400)
    if created is None:
        context = {"form": CompetitionImportForm(), "organization": organization, "message": expired}
        return render(request, "recall/competition_import.html", context, status=400)
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
