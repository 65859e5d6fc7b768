"""Pages of a closed evaluation's results: on screen, the result sheet (PDF), the results list and the scores in
the score-import shape (CSV / XLSX). Every download is audited."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.http import content_disposition_header

from ballots import exports, scales
from ballots.result_sheet import result_sheet_pdf
from ballots.selectors import evaluations as selectors
from ballots.selectors.results import result_sheet
from ballots.views.evaluations import READERS, can_write
from org.permissions import role_required

DEFAULT_COMPONENT = "民主测评"
DEFAULT_PERIOD = "全年"


def _sheet(request, pk):
    evaluation = get_object_or_404(selectors.evaluation_list(user=request.user), pk=pk)
    return evaluation, result_sheet(evaluation)


@role_required(*READERS)
def results(request, pk):
    evaluation, sheet = _sheet(request, pk)
    legends = []
    if sheet is not None:
        legends = [
            (item, " / ".join(str(label) for _code, label in scales.options_of(item.scale)))
            for item in sheet.graded_items
        ]
    context = {
        "evaluation": evaluation,
        "sheet": sheet,
        "graded_legends": legends,
        "can_write": can_write(request.user),
        "formats": exports.FORMATS,
        "default_component": DEFAULT_COMPONENT,
        "default_period": DEFAULT_PERIOD,
    }
    return render(request, "ballots/results.html", context)


@role_required(*READERS)
def results_pdf(request, pk):
    evaluation, sheet = _sheet(request, pk)
    if sheet is None:
        raise Http404
    exports.results_export_record(actor=request.user, sheet=sheet, what="result_sheet", file_format="pdf")
    response = HttpResponse(result_sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{evaluation.title}-测评结果.pdf")
    return response


@role_required(*READERS)
def results_export(request, pk):
    _evaluation, sheet = _sheet(request, pk)
    file_format = request.GET.get("format", "csv")
    if sheet is None or file_format not in exports.FORMATS:
        raise Http404
    exports.results_export_record(actor=request.user, sheet=sheet, what="results", file_format=file_format)
    return exports.results_response(sheet, file_format=file_format)


@role_required(*READERS)
def score_export(request, pk):
    _evaluation, sheet = _sheet(request, pk)
    file_format = request.GET.get("format", "csv")
    if sheet is None or file_format not in exports.FORMATS:
        raise Http404
    component = (request.GET.get("component") or DEFAULT_COMPONENT).strip()[:100]
    period = (request.GET.get("period") or DEFAULT_PERIOD).strip()[:20]
    rater_no = (request.GET.get("rater") or "").strip()[:32]
    exports.results_export_record(actor=request.user, sheet=sheet, what="scores", file_format=file_format)
    return exports.score_response(sheet, file_format=file_format, period=period, component=component, rater_no=rater_no)


urlpatterns = [
    path("<int:pk>/results/", results, name="results"),
    path("<int:pk>/results/sheet.pdf", results_pdf, name="results_sheet"),
    path("<int:pk>/results/export/", results_export, name="results_export"),
    path("<int:pk>/results/scores/", score_export, name="score_export"),
]
