"""Downloads of the step-down list (主动让贤名单) for the party group's meeting: CSV and XLSX, `?year=YYYY`
required, `state=` optional. HR and the party committee get the rows of their units (the admin all); each download
is recorded in the audit log."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.exports import XLSX_CONTENT_TYPE
from demotion import exports
from demotion.models import StepDownCase
from org.models import Organization
from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_list

EXPORT_ROLES = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)


def _parameters(request) -> tuple[int | None, str, list[str]]:
    errors = []
    raw_year = request.GET.get("year", "").strip()
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else None
    if year is None:
        errors.append(
            _("请指定年度(四位数字),例如 ?year=2025。")
            if not raw_year
            else _("年度“%(year)s”无效,请填写四位数字的年度。") % {"year": raw_year}
        )
    state = request.GET.get("state", "").strip()
    if state and state not in StepDownCase.State.values:
        errors.append(_("状态“%(state)s”无效。") % {"state": state})
    return year, state, errors


def _export(request, file_format: str):
    year, state, errors = _parameters(request)
    if errors:
        return render(request, "demotion/letter_export_error.html", {"errors": errors}, status=400)
    cases = list(exports.stepdown_cases(year=year, user=request.user, state=state))
    rows = exports.export_rows(cases)
    org_ids = {case.organization_id for case in cases}
    organizations = (
        Organization.objects.filter(pk__in=org_ids) if org_ids else organization_list(user=request.user)
    ).order_by("pk")
    exports.stepdown_export_record(
        actor=request.user, organizations=organizations, year=year, file_format=file_format, rows=len(rows), state=state
    )
    if file_format == "csv":
        return exports.csv_download(year=year, rows=rows, state=state)
    names = "、".join(o.name for o in organizations)
    response = HttpResponse(exports.xlsx_bytes(rows, organization=names, year=year), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, exports.export_file_name(year=year, extension="xlsx", state=state)
    )
    return response


@role_required(*EXPORT_ROLES)
def stepdown_export_csv(request):
    return _export(request, "csv")


@role_required(*EXPORT_ROLES)
def stepdown_export_xlsx(request):
    return _export(request, "xlsx")


urlpatterns = [
    path("stepdowns/export.csv", stepdown_export_csv, name="stepdown_export_csv"),
    path("stepdowns/export.xlsx", stepdown_export_xlsx, name="stepdown_export_xlsx"),
]
