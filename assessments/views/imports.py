"""HR pages of the score, point and veto imports: upload → the file checked in the background → preview (or the rows
in error) → confirm → job page.

The three imports share one page and one job page; the kind decides the file's columns and what is written.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import imports
from assessments.imports.jobs import JOB_KINDS, import_job_create
from assessments.imports.reading import SUPPORTED_EXTENSIONS
from assessments.imports.uploads import STORE
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
from org.models import Organization
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.roster.reading import file_extension
from org.roster.scope import roster_organizations, roster_scope

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
RECENT_JOBS = 5

PAGES = {
    imports.SCORES: {
        "url": "assessments:score_import",
        "title": gettext_lazy("评分导入"),
        "file_label": gettext_lazy("评分文件"),
        "template_file": gettext_lazy("评分导入模板.xlsx"),
        "result_url": "assessments:score_list",
        "result_label": gettext_lazy("查看评分"),
    },
    imports.POINTS_KIND: {
        "url": "assessments:point_import",
        "title": gettext_lazy("加减分导入"),
        "file_label": gettext_lazy("加减分文件"),
        "template_file": gettext_lazy("加减分导入模板.xlsx"),
        "result_url": "assessments:point_list",
        "result_label": gettext_lazy("查看加减分记录"),
    },
    imports.VETOES: {
        "url": "assessments:veto_import",
        "title": gettext_lazy("一票否决导入"),
        "file_label": gettext_lazy("一票否决文件"),
        "template_file": gettext_lazy("一票否决导入模板.xlsx"),
        "result_url": "assessments:veto_list",
        "result_label": gettext_lazy("查看一票否决记录"),
    },
}


class ImportUploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("机构"), queryset=Organization.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    file = forms.FileField(label=gettext_lazy("文件"), help_text=gettext_lazy("xlsx 或 csv 文件,表头与模板一致。"))

    def __init__(self, *args, user, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = roster_organizations(user=user)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["file"].label = PAGES[kind]["file_label"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_extension(upload.name) not in SUPPORTED_EXTENSIONS:
            raise forms.ValidationError(_("仅支持 .xlsx 和 .csv 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 %(size)d MB。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


def _page(request, kind: str, form: ImportUploadForm, extra: dict) -> HttpResponse:
    organizations = form.fields["organization"].queryset
    selected = form["organization"].value()
    jobs = BackgroundJob.objects.filter(requested_by=request.user, kind=JOB_KINDS[kind]).select_related("organization")
    context = {
        "form": form,
        "kind": kind,
        "page": PAGES[kind],
        "pages": [(k, PAGES[k]) for k in imports.KINDS],
        "template_query": {
            "organization": selected or (organizations[0].pk if len(organizations) == 1 else ""),
            "year": form["year"].value() or "",
        },
        "recent_jobs": jobs[:RECENT_JOBS],
        **extra,
    }
    return render(request, "assessments/import_page.html", context)


def _form(request, kind: str, job=None) -> ImportUploadForm:
    if job is not None:
        initial = {"organization": job.organization_id, "year": job.year}
        return ImportUploadForm(initial=initial, user=request.user, kind=kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user, kind=kind)
    organizations = form.fields["organization"].queryset
    if not form.is_bound and len(organizations) == 1:
        form.fields["organization"].initial = organizations[0].pk
    return form


def _check_url(kind: str, job) -> str:
    return f"{reverse(PAGES[kind]['url'])}?check={job.pk}"


def _import(request, kind: str):
    """The upload is stored and checked by a background job (common.imports.preview_jobs); the page follows the
    check (?check=<job>) and shows its preview, whose confirmation hands the file to the import job."""
    if request.method == "GET" and request.GET.get("template"):
        return _template(request, kind)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, kind)
    if request.method == "GET" and "check" in request.GET:
        return _check(request, kind, request.GET["check"])
    form = _form(request, kind)
    if form.is_bound and form.is_valid():
        organization, year = form.cleaned_data["organization"], form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        if roster_scope(user=request.user, organization=organization) is None:
            raise PermissionDenied
        job = preview_job_start(
            import_kind=kind,
            uploads=STORE,
            content=upload.read(),
            extension=file_extension(upload.name),
            organization=organization,
            year=year,
            file_name=upload.name,
            user=request.user,
        )
        return redirect(_check_url(kind, job))
    return _page(request, kind, form, {})


def _check(request, kind: str, pk: str):
    job, poll = preview_check(
        request, pk=pk, import_kinds=(kind,), poll_url=lambda job: _check_url(kind, job), id_prefix="import"
    )
    if poll is not None:
        return poll
    extra = {"poll_url": _check_url(kind, job), **preview_page_context(job)}
    return _page(request, kind, _form(request, kind, job), extra)


def _confirm(request, kind: str):
    """Hand the previewed file to the import job, which checks it again against the data as it is then and imports
    it only when it still plans the previewed writes; the file is not read here."""
    job = preview_job_of(user=request.user, pk=request.POST.get("preview", ""), import_kinds=(kind,))
    if job is None or job.requested_by_id != request.user.pk or not preview_confirmable(job):
        messages.error(request, _("该导入预览已失效,请重新上传文件。"))
        return redirect(PAGES[kind]["url"])
    organization = job.organization
    if organization is None or roster_scope(user=request.user, organization=organization) is None:
        raise PermissionDenied
    fingerprint = job.result["preview"]["plan"]["fingerprint"]

    def start_import(previewed):
        return import_job_create(
            kind=kind,
            organization=organization,
            year=previewed.arguments["year"],
            file_name=previewed.file_name,
            token=previewed.arguments["token"],
            extension=previewed.arguments["extension"],
            fingerprint=fingerprint,
            user=request.user,
        )

    imported = preview_job_confirm(job=job, start_import=start_import)
    if imported is None:
        messages.error(request, _("该导入预览已失效,请重新上传文件。"))
        return redirect(PAGES[kind]["url"])
    return redirect("assessments:import_job", pk=imported.pk)


def _template(request, kind: str):
    """The blank file; with the organization and year, its instructions list that organization's own choices."""
    organizations = roster_organizations(user=request.user)
    organization = None
    organization_id = request.GET.get("organization", "")
    if organization_id.isdigit():
        organization = organizations.filter(pk=int(organization_id)).first()
    elif len(organizations) == 1:
        organization = organizations[0]
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    content = imports.import_template(kind=kind, organization=organization, year=year)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, str(PAGES[kind]["template_file"]))
    return response


