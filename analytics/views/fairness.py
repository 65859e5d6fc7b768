"""The group fairness page (组内公平分析) and its downloads: per group, the subgroups by unit kind, their medians, the
rank test and its verdict, box plots."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from analytics.charts import box_plots
from analytics.exports import FORMATS, Table, number, table_response
from analytics.selectors.fairness import FairnessReport, fairness_report
from analytics.views.choice import READERS, download_format, page_choice
from org.permissions import role_required


def fairness_header() -> list[str]:
    return [
        _("考核组"),
        _("单位类别"),
        _("人数"),
        _("中位数"),
        _("平均分"),
        _("检验"),
        _("统计量"),
        _("p 值"),
        _("效应量"),
        _("结论"),
        _("建议"),
    ]


def fairness_rows(report: FairnessReport):
    for g in report.groups:
        c = g.comparison
        for s in c.subgroups:
            yield [
                g.group_name,
                s.label,
                s.n,
                number(s.median),
                number(s.mean),
                g.test_label,
                number(c.statistic),
                number(c.p_value, 4),
                number(c.effect, 3),
                g.verdict,
                g.suggestion,
            ]


def fairness_tables(report: FairnessReport) -> list[Table]:
    return [Table("groups", _("组内公平"), fairness_header(), list(fairness_rows(report)))]


@role_required(*READERS)
def fairness(request):
    choice, error = page_choice(request)
    report = None
    sections = []
    if choice.year is not None:
        report = fairness_report(user=request.user, organization=choice.organization, year=choice.year)
        for g in report.groups:
            chart = box_plots(
                [(s.label, s.values) for s in g.comparison.subgroups],
                title=_("%(group)s 各类单位综合分分布") % {"group": g.group_name},
                y_label=_("综合分"),
            )
            sections.append((g, chart))
    context = {"choice": choice, "error": error, "report": report, "sections": sections, "formats": FORMATS}
    return render(request, "analytics/fairness.html", context, status=400 if error else 200)


@role_required(*READERS)
def fairness_export(request):
    choice, error = page_choice(request)
    file_format = download_format(request)
    if error or choice.year is None:
        raise Http404
    report = fairness_report(user=request.user, organization=choice.organization, year=choice.year)
    return table_response(
        stem=_("%(org)s%(year)s年组内公平分析") % {"org": choice.organization.name, "year": choice.year},
        tables=fairness_tables(report),
        part="",
        file_format=file_format,
        year=choice.year,
    )


urlpatterns = [
    path("fairness/", fairness, name="fairness"),
    path("fairness/export/", fairness_export, name="fairness_export"),
]
