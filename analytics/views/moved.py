"""The moved-away cadres page (调离干部评分对比) and its downloads."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from analytics.exports import FORMATS, Table, number, table_response
from analytics.selectors.moved import MovedReport, moved_report
from analytics.views.choice import READERS, download_format, page_choice
from org.permissions import role_required


def moved_header() -> list[str]:
    return [
        _("工号"),
        _("姓名"),
        _("调离日期"),
        _("方式"),
        _("原职务或原因"),
        _("各期得分"),
        _("调离前平均"),
        _("调离后平均"),
        _("本人变化"),
        _("其他干部同期变化"),
        _("相对变化"),
        _("提示"),
    ]


def _periods_text(row) -> str:
    return ";".join(f"{p.label}{'*' if p.after else ''}:{number(p.value)}" for p in row.periods if p.value is not None)


def moved_tables(report: MovedReport) -> list[Table]:
    rows = [
        [
            r.cadre.employee_no,
            r.cadre.name,
            r.moved_on.isoformat(),
            r.how,
            r.what,
            _periods_text(r),
            number(r.before),
            number(r.after),
            number(r.change),
            number(r.others_change),
            number(r.relative),
            r.note,
        ]
        for r in report.rows
    ]
    return [Table("moved", _("调离干部"), moved_header(), rows)]


@role_required(*READERS)
def moved(request):
    choice, error = page_choice(request)
    report = None
    if choice.year is not None:
        report = moved_report(user=request.user, organization=choice.organization, year=choice.year)
    context = {"choice": choice, "error": error, "report": report, "formats": FORMATS}
    return render(request, "analytics/moved.html", context, status=400 if error else 200)


@role_required(*READERS)
def moved_export(request):
    choice, error = page_choice(request)
    file_format = download_format(request)
    if error or choice.year is None:
        raise Http404
    report = moved_report(user=request.user, organization=choice.organization, year=choice.year)
    return table_response(
        stem=_("%(org)s%(year)s年调离干部评分对比") % {"org": choice.organization.name, "year": choice.year},
        tables=moved_tables(report),
        part="",
        file_format=file_format,
        year=choice.year,
    )


urlpatterns = [
    path("moved/", moved, name="moved"),
    path("moved/export/", moved_export, name="moved_export"),
]
