"""HR pages of the score, point and veto imports: upload → preview (or the rows in error) → confirm → job page.

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
from assessments.imports.uploads import upload_delete, upload_load, upload_save
from common.jobs.selectors import job_list
from common.models import BackgroundJob
from org.models import Organization
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_HR
from org.roster.reading import file_extension
from org.roster.scope import roster_organizations, roster_scope

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PENDING_KEY = "assessment_import_pending"
MAX_ISSUES_LISTED = 1000
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


def _plan_context(plan: imports.ImportPlan) -> dict:
    issues = plan.sorted_issues()
    return {
        "plan": plan,
        "issues": issues[:MAX_ISSUES_LISTED],
        "issue_count": len(issues),
        "more_issues": max(len(issues) - MAX_ISSUES_LISTED, 0),
        "sections": plan.sections() if plan.is_valid else [],
    }


def _pending(request) -> dict:
    return request.session.get(PENDING_KEY, {})


def _remember(request, token: str, entry: dict) -> None:
    pending = _pending(request)
    pending[token] = entry
    request.session[PENDING_KEY] = pending


def _forget(request, token: str, entry: dict | None = None) -> None:
    pending = _pending(request)
    pending.pop(token, None)
    request.session[PENDING_KEY] = pending
    if entry is not None:
        upload_delete(token=token, extension=entry["extension"])


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


def _import(request, kind: str):
    if request.method == "GET" and request.GET.get("template"):
        return _template(request, kind)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user, kind=kind)
    organizations = form.fields["organization"].queryset
    if not form.is_bound and len(organizations) == 1:
        form.fields["organization"].initial = organizations[0].pk
    extra = {}
    if form.is_bound and form.is_valid():
        organization, year = form.cleaned_data["organization"], form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        scope = roster_scope(user=request.user, organization=organization)
        if scope is None:
            raise PermissionDenied
        content = upload.read()
        plan = imports.import_preview(
            kind=kind,
            organization=organization,
            year=year,
            content=content,
            file_name=upload.name,
            scope=scope,
            user=request.user,
        )
        extra.update(_plan_context(plan))
        if plan.is_valid and plan.has_changes:
            extension = file_extension(upload.name)
            token = upload_save(content=content, extension=extension)
            _remember(
                request,
                token,
                {
                    "kind": kind,
                    "organization": organization.pk,
                    "year": year,
                    "file_name": upload.name,
                    "extension": extension,
                    "fingerprint": plan.fingerprint,
                },
            )
            extra["token"] = token
    return _page(request, kind, form, extra)


def _confirm(request, kind: str):
    """Check the file again against the data as it is now; when it still plans the previewed writes, hand the
    import to a background job and follow it on its own page."""
    token = request.POST.get("token", "")
    entry = _pending(request).get(token)
    if entry is not None and entry.get("kind") != kind:
        entry = None
    content = upload_load(token=token, extension=entry["extension"]) if entry else None
    organization = Organization.objects.filter(pk=entry["organization"]).first() if entry else None
    if content is None or organization is None:
        messages.error(request, _("该导入预览已失效,请重新上传文件。"))
        return redirect(PAGES[kind]["url"])
    scope = roster_scope(user=request.user, organization=organization)
    if scope is None:
        raise PermissionDenied
    form = ImportUploadForm(
        initial={"organization": organization.pk, "year": entry["year"]}, user=request.user, kind=kind
    )
    plan = imports.import_preview(
        kind=kind,
        organization=organization,
        year=entry["year"],
        content=content,
        file_name=entry["file_name"],
        scope=scope,
        user=request.user,
    )
    if not plan.is_valid:
        _forget(request, token, entry)
        return _page(
            request, kind, form, {**_plan_context(plan), "notice": _("确认时重新校验发现错误,未导入任何数据。")}
        )
    if plan.fingerprint != entry["fingerprint"]:
        extra = {**_plan_context(plan), "notice": _("预览之后系统数据已发生变化,请核对新的导入预览后再确认。")}
        if plan.has_changes:
            entry["fingerprint"] = plan.fingerprint
            _remember(request, token, entry)
            extra["token"] = token
        else:
            _forget(request, token, entry)
        return _page(request, kind, form, extra)
    _forget(request, token)  # the job owns the file from here on
    job = import_job_create(
        kind=kind,
        organization=organization,
        year=entry["year"],
        file_name=entry["file_name"],
        token=token,
        extension=entry["extension"],
        fingerprint=entry["fingerprint"],
        user=request.user,
    )
    return redirect("assessments:import_job", pk=job.pk)


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