@role_required(ROLE_ADMIN, ROLE_HR)
def score_import(request):
    return _import(request, imports.SCORES)


@role_required(ROLE_ADMIN, ROLE_HR)
def point_import(request):
    return _import(request, imports.POINTS_KIND)


@role_required(ROLE_ADMIN, ROLE_HR)
def veto_import(request):
    return _import(request, imports.VETOES)


@role_required(ROLE_ADMIN, ROLE_HR)
def import_job(request, pk):
    """The job's progress; the page polls itself (htmx) until the job has finished. A job is its requester's
    (and the admin's): another HR user is told it does not exist."""
    job = get_object_or_404(job_list(user=request.user, kinds=tuple(JOB_KINDS.values())), pk=pk)
    page = PAGES[job.arguments["kind"]]
    try:
        result_url = reverse(page["result_url"])
    except NoReverseMatch:  # the list pages belong to other parts of the app
        result_url = ""
    template = "assessments/_import_job_status.html" if request.htmx else "assessments/import_job.html"
    context = {"job": job, "page": page, "import_url": reverse(page["url"]), "result_url": result_url}
    return render(request, template, context)


urlpatterns = [
    path("imports/scores/", score_import, name="score_import"),
    path("imports/points/", point_import, name="point_import"),
    path("imports/vetoes/", veto_import, name="veto_import"),
    path("imports/jobs/<int:pk>/", import_job, name="import_job"),
]
