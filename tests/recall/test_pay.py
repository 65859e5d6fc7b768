"""The pay linkage report: per month and cadre, the bonus withheld (30% retraining, 100% secondary assignment, pro
rata for partial months, one rate a day where stages overlap) and the red cards' fixed deductions; CSV and XLSX,
formula-safe and byte-identical for the same data."""

import datetime
import io
from decimal import Decimal

import openpyxl

from recall import exports
from recall.models import Card, RecallCase
from recall.selectors.pay import pay_rows
from recall.services.cases import recall_case_withdraw
from tests.recall.conftest import advance, approved_card, make_case

D = datetime.date


def report() -> dict:
    """January 2025 to December 2026, by (month, name)."""
    rows = pay_rows(cases=RecallCase.objects.all(), cards=Card.objects.all(), first=D(2025, 1, 1), last=D(2026, 12, 31))
    return {(r.month, r.name): r for r in rows}


def test_the_months_across_a_stage_change_in_mid_month(recall_world):
    w = recall_world
    # Given retraining from 15 March to 15 June 2025, then a secondary assignment from 16 June (follow-up to 2026-06-16)
    advance(w, make_case(w), "reassigned")
    rows = report()
    pct = {month: r.withheld_percent for (month, _name), r in rows.items()}
    # March: 17 of 31 days at 30%
    assert pct["2025-03"] == Decimal("16.45")
    assert (rows[("2025-03", "张三")].retraining_days, rows[("2025-03", "张三")].month_days) == (17, 31)
    assert pct["2025-04"] == pct["2025-05"] == Decimal("30.00")
    # June: 15 days at 30%, 15 days at 100% — (15×30 + 15×100) / 30
    june = rows[("2025-06", "张三")]
    assert (june.retraining_days, june.reassignment_days, june.withheld_percent) == (15, 15, Decimal("65.00"))
    assert pct["2025-07"] == Decimal("100.00") and pct["2026-05"] == Decimal("100.00")
    # the follow-up's last day is 16 June 2026: 16 of 30 days
    assert pct["2026-06"] == Decimal("53.33") and "2026-07" not in pct
    assert "2025-02" not in pct


def test_overlapping_stages_count_each_day_once_at_the_higher_rate(recall_world):
    w = recall_world
    case = advance(w, make_case(w), "reassigned")
    # the assignment starts on the retraining's last day: 15 June is in both stages
    RecallCase.objects.filter(pk=case.pk).update(reassigned_on=D(2025, 6, 15))
    june = report()[("2025-06", "张三")]
    assert (june.retraining_days, june.reassignment_days) == (14, 16)
    assert june.withheld_percent == ((14 * Decimal(30) + 16 * Decimal(100)) / 30).quantize(Decimal("0.01"))


def test_a_withdrawn_case_stops_the_day_before(recall_world):
    w = recall_world
    case = advance(w, make_case(w), "retraining")
    recall_case_withdraw(case=case, actor=w.users["hr"], reason="申诉成立", today=D(2025, 5, 11))
    rows = report()
    assert rows[("2025-05", "张三")].retraining_days == 10 and ("2025-06", "张三") not in rows


def test_a_red_card_deduction_falls_in_its_month(recall_world):
    w = recall_world
    approved_card(w, color="red", issued_on=D(2025, 9, 3))
    row = report()[("2025-09", "张三")]
    assert (row.deduction, row.withheld_percent) == (Decimal("20000.00"), Decimal("0.00"))
    assert "红牌" in row.note


def test_the_files_are_formula_safe_and_the_same_for_the_same_data(recall_world):
    w = recall_world
    w.cadre.name = "=HYPERLINK(1)"
    w.cadre.save(update_fields=["name"])
    advance(w, make_case(w), "reassigned")
    rows = exports.pay_export_rows(report().values())
    csv1, csv2 = exports.csv_bytes(exports.PAY, rows), exports.csv_bytes(exports.PAY, rows)
    xlsx1, xlsx2 = exports.xlsx_bytes(exports.PAY, rows), exports.xlsx_bytes(exports.PAY, rows)
    assert csv1 == csv2 and xlsx1 == xlsx2
    text = csv1.decode("utf-8")
    assert text.startswith("\ufeff月份,工号,姓名") and "'=HYPERLINK(1)" in text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx1)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"=HYPERLINK(1)"}
    assert {sheet.cell(row=r, column=3).data_type for r in range(2, sheet.max_row + 1)} == {"s"}  # never a formula
    assert sheet["J2"].value == "16.45"
