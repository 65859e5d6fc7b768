"""The point (加减分) and veto (一票否决) imports: every row checked, entries recorded pending the committee's
approval, the yearly cap of an item counting what is recorded and the file's own rows, all or nothing."""

import datetime
from decimal import Decimal

import pytest

from assessments.imports import FORMATS, ImportChanged, ImportInvalid
from assessments.imports.points import PointPlan
from assessments.imports.reading import sheet_read
from assessments.imports.records import record_plan
from assessments.models import ApprovalStatus, PointEntry, PointItem, VetoEntry, VetoItem
from assessments.services import point_entry_decide, point_entry_record, veto_entry_record
from common.models import AuditLog
from org.roster import WHOLE_ORGANIZATION, roster_scope
from tests.assessments.test_imports_scores import (
    apply,
    csv_bytes,
    db_counts,
    issues_of,
    messages_of,
    preview,
    xlsx_bytes,
)

YEAR = 2025
POINT_HEADER = list(FORMATS["points"].columns)
VETO_HEADER = list(FORMATS["vetoes"].columns)
DAY = datetime.date(2025, 3, 15)


def prow(no="A001", item="被通报批评", points="", day="2025-03-15", evidence="局通报〔2025〕3号", note="", year=YEAR):
    return [year, no, item, points, day, evidence, note]


def vrow(no="A001", item="受到严肃问责", day="2025-03-15", evidence="问责决定〔2025〕1号", note="", year=YEAR):
    return [year, no, item, day, evidence, note]


def points_csv(rows, encoding="utf-8"):
    return csv_bytes(rows, header=POINT_HEADER, encoding=encoding)


def vetoes_csv(rows, encoding="utf-8"):
    return csv_bytes(rows, header=VETO_HEADER, encoding=encoding)


def item(world, code, model=PointItem):
    return model.objects.get(organization=world.org, code=code)


# --- points -----------------------------------------------------------------------------------------------------


def test_points_are_recorded_pending_approval_with_the_item_points_when_left_blank(world, scoring):
    content = points_csv(
        [
            prow(),  # 被通报批评, 0.5 by default
            prow(no="B001", item="award_city", points="0.3", note="市级表彰"),
            prow(item="工作获市级表彰或承办市级现场会", points="0.2", day="2025-06-01", evidence="市政府表彰文件"),
        ]
    )
    plan = preview(world, content, "加减分.csv", kind="points")
    assert plan.is_valid, messages_of(plan)
    assert plan.summary() == [("新增加减分记录", 3), ("已登记(跳过)", 0)]
    section = plan.sections()[0]
    assert section["title"] == "新增记录(待党委审批)"
    assert section["rows"][0] == [2, "A001", "张三", "被通报批评", "扣分", "0.5", "2025-03-15", "局通报〔2025〕3号"]

    actor = world.users["hr"]
    apply(world, content, "加减分.csv", kind="points", actor=actor)

    entries = list(PointEntry.objects.order_by("pk"))
    assert [(e.cadre.employee_no, e.item.code, e.points, e.status, e.recorded_by) for e in entries] == [
        ("A001", "circulated_criticism", Decimal("0.50"), ApprovalStatus.PENDING, actor),
        ("B001", "award_city", Decimal("0.30"), ApprovalStatus.PENDING, actor),
        ("A001", "award_city", Decimal("0.20"), ApprovalStatus.PENDING, actor),
    ]
    assert entries[1].note == "市级表彰" and entries[0].occurred_on == DAY
    assert AuditLog.objects.filter(action="assessments.points.import", actor=actor).count() == 3
    assert AuditLog.objects.get(action="assessments.import.points").after["new"] == 3

    # and the committee approves them as it approves any entry
    decided = point_entry_decide(entry=entries[0], approve=True, actor=world.users["committee"])
    assert decided.status == ApprovalStatus.APPROVED


