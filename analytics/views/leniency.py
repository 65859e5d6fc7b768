"""The rater leniency page (评分人宽严分析) and its downloads: for HR before publication and the committee when it
decides ties at a boundary."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from analytics.charts import rater_scatter
from analytics.exports import FORMATS, Table, number, percent, table_response
from analytics.selectors.leniency import LeniencyReport, leniency_report
from analytics.views.choice import READERS, download_format, page_choice
from org.permissions import role_required


def rater_header() -> list[str]:
    return [
        _("期间"),
        _("评分人工号"),
        _("评分人"),
        _("评分数"),
        _("平均分"),
        _("标准差"),
        _("高分占比"),
        _("与他人共识相关"),
        _("偏离(标准差倍数)"),
        _("提示"),
    ]


def rater_cells(row) -> list:
    return [
        row.period_label,
        row.rater.employee_no,
        row.rater.name,
        row.n,
        number(row.mean),
        number(row.sd),
        percent(row.top_share),
        number(row.consensus_r),
        number(row.z),
        _("明显偏宽") if row.flagged and row.z > 0 else _("明显偏严") if row.flagged else "",
    ]


def composite_header() -> list[str]:
    return [
        _("工号"),
        _("姓名"),
        _("考核组"),
        _("正式综合分"),
        _("正式排名"),
        _("标准化参考分"),
        _("参考排名"),
        _("名次变化"),
    ]


def composite_cells(row) -> list:
    return [
        row.cadre.employee_no,
        row.cadre.name,
        row.group_name,
        number(row.official),
        row.official_rank,
        number(row.advisory),
        row.advisory_rank,
        "" if row.rank_change is None else f"{row.rank_change:+d}" if row.rank_change else "0",
    ]


def leniency_tables(report: LeniencyReport) -> list[Table]:
    return [
        Table("raters", _("评分人宽严"), rater_header(), [rater_cells(r) for r in report.raters]),
        Table("composites", _("标准化参考分"), composite_header(), [composite_cells(r) for r in report.composites]),
    ]


def _charts(report: LeniencyReport) -> list[tuple[str, str, list, object]]:
    sections = []
    for kind, label in report.periods:
        rows = report.raters_of(kind)
        chart = rater_scatter(
            [(r.rater.name, r.mean, r.sd, r.flagged) for r in rows],
            title=_("%(period)s 评分人平均分与标准差") % {"period": label},
            x_label=_("平均分"),
            y_label=_("标准差"),
        )
        sections.append((kind, label, rows, chart))
    return sections


@role_required(*READERS)
def leniency(request):
    choice, error = page_choice(request)
    report = None
    if choice.year is not None:
        report = leniency_report(user=request.user, organization=choice.organization, year=choice.year)
    context = {
        "choice": choice,
        "error": error,
        "report": report,
        "sections": _charts(report) if report else [],
        "formats": FORMATS,
    }
    return render(request, "analytics/leniency.html", context, status=400 if error else 200)


@role_required(*READERS)
def leniency_export(request):
    choice, error = page_choice(request)
    file_format = download_format(request)
    if error or choice.year is None:
        raise Http404
    report = leniency_report(user=request.user, organization=choice.organization, year=choice.year)
    return table_response(
        stem=_("%(org)s%(year)s年评分人宽严分析") % {"org": choice.organization.name, "year": choice.year},
        tables=leniency_tables(report),
        part=request.GET.get("part", ""),
        file_format=file_format,
        year=choice.year,
    )


urlpatterns = [
    path("raters/", leniency, name="leniency"),
    path("raters/export/", leniency_export, name="leniency_export"),
]
