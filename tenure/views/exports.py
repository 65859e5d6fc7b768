"""The tenure downloads: the term register and the audits (HR and the committee: the rows of their units; the
admin all) and a round's evaluations (the round's staff), each as CSV and XLSX, each recorded in the audit log."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from common.exports import XLSX_CONTENT_TYPE
from org.models import Organization
from org.permissions import role_required
from tenure import exports
from tenure.selectors.audits import audit_list
from tenure.selectors.evaluations import evaluation_list, round_list
from tenure.selectors.terms import term_list, term_rows
from tenure.views.base import STAFF_ROLES


def _respond(file_format: str, name: str, columns, rows):
    if file_format == "csv":
        return exports.csv_download(f"{name}.csv", columns, rows)
    response = HttpResponse(exports.xlsx_bytes(name, columns, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    return response


def _record(request, organization_ids, *, what: str, file_format: str, rows: int, year=None) -> None:
    for organization in Organization.objects.filter(pk__in=set(organization_ids)).order_by("pk"):
        exports.export_record(
            actor=request.user, subject=organization, what=what, file_format=file_format, rows=rows, year=year
        )


def _terms(request, file_format: str):
    terms = list(term_list(user=request.user).order_by("post__unit__path", "post__name", "starts_on", "seq"))
    rows = exports.term_rows(term_rows(terms, as_of=timezone.localdate()))
    _record(request, [t.organization_id for t in terms], what="terms", file_format=file_format, rows=len(rows))
    return _respond(file_format, "任期登记", exports.TERM_HEADER, rows)


def _round(request, pk: int, file_format: str):
    round_ = get_object_or_404(round_list(user=request.user), pk=pk)
    evaluations = (
        evaluation_list(user=request.user).filter(round=round_).order_by("level", "system__sort_order", "rank")
    )
    rows = exports.evaluation_rows(round_, evaluations)
    _record(
        request, [round_.organization_id], what="evaluations", file_format=file_format, rows=len(rows), year=round_.year
    )
    name = f"{round_.year}年{round_.get_stage_display()}结果"
    return _respond(file_format, name, exports.EVALUATION_HEADER, rows)


def _audits(request, file_format: str):
    audits = list(audit_list(user=request.user).order_by("-period_to", "pk"))
    rows = exports.audit_rows(audits)
    _record(request, [a.organization_id for a in audits], what="audits", file_format=file_format, rows=len(rows))
    return _respond(file_format, "经济责任审计", exports.AUDIT_HEADER, rows)


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def terms_csv(request):
    return _terms(request, "csv")


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def terms_xlsx(request):
    return _terms(request, "xlsx")


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def round_csv(request, pk):
    return _round(request, pk, "csv")


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def round_xlsx(request, pk):
    return _round(request, pk, "xlsx")


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def audits_csv(request):
    return _audits(request, "csv")


@role_required(*STAFF_ROLES)
@require_safe  # a download records itself in the audit log: only a GET may
def audits_xlsx(request):
    return _audits(request, "xlsx")


urlpatterns = [
    path("terms/export.csv", terms_csv, name="terms_export_csv"),
    path("terms/export.xlsx", terms_xlsx, name="terms_export_xlsx"),
    path("evaluations/<int:pk>/export.csv", round_csv, name="round_export_csv"),
    path("evaluations/<int:pk>/export.xlsx", round_xlsx, name="round_export_xlsx"),
    path("audits/export.csv", audits_csv, name="audits_export_csv"),
    path("audits/export.xlsx", audits_xlsx, name="audits_export_xlsx"),
]
