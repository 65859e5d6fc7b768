"""HR pages of the roster import: upload → the file checked in the background → preview (or the rows in error) →
confirm → the import job's result."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports.preview_jobs import (
    preview_confirmable,
    preview_job_confirm,
    preview_job_of,
    preview_job_start,
    preview_page_context,
)
from common.imports.preview_views import preview_check
from common.jobs.selectors import job_list
from common.models import BackgroundJob
from org import roster
from org.models import Organization
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.roster.jobs import roster_job_create
from org.roster.plan import NEW
from org.roster.previews import IMPORT_KIND
from org.roster.reading import SUPPORTED_EXTENSIONS, file_extension
from org.roster.uploads import STORE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RosterUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("机构"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=gettext_lazy("花名册文件"), help_text=gettext_lazy("xlsx 或 csv 文件,表头与模板一致。")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = roster.roster_organizations(user=user)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_extension(upload.name) not in SUPPORTED_EXTENSIONS:
            raise forms.ValidationError(_("仅支持 .xlsx 和 .csv 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 %(size)d MB。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


def _name_choices(request, near_duplicates: list[dict]) -> dict[str, str]:
    """HR's answers about the preview's new names close to existing ones: only answers the preview offered."""
    choices = {}
    for near in near_duplicates:
        value = request.POST.get(f"choice:{near['key']}", "")
        if value == NEW or value in {str(pk) for pk, _label in near["candidates"]}:
            choices[near["key"]] = value
    return choices


def _form(request, job=None) -> RosterUploadForm:
    if job is not None:
        initial = {"organization": job.organization_id, "year": job.year}
        return RosterUploadForm(initial=initial, user=request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    organizations = cast(forms.ModelChoiceField, form.fields["organization"]).queryset
    assert organizations is not None  # the form sets the user's organizations
    if not form.is_bound and len(organizations) == 1:
        form.fields["organization"].initial = organizations[0].pk
    return form


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_import(request):
    """The upload is stored and checked by a background job (common.imports.preview_jobs); the page follows the
    check (?check=<job>) and shows its preview, whose confirmation hands the file to the import job."""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    if request.method == "GET" and "check" in request.GET:
        return _check(request, request.GET["check"])
    form = _form(request)
    if form.is_bound and form.is_valid():
        organization, year = form.cleaned_data["organization"], form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        if roster.roster_scope(user=request.user, organization=organization) is None:
            raise PermissionDenied
        job = preview_job_start(
            import_kind=IMPORT_KIND,
            uploads=STORE,
            content=upload.read(),
            extension=file_extension(upload.name),
            organization=organization,
            year=year,
            file_name=upload.name,
            user=request.user,
        )
        return redirect(_check_url(job))
    return render(request, "org/roster_import.html", {"form": form})


def _check_url(job) -> str:
    return f"{reverse('org:roster_import')}?check={job.pk}"


def _check(request, pk: str):
    job, poll = preview_check(request, pk=pk, import_kinds=(IMPORT_KIND,), poll_url=_check_url, id_prefix="roster")
    if poll is not None:
        return poll
    context = {"form": _form(request, job), "poll_url": _check_url(job), **preview_page_context(job)}
    return render(request, "org/roster_import.html", context)


def _confirm(request):
    """Hand the previewed file to the import job, which checks it again against the data as it is then and imports
    it only when it still plans the previewed changes; the file is not read here."""
    job = preview_job_of(user=request.user, pk=request.POST.get("preview", ""), import_kinds=(IMPORT_KIND,))
    if job is None or job.requested_by_id != request.user.pk or not preview_confirmable(job):
        messages.error(request, _("该导入预览已失效,请重新上传花名册。"))
        return redirect("org:roster_import")
    organization = job.organization
    if organization is None or roster.roster_scope(user=request.user, organization=organization) is None:
        raise PermissionDenied
    preview = job.result["preview"]
    choices = _name_choices(request, preview.get("near_duplicates", []))
    if len(choices) < len(preview.get("near_duplicates", [])):
        context = {"form": _form(request, job), **preview_page_context(job)}
        context["notice"] = _("请为每个与已有名称相近的新名称作出选择:使用已有的,或新建。")
        return render(request, "org/roster_import.html", context)

    def start_import(previewed):
        return roster_job_create(
            organization=organization,
            year=previewed.arguments["year"],
            file_name=previewed.file_name,
            token=previewed.arguments["token"],
            extension=previewed.arguments["extension"],
            fingerprint=preview["plan"]["fingerprint"],
            user=request.user,
            name_choices=choices,
        )

    imported = preview_job_confirm(job=job, start_import=start_import)
    if imported is None:
        messages.error(request, _("该导入预览已失效,请重新上传花名册。"))
        return redirect("org:roster_import")
    return redirect("org:roster_job", pk=imported.pk)


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_job(request, pk):
    """The job's progress; the page polls itself (htmx) until the job has finished."""
    job = get_object_or_404(job_list(user=request.user, kinds=(BackgroundJob.Kind.ROSTER_IMPORT,)), pk=pk)
    template = "org/_roster_job_status.html" if request.htmx else "org/roster_job.html"
    return render(request, template, {"job": job})


@role_required(ROLE_ADMIN, ROLE_HR)
def roster_template(request):
    response = HttpResponse(roster.roster_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _("干部花名册模板.xlsx"))
    return response