def test_the_yearly_cap_counts_recorded_entries_and_the_files_own_rows(world, scoring):
    # given 张三 has 1.0 of 被通报批评 (cap 2.0) recorded, and a rejected 0.5 that does not count
    for points, day in (("1.0", DAY), ("0.5", datetime.date(2025, 2, 1))):
        point_entry_record(
            cadre=world.cadre,
            item=item(world, "circulated_criticism"),
            year=YEAR,
            occurred_on=day,
            evidence=f"通报{day}",
            points=points,
            actor=world.users["hr"],
        )
    rejected = PointEntry.objects.get(points=Decimal("0.5"))
    point_entry_decide(entry=rejected, approve=False, reason="重复", actor=world.users["committee"])

    # when a file adds 0.5, 0.5, then 0.5 more
    content = points_csv(
        [
            prow(day="2025-04-01", evidence="通报A"),
            prow(day="2025-05-01", evidence="通报B"),
            prow(day="2025-06-01", evidence="通报C"),
        ]
    )
    before = db_counts()
    plan = preview(world, content, kind="points")

    # then the third row is over the cap, and nothing is written
    assert issues_of(plan) == {(4, "分值")}
    assert "每年最多 2 分,该干部已登记(含本文件前面各行)2 分,最多还能登记 0 分" in plan.issues[0].message
    with pytest.raises(ImportInvalid):
        apply(world, content, kind="points")
    assert db_counts() == before


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"no": "X9"}, "工号", "工号“X9”不是本机构的干部"),
        ({"no": ""}, "工号", "必填"),
        ({"item": "表现很好"}, "加减分项目", "“表现很好”不在本机构的加减分项目目录中"),
        ({"points": "-0.5"}, "分值", "分值应为正数(扣分项也填正数)"),
        ({"points": "0.505"}, "分值", "最多保留两位小数"),
        ({"points": "半分"}, "分值", "不是数字"),
        ({"points": "5"}, "分值", "每年最多 2 分"),
        ({"day": "2024-12-31"}, "发生日期", "发生日期应在 2025 年内"),
        ({"day": "2025-02-30"}, "发生日期", "日期“2025-02-30”不存在"),
        ({"day": "上周"}, "发生日期", "不是日期"),
        ({"day": ""}, "发生日期", "必填"),
        ({"evidence": ""}, "依据材料", "请填写依据材料"),
        ({"note": "长" * 201}, "备注", "不能超过 200 个字"),
        ({"year": 2024}, "年度", "与导入所选年度 2025 不一致"),
    ],
)
def test_each_bad_point_cell_is_reported_by_row_and_column(world, scoring, changes, column, reason):
    content = points_csv([prow(no="B001"), prow(**changes)])
    plan = preview(world, content, kind="points")
    assert issues_of(plan) == {(3, column)}, messages_of(plan)
    assert reason in plan.issues[0].message


def test_an_inactive_item_is_refused(world, scoring):
    PointItem.objects.filter(code="circulated_criticism").update(is_active=False)
    plan = preview(world, points_csv([prow()]), kind="points")
    assert issues_of(plan) == {(2, "加减分项目")} and "已停用" in plan.issues[0].message


def test_a_date_after_today_is_refused(world, scoring):
    sheet = sheet_read(content=points_csv([prow(day="2025-07-01")]), file_name="p.csv", file_format=FORMATS["points"])
    plan = record_plan(
        PointPlan,
        organization=world.org,
        year=YEAR,
        sheet=sheet,
        scope=WHOLE_ORGANIZATION,
        today=datetime.date(2025, 6, 30),
    )
    assert issues_of(plan) == {(2, "发生日期")} and "不能晚于今天" in plan.issues[0].message


def test_a_repeated_point_row_names_the_first_and_a_recorded_entry_is_skipped(world, scoring):
    # given the file imported once
    content = points_csv([prow(), prow(no="B001")])
    apply(world, content, kind="points", actor=world.users["admin"])
    before = db_counts()

    # when imported again, then nothing is recorded twice
    plan = apply(world, content, kind="points", actor=world.users["admin"])
    assert plan.counts() == {"new": 0, "recorded": 2} and not plan.has_changes
    assert db_counts() == before

    # and a row repeated inside a file names the first one
    plan = preview(
        world, points_csv([prow(evidence="新通报"), prow(no="B001"), prow(evidence="新通报")]), kind="points"
    )
    assert issues_of(plan) == {(4, "")}
    assert str(plan.issues[0]) == "第 4 行:与第 2 行重复:同一干部、项目、日期、分值和依据材料。"


def test_hr_may_import_points_only_for_cadres_in_scope(world, scoring):
    scope = roster_scope(user=world.users["hr_other"], organization=world.org)
    content = points_csv([prow(no="B001"), prow(no="A001")])
    plan = preview(world, content, kind="points", scope=scope)
    assert issues_of(plan) == {(3, "工号")}
    assert plan.issues[0].message == "工号“A001”的干部不在您的管理范围内。"
    with pytest.raises(ImportInvalid):
        apply(world, content, kind="points", scope=scope)
    assert not PointEntry.objects.exists()


def test_an_entry_recorded_by_hand_after_the_preview_can_push_the_file_over_the_cap(world, scoring):
    content = points_csv([prow(points="1.5", evidence="通报X")])
    fingerprint = preview(world, content, kind="points").fingerprint
    point_entry_record(
        cadre=world.cadre,
        item=item(world, "circulated_criticism"),
        year=YEAR,
        occurred_on=DAY,
        evidence="另一份通报",
        points="1.0",
    )
    with pytest.raises(ImportInvalid) as caught:
        apply(world, content, kind="points", expected_fingerprint=fingerprint)
    assert issues_of(caught.value) == {(2, "分值")}
    assert PointEntry.objects.count() == 1


