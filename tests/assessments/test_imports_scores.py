"""The score import (评分导入): reading, checking every row, the plan, and writing all or nothing.

On top of the scoring fixture (2025 four-part scheme, Q1 open, 王五 R001 rates 张三 A001 and 李四 B001 on every
component) the `imp` fixture opens H1 and adds a second rater, 赵六 R002, with the same assignments.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.imports import FORMATS, ImportChanged, ImportInvalid, import_apply, import_preview
from assessments.models import Period, PointEntry, RaterAssignment, Scheme, Score, VetoEntry
from assessments.services import period_close, period_open, rater_assign_bulk, scheme_update, score_save
from common.models import AuditLog
from org.roster import WHOLE_ORGANIZATION, roster_scope
from tests.factories import CadreFactory, UserFactory

YEAR = 2025
SCORE_HEADER = list(FORMATS["scores"].columns)


# --- building files (no binary fixtures) -------------------------------------------------------------------------


def srow(period="第一季度", component="季度述职评议", rater="R001", ratee="A001", score="85", note="", year=YEAR):
    """One score row, in column order."""
    return [year, period, component, rater, ratee, score, note]


def xlsx_bytes(rows, *, header, title) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for r in rows:
        sheet.append(list(r))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, header, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def scores_csv(rows, encoding="utf-8") -> bytes:
    return csv_bytes(rows, header=SCORE_HEADER, encoding=encoding)


def db_counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Score, PointEntry, VetoEntry, AuditLog)}


def preview(world, content, name="评分.csv", *, kind="scores", scope=WHOLE_ORGANIZATION, year=YEAR):
    return import_preview(kind=kind, organization=world.org, year=year, content=content, file_name=name, scope=scope)


def apply(world, content, name="评分.csv", *, kind="scores", scope=WHOLE_ORGANIZATION, year=YEAR, **kwargs):
    return import_apply(
        kind=kind, organization=world.org, year=year, content=content, file_name=name, scope=scope, **kwargs
    )


def issues_of(plan_or_error) -> set[tuple]:
    return {(i.row, i.column) for i in plan_or_error.issues}


def messages_of(plan_or_error) -> str:
    return "\n".join(str(i) for i in plan_or_error.issues)


class Imp:
    def __init__(self, world, scoring):
        self.world = world
        self.scoring = scoring
        self.scheme = scoring.scheme
        self.components = scoring.components
        self.q1 = scoring.q1
        self.h1 = period_open(period=scoring.scheme.periods.get(kind=Period.Kind.H1), actor=world.users["admin"])
        self.rater = scoring.rater
        self.rater2 = CadreFactory(
            unit=world.root,
            organization=world.org,
            name="赵六",
            employee_no="R002",
            user=UserFactory(username="zhaoliu"),
        )
        rater_assign_bulk(
            scheme=scoring.scheme,
            components=list(scoring.components.values()),
            raters=[self.rater2],
            ratees=[world.cadre, world.other_cadre],
            actor=world.users["admin"],
        )

    def score(self, *, ratee=None, value="80", rater=None, component="quarterly_review", period=None, note=""):
        return score_save(
            period=period or self.q1,
            component=self.components[component],
            rater=rater or self.rater,
            ratee=ratee or self.world.cadre,
            value=value,
            expected_revision=0,
            note=note,
            actor=self.world.users["admin"],
        ).score


@pytest.fixture
def imp(world, scoring) -> Imp:
    return Imp(world, scoring)


# --- a good file ------------------------------------------------------------------------------------------------


def test_preview_counts_new_changed_and_unchanged_and_the_import_writes_them_audited(world, imp):
    # given 张三 already scored 80 by R001 (to be changed) and 88 by R002 (unchanged)
    imp.score(value="80")
    imp.score(value="88", rater=imp.rater2)
    content = scores_csv(
        [
            srow(score="85", note="述职材料充分"),  # changed
            srow(rater="R002", score="88"),  # unchanged
            srow(ratee="B001", score="90.5"),  # new
            srow(period="上半年", component="半年工作点评", ratee="B001", score="76.25"),  # new
        ]
    )
    before = db_counts()

    # when previewed, then the plan says what will change and nothing is written
    plan = preview(world, content)
    assert plan.is_valid, messages_of(plan)
    assert plan.counts() == {"new": 2, "changed": 1, "unchanged": 1}
    assert plan.summary() == [("新增评分", 2), ("修改评分", 1), ("未变化", 1)]
    changed = [s for s in plan.sections() if s["title"] == "修改评分"][0]
    assert changed["rows"] == [[2, "第一季度", "季度述职评议", "王五(R001)", "张三(A001)", "80", "85", "述职材料充分"]]
    assert db_counts() == before

    # when imported by an HR user
    actor = world.users["admin"]
    apply(world, content, actor=actor)

    # then the scores are stored, each change audited with before/after, and the import itself audited once
    stored = {
        (s.rater.employee_no, s.ratee.employee_no, s.period.kind): (s.value, s.revision, s.note)
        for s in Score.objects.select_related("rater", "ratee", "period")
    }
    assert stored == {
        ("R001", "A001", "Q1"): (Decimal("85.00"), 2, "述职材料充分"),
        ("R002", "A001", "Q1"): (Decimal("88.00"), 1, ""),
        ("R001", "B001", "Q1"): (Decimal("90.50"), 1, ""),
        ("R001", "B001", "H1"): (Decimal("76.25"), 1, ""),
    }
    rows = AuditLog.objects.filter(action="assessments.score.import")
    assert rows.count() == 3 and all(r.actor == actor for r in rows)
    changed_row = rows.get(before__isnull=False)
    assert (changed_row.before["value"], changed_row.after["value"]) == ("80.00", "85.00")
    assert changed_row.before["revision"] == 1 and changed_row.after == {
        "value": "85.00",
        "note": "述职材料充分",
        "revision": 2,
    }
    # each audit row names its score as the score names itself, and points at it
    named = {r.subject_id: r.subject_repr for r in rows}
    scores = Score.objects.select_related("ratee", "component", "period").in_bulk([int(pk) for pk in named])
    assert named == {str(pk): str(score) for pk, score in scores.items()} and len(scores) == 3
    summary = AuditLog.objects.get(action="assessments.import.scores")
    assert summary.after["new"] == 2 and summary.after["changed"] == 1 and summary.subject_id == str(imp.scheme.pk)


def test_reimporting_the_same_file_changes_nothing(world, imp):
    content = scores_csv([srow(), srow(ratee="B001")])
    apply(world, content)
    before = db_counts()
    plan = apply(world, content)
    assert not plan.has_changes and plan.counts() == {"new": 0, "changed": 0, "unchanged": 2}
    assert db_counts() == before


@pytest.mark.parametrize(
    ("period", "component"),
    [
        ("第一季度", "季度述职评议"),
        ("Q1", "quarterly_review"),
        ("q1", "QUARTERLY_REVIEW"),
        (" 一季度 ", "季度述职评议"),
        ("H1", "半年工作点评"),
        ("上半年", "half_year_review"),
    ],
)
def test_periods_by_label_or_code_and_components_by_name_or_code(world, imp, period, component):
    plan = preview(world, scores_csv([srow(period=period, component=component)]))
    assert plan.is_valid, messages_of(plan)
    assert plan.counts()["new"] == 1


@pytest.mark.parametrize("year", [2025, "2025", "2025年", "2025年度", 2025.0])
def test_the_year_is_read_in_the_usual_ways(world, imp, year):
    plan = preview(world, xlsx_bytes([srow(year=year)], header=SCORE_HEADER, title="评分"), "评分.xlsx")
    assert plan.is_valid, messages_of(plan)


def test_numbers_typed_into_excel_cells_are_read_as_written(world, imp):
    # 工号 typed as numbers come back as floats; scores as ints or floats
    CadreFactory(unit=world.unit_a1, organization=world.org, name="钱七", employee_no="1001")
    rater_assign_bulk(
        scheme=imp.scheme,
        components=[imp.components["quarterly_review"]],
        raters=[imp.rater],
        ratees=list(world.org.cadres.filter(employee_no="1001")),
    )
    content = xlsx_bytes(
        [srow(ratee=1001, score=92), srow(ratee="A001", score=85.5)], header=SCORE_HEADER, title="评分"
    )
    plan = preview(world, content, "评分.xlsx")
    assert plan.is_valid, messages_of(plan)
    assert sorted(op.value for op in plan.ops) == [Decimal("85.50"), Decimal("92.00")]


# --- every bad row, by row and column ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"score": "120"}, "分数", "超出“季度述职评议”的范围(0–100)"),
        ({"score": "-1"}, "分数", "超出"),
        ({"score": "八十五"}, "分数", "“八十五”不是数字"),
        ({"score": "85.125"}, "分数", "分数最多保留两位小数"),
        ({"score": "NaN"}, "分数", "不是数字"),
        ({"score": "1e999"}, "分数", "数值过大"),
        ({"score": ""}, "分数", "必填"),
        ({"ratee": "X999"}, "被评人工号", "工号“X999”不是本机构的干部"),
        ({"rater": "X998"}, "评分人工号", "工号“X998”不是本机构的干部"),
        ({"rater": "A001"}, "评分人工号", "评分人与被评人不能是同一人"),
        ({"rater": "B001"}, "评分人工号", "李四(B001) 未被分配对 张三(A001) 的“季度述职评议”评分"),
        ({"year": 2024}, "年度", "年度 2024 与导入所选年度 2025 不一致"),
        ({"year": "明年"}, "年度", "不是有效的年度"),
        ({"period": "第五季度"}, "期间", "“第五季度”不是有效的期间"),
        ({"period": "第二季度"}, "期间", "2025年第二季度尚未开始评分"),
        ({"component": "年度主要目标任务"}, "期间", "“年度主要目标任务”每年评分,没有“第一季度”"),
        ({"component": "群众满意度"}, "考核项目", "“群众满意度”不是 2025 年考核方案中的考核项目"),
        ({"note": "很" * 201}, "备注", "不能超过 200 个字"),
    ],
)
def test_each_bad_cell_is_reported_by_row_and_column_and_nothing_is_written(world, imp, changes, column, reason):
    # given a good row, then the bad one on Excel row 3
    content = scores_csv([srow(ratee="B001"), srow(**changes)])
    before = db_counts()

    plan = preview(world, content)
    assert issues_of(plan) == {(3, column)}, messages_of(plan)
    assert reason in plan.issues[0].message

    with pytest.raises(ImportInvalid) as caught:
        apply(world, content)
    assert "1 处错误" in caught.value.message
    assert db_counts() == before


def test_a_closed_period_is_refused(world, imp):
    period_close(period=imp.q1, actor=world.users["admin"])
    plan = preview(world, scores_csv([srow(), srow(period="H1", component="半年工作点评")]))
    assert issues_of(plan) == {(2, "期间")}
    assert "2025年第一季度评分已结束" in plan.issues[0].message


def test_a_row_can_have_several_problems_and_all_are_listed(world, imp):
    plan = preview(world, scores_csv([srow(year=2024, period="", rater="X1", score="abc")]))
    assert issues_of(plan) == {(2, "年度"), (2, "期间"), (2, "评分人工号"), (2, "分数")}
    assert [i.column for i in plan.sorted_issues()] == ["年度", "期间", "评分人工号", "分数"]


def test_a_duplicate_row_names_both_rows(world, imp):
    content = scores_csv([srow(score="80"), srow(ratee="B001"), srow(period="Q1", component="quarterly_review")])
    plan = preview(world, content)
    assert issues_of(plan) == {(4, "")}
    assert str(plan.issues[0]) == "第 4 行:与第 2 行重复:同一评分人、被评人、考核项目和期间只能有一个分数。"


def test_the_same_cell_by_another_rater_is_not_a_duplicate(world, imp):
    plan = preview(world, scores_csv([srow(), srow(rater="R002")]))
    assert plan.is_valid, messages_of(plan)


def test_without_a_scheme_for_the_year_the_file_is_refused(world, imp):
    plan = preview(world, scores_csv([srow(year=2026)]), year=2026)
    assert [str(i) for i in plan.issues] == ["测试局 2026 年还没有考核方案,请先建立方案再导入评分。"]


def test_the_current_version_of_a_scheme_is_used(world, imp):
    # given scores (so that an edit makes version 2), then a component renamed in the new version
    imp.score()
    components = [
        {f: getattr(c, f) for f in ["code", "name", "weight", "min_score", "max_score", "frequency", "aggregation"]}
        for c in imp.scheme.components.all()
    ]
    components[0]["name"] = "季度述职"
    new = scheme_update(scheme=imp.scheme, components=components, actor=world.users["admin"])
    assert new.version == 2

    plan = preview(world, scores_csv([srow(component="季度述职述评"), srow(component="季度述职", ratee="B001")]))
    assert issues_of(plan) == {(2, "考核项目")}
    assert plan.scheme == new and Scheme.objects.get(pk=imp.scheme.pk).status == "superseded"


# --- scope ------------------------------------------------------------------------------------------------------


def test_hr_may_import_only_scores_of_cadres_in_scope_and_the_message_names_no_one(world, imp):
    # given HR of 综合科 (张三's side), importing a score of 李四 (城关所)
    scope = roster_scope(user=world.users["hr"], organization=world.org)
    content = scores_csv([srow(), srow(ratee="B001")])
    before = db_counts()

    plan = preview(world, content, scope=scope)
    assert issues_of(plan) == {(3, "被评人工号")}
    assert plan.issues[0].message == "工号“B001”的干部不在您的管理范围内。"
    assert "李四" not in messages_of(plan)
    with pytest.raises(ImportInvalid):
        apply(world, content, scope=scope, actor=world.users["hr"])
    assert db_counts() == before

    # and the rater may be anyone of the organization (王五 sits in the root unit, outside 综合科)
    plan = apply(world, scores_csv([srow()]), scope=scope, actor=world.users["hr"])
    assert plan.counts()["new"] == 1
    assert Score.objects.get().entered_by == world.users["hr"]


# --- all or nothing, and the confirmation's re-check -------------------------------------------------------------


def test_one_bad_row_among_many_writes_nothing_at_all(world, imp):
    imp.score(value="70")
    rows = [srow(score="99"), srow(ratee="B001"), srow(rater="R002"), srow(rater="R002", ratee="B001", score="101")]
    before = db_counts()
    with pytest.raises(ImportInvalid) as caught:
        apply(world, scores_csv(rows), actor=world.users["admin"])
    assert [(i.row, i.column) for i in caught.value.issues] == [(5, "分数")]
    assert db_counts() == before
    assert Score.objects.get().value == Decimal("70.00")


def test_a_cell_saved_by_its_rater_after_the_preview_makes_the_import_stop(world, imp):
    content = scores_csv([srow(score="85")])
    fingerprint = preview(world, content).fingerprint

    # when 王五 saves the same cell himself before the confirmation
    imp.score(value="60")

    # then the confirmation sees a different plan and writes nothing
    with pytest.raises(ImportChanged) as caught:
        apply(world, content, expected_fingerprint=fingerprint)
    assert caught.value.plan.counts() == {"new": 0, "changed": 1, "unchanged": 0}
    assert Score.objects.get().value == Decimal("60.00")


def test_an_assignment_removed_after_the_preview_is_a_row_error_at_confirmation(world, imp):
    content = scores_csv([srow()])
    fingerprint = preview(world, content).fingerprint
    RaterAssignment.objects.filter(rater=imp.rater, ratee=world.cadre).delete()
    with pytest.raises(ImportInvalid) as caught:
        apply(world, content, expected_fingerprint=fingerprint)
    assert issues_of(caught.value) == {(2, "评分人工号")}
    assert not Score.objects.exists()


# --- files ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_or_gbk_is_read(world, imp, encoding):
    content = scores_csv([srow(note="述职优秀"), srow(ratee="B001")], encoding=encoding)
    plan = preview(world, content)
    assert plan.is_valid, messages_of(plan)
    assert [op.note for op in plan.ops] == ["述职优秀", ""]


def test_a_workbook_sheet_named_for_scores_is_used_wherever_it_is(world, imp):
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["这里不是数据"])
    sheet = workbook.create_sheet("评分")
    sheet.append(["2025年第一季度评分表"])  # a title line above the header
    sheet.append(SCORE_HEADER)
    sheet.append(srow())
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = preview(world, buffer.getvalue(), "评分.xlsx")
    assert plan.is_valid, messages_of(plan)
    assert plan.ops[0].row == 3 and plan.sheet_name == "评分"


def test_the_note_column_may_be_left_out(world, imp):
    plan = preview(world, csv_bytes([srow()[:6]], header=SCORE_HEADER[:6]))
    assert plan.is_valid, messages_of(plan)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "s.csv", "文件为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "s.xls", "不支持旧版 .xls 文件"),
        (b"PK\x03\x04broken", "s.xlsx", "不是有效的 xlsx 文件"),
        ("年度,期间\n2025,Q1\n".encode(), "s.csv", "缺少列:考核项目、评分人工号、被评人工号、分数"),
        ("甲,乙\n1,2\n".encode(), "s.csv", "没有找到表头"),
        (b"x", "s.pdf", "仅支持 .xlsx 和 .csv 文件"),
    ],
)
def test_unreadable_files_are_one_file_level_issue(world, imp, content, name, expected):
    plan = preview(world, content, name)
    assert len(plan.issues) == 1 and plan.issues[0].row is None
    assert expected in plan.issues[0].message


# --- queries ----------------------------------------------------------------------------------------------------


def _many_ratees(world, imp, n):
    ratees = [
        CadreFactory(unit=world.unit_a1, organization=world.org, name=f"干部{i}", employee_no=f"M{i:03d}")
        for i in range(n)
    ]
    rater_assign_bulk(
        scheme=imp.scheme,
        components=[imp.components["quarterly_review"], imp.components["half_year_review"]],
        raters=[imp.rater, imp.rater2],
        ratees=ratees,
    )
    return ratees


def _rows(ratees, n):
    cells = [
        (rater, ratee.employee_no, period, component)
        for ratee in ratees
        for rater in ("R001", "R002")
        for period, component in (("Q1", "季度述职评议"), ("H1", "半年工作点评"))
    ]
    return [
        srow(period=p, component=c, rater=r, ratee=e, score=str(60 + i % 40))
        for i, (r, e, p, c) in enumerate(cells[:n])
    ]


def test_checking_asks_the_database_the_same_few_questions_whatever_the_number_of_rows(world, imp):
    # given existing scores, so the stored-score lookup has rows to match
    ratees = _many_ratees(world, imp, 60)
    imp.score(ratee=ratees[0], value="70")
    scope = roster_scope(user=world.users["hr"], organization=world.org)

    counts = []
    for n in (4, 240):
        content = scores_csv(_rows(ratees, n))
        with CaptureQueriesContext(connection) as queries:
            plan = preview(world, content, scope=scope)
        assert plan.is_valid and len(plan.ops) == n, messages_of(plan)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


def test_writing_asks_the_database_no_question_per_row(world, imp):
    ratees = _many_ratees(world, imp, 60)
    counts = []
    for n, offset in ((4, 0), (200, 4)):
        rows = _rows(ratees, offset + n)[offset:]
        with CaptureQueriesContext(connection) as queries:
            plan = apply(world, scores_csv(rows), actor=world.users["admin"])
        assert plan.counts()["new"] == n
        counts.append(len(queries))
    # Only the bulk inserts grow, by a batch per few hundred rows (SQLite takes 999 parameters a statement).
    assert counts[1] - counts[0] <= 6, counts
    assert AuditLog.objects.filter(action="assessments.score.import").count() == 204


def publish(world, scheme, year=YEAR):
    from assessments.models import Publication, ResultRun

    run = ResultRun.objects.create(organization=world.org, year=year, version=1, scheme=scheme)
    Publication.objects.create(
        organization=world.org,
        year=year,
        run=run,
        state=Publication.State.PUBLISHED,
        published_on=datetime.date(year + 1, 1, 20),
    )


def test_once_the_years_results_are_published_nothing_is_imported(world, imp):
    content = scores_csv([srow()])
    fingerprint = preview(world, content).fingerprint
    publish(world, imp.scheme)
    plan = preview(world, content)
    assert [str(i) for i in plan.issues] == ["2025 年考核结果已公布,评分已锁定,不能再导入;如有异议请通过申诉复核。"]
    with pytest.raises(ImportInvalid):
        apply(world, content, expected_fingerprint=fingerprint)
    assert not Score.objects.exists()
