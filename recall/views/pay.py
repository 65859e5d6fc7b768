"""The pay linkage report (待遇挂钩) for the finance office: per month and cadre, the share of the performance bonus
withheld and the red cards' deductions, for the months chosen (default: this year so far); CSV and XLSX."""

import datetime

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from org.permissions import role_required
from org.roles import ROLE_ADMIN, ROLE_COMMITTEE, ROLE_HR
from org.selectors import organization_list
from recall import exports
from recall.selectors.cards import staff_cards
from recall.selectors.cases import staff_cases
from recall.selectors.pay import month_end, pay_rows

STAFF = (ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
MAX_MONTHS = 60


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


def _months(request) -> tuple[datetime.date, datetime.date, list[str]]:
    today = timezone.localdate()
    errors = []
    raw_first, raw_last = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    first = _month(raw_first) if raw_first else today.replace(month=1, day=1)
    last = _month(raw_last) if raw_last else today.replace(day=1)
    if first is None:
        errors.append(_("开始月份“%(value)s”无效,请写作 YYYY-MM。") % {"value": raw_first})
    if last is None:
        errors.append(_("结束月份“%(value)s”无效,请写作 YYYY-MM。") % {"value": raw_last})
    if first and last:
        if last < first:
            errors.append(_("结束月份不能早于开始月份。"))
        elif (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            errors.append(_("一次最多查询%(n)s个月。") % {"n": MAX_MONTHS})
    if errors:
        return today.replace(month=1, day=1), today.replace(day=1), errors
    return first, month_end(last), errors


def _rows(request, first, last):
    return pay_rows(cases=staff_cases(user=request.user), cards=staff_cards(user=request.user), first=first, last=last)


@role_required(*STAFF)
def pay_report(request):
    first, last, errors = _months(request)
    rows = [] if errors else _rows(request, first, last)
    context = {"rows": rows, "first": first, "last": last, "errors": errors}
    return render(request, "recall/pay_report.html", context, status=400 if errors else 200)


@role_required(*STAFF)
def pay_export(request, file_format):
    first, last, errors = _months(request)
    if errors:
        return render(request, "recall/pay_report.html", {"rows": [], "errors": errors}, status=400)
    rows = exports.pay_export_rows(_rows(request, first, last))
    exports.recall_export_record(
        actor=request.user, subjects=organization_list(user=request.user), kind=exports.PAY, file_format=file_format, rows=len(rows),
        first=f"{first:%Y-%m}", last=f"{last:%Y-%m}",
    )  # fmt: skip
    name = exports.file_name(exports.PAY, first=first, last=last)
    return exports.download(exports.PAY, rows, file_format, name)


urlpatterns = [
    path("pay/", pay_report, name="pay_report"),
    path("pay/export.csv", pay_export, {"file_format": "csv"}, name="pay_export_csv"),
    path("pay/export.xlsx", pay_export, {"file_format": "xlsx"}, name="pay_export_xlsx"),
]