def test_points_from_an_xlsx_with_date_cells(world, scoring):
    content = xlsx_bytes(
        [prow(day=DAY, points=0.5), prow(no="B001", day=datetime.datetime(2025, 4, 2))],
        header=POINT_HEADER,
        title="加减分",
    )
    plan = preview(world, content, "加减分.xlsx", kind="points")
    assert plan.is_valid, messages_of(plan)
    assert [op.occurred_on for op in plan.ops] == [DAY, datetime.date(2025, 4, 2)]


# --- vetoes -----------------------------------------------------------------------------------------------------


def test_vetoes_are_recorded_pending_approval(world, scoring):
    content = vetoes_csv([vrow(), vrow(no="B001", item="safety_incident", evidence="事故调查报告")], encoding="gbk")
    plan = preview(world, content, "否决.csv", kind="vetoes")
    assert plan.is_valid, messages_of(plan)
    assert plan.summary() == [("新增一票否决记录", 2), ("已登记(跳过)", 0)]

    apply(world, content, "否决.csv", kind="vetoes", actor=world.users["hr"])
    assert sorted(VetoEntry.objects.values_list("cadre__employee_no", "item__code", "status")) == [
        ("A001", "serious_accountability", "pending"),
        ("B001", "safety_incident", "pending"),
    ]
    assert AuditLog.objects.filter(action="assessments.veto.import").count() == 2
    assert AuditLog.objects.filter(action="assessments.import.vetoes").count() == 1


def test_a_veto_already_recorded_is_skipped_or_refused_when_its_evidence_differs(world, scoring):
    veto_entry_record(
        cadre=world.cadre,
        item=item(world, "serious_accountability", VetoItem),
        year=YEAR,
        occurred_on=DAY,
        evidence="问责决定〔2025〕1号",
    )
    plan = preview(world, vetoes_csv([vrow(), vrow(no="B001")]), kind="vetoes")
    assert plan.counts() == {"new": 1, "recorded": 1}

    plan = preview(world, vetoes_csv([vrow(evidence="另一份决定")]), kind="vetoes")
    assert issues_of(plan) == {(2, "否决事项")}
    assert "该干部同一天的同一否决事项已登记(待审批)" in plan.issues[0].message


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"item": "迟到"}, "否决事项", "“迟到”不在本机构的否决事项目录中"),
        ({"no": "B999"}, "工号", "不是本机构的干部"),
        ({"day": "2026-01-01"}, "发生日期", "发生日期应在 2025 年内"),
        ({"evidence": " "}, "依据材料", "请填写依据材料"),
        ({"year": "2025年度x"}, "年度", "不是有效的年度"),
    ],
)
def test_each_bad_veto_cell_is_reported_by_row_and_column(world, scoring, changes, column, reason):
    before = db_counts()
    content = vetoes_csv([vrow(no="B001"), vrow(**changes)])
    plan = preview(world, content, kind="vetoes")
    assert issues_of(plan) == {(3, column)}, messages_of(plan)
    assert reason in plan.issues[0].message
    with pytest.raises(ImportInvalid):
        apply(world, content, kind="vetoes")
    assert db_counts() == before


def test_a_repeated_veto_row_names_the_first(world, scoring):
    plan = preview(world, vetoes_csv([vrow(), vrow(evidence="另一份")]), kind="vetoes")
    assert [str(i) for i in plan.issues] == ["第 3 行:与第 2 行重复:同一干部同一天的同一否决事项。"]


def test_a_veto_recorded_after_the_preview_changes_the_plan(world, scoring):
    content = vetoes_csv([vrow(), vrow(no="B001")])
    fingerprint = preview(world, content, kind="vetoes").fingerprint
    veto_entry_record(
        cadre=world.other_cadre,
        item=item(world, "serious_accountability", VetoItem),
        year=YEAR,
        occurred_on=DAY,
        evidence="问责决定〔2025〕1号",
    )
    with pytest.raises(ImportChanged):
        apply(world, content, kind="vetoes", expected_fingerprint=fingerprint)
    assert VetoEntry.objects.count() == 1


def test_once_the_years_results_are_published_no_point_or_veto_is_imported(world, scoring):
    from assessments.services.records import point_entries_record_many
    from common.errors import ApplicationError
    from tests.assessments.test_imports_scores import publish

    publish(world, scoring.scheme)
    plan = preview(world, points_csv([prow()]), kind="points")
    assert [str(i) for i in plan.issues] == ["2025 年考核结果已公布,不能再登记加减分;如有异议请通过申诉复核。"]
    plan = preview(world, vetoes_csv([vrow()]), kind="vetoes")
    assert "不能再登记一票否决" in plan.issues[0].message

    # and the bulk service itself refuses, as the one-entry service does
    entry = PointEntry(
        cadre=world.cadre,
        item=item(world, "award_city"),
        year=YEAR,
        occurred_on=DAY,
        evidence="文件",
        points=Decimal("0.3"),
    )
    with pytest.raises(ApplicationError, match="已公布"):
        point_entries_record_many(entries=[entry])
    assert not PointEntry.objects.exists()
