"""The roster (干部花名册) import: reading, checking, planning, applying, and the HR pages.

The world (tests/conftest.py):

    测试局机关 (root)
    ├── 综合科 ── 综合科一组 · 组长 (张三 A001, since 2023-03-01)     HR "hr" scoped to 综合科
    └── 城关所 · 所长 (李四 B001, since 2022-01-10)                  HR "hr_other" scoped to 城关所
    2025 考核组 科长组: 张三, 李四
"""

import csv
import datetime
import io

import openpyxl
import pytest

from common.models import AuditLog, BackgroundJob
from org.models import (
    Appointment,
    AssessmentGroup,
    Cadre,
    GroupMembership,
    Post,
    RoleAssignment,
    Unit,
)
from org.roster import (
    COLUMNS,
    WHOLE_ORGANIZATION,
    RosterInvalid,
    RosterScope,
    roster_import,
    roster_preview,
    roster_scope,
)
from org.services import role_assign, unit_create

HEADER = list(COLUMNS)
YEAR = 2025


# --- building files (no binary fixtures) -------------------------------------------------------------------------


def row(no, name, unit, post="", kind="", start="", *, gender="男", birth="1985-05-01", rank="", group=""):
    """One roster row, in column order."""
    return [no, name, gender, birth, unit, post, kind, start, rank, group]


def xlsx_bytes(rows, *, header=HEADER, title="花名册", before=(), after=()) -> bytes:
    """A workbook whose roster sheet is `title`; `before` / `after` are (title, rows) sheets around it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_rows in before:
        other = workbook.create_sheet(sheet_title)
        for r in sheet_rows:
            other.append(list(r))
    sheet = workbook.create_sheet(title)
    if header:
        sheet.append(list(header))
    for r in rows:
        sheet.append(list(r))
    for sheet_title, sheet_rows in after:
        other = workbook.create_sheet(sheet_title)
        for r in sheet_rows:
            other.append(list(r))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def db_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, Post, Cadre, Appointment, AssessmentGroup, GroupMembership, AuditLog)
    }


def preview(world, content, name="花名册.csv", *, scope=WHOLE_ORGANIZATION, year=YEAR):
    return roster_preview(organization=world.org, year=year, content=content, file_name=name, scope=scope)


def apply(world, content, name="花名册.csv", *, scope=WHOLE_ORGANIZATION, year=YEAR, actor=None):
    return roster_import(organization=world.org, year=year, content=content, file_name=name, scope=scope, actor=actor)


def issues_of(plan_or_error) -> set[tuple]:
    issues = plan_or_error.issues
    return {(i.row, i.column) for i in issues}


def messages_of(plan_or_error) -> str:
    return "\n".join(str(i) for i in plan_or_error.issues)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- applying ----------------------------------------------------------------------------------------------------


MIXED_ROSTER = [
    # a new cadre in a new unit under 综合科, heading it, in an existing group
    row(
        "C001",
        "王五",
        "综合科/综合科二组",
        "组长",
        "中层负责人",
        "2024-01-01",
        gender="女",
        rank="四级主任科员",
        group="科长组",
    ),
    # a new cadre in an unknown unit (created under the root), in a new group
    row("C002", "赵六", "新设科", "科员", "一般干部", "2024/3/1", group="一般干部组"),
    # 张三 moves to 城关所 as a second 所长: the headcount grows, his 组长 appointment ends
    row("A001", "张三", "城关所", "所长", "正职", "2025年2月1日", rank="三级主任科员", group="科长组"),
    # a new cadre with no post
    row("C003", "钱七", "测试局机关/综合科", birth="1990.7.15"),
]


def test_import_creates_and_updates_cadres_units_posts_appointments_and_memberships(world):
    # given a roster with new cadres, a new unit path, an unknown unit and a move of 张三
    admin = world.users["admin"]

    # when it is imported
    plan = apply(world, csv_bytes(MIXED_ROSTER), actor=admin)

    # then the plan counted every change
    assert plan.counts() == {
        "new_cadres": 3,
        "updated_cadres": 1,
        "new_units": 2,
        "new_posts": 2,
        "headcounts": 1,
        "started": 3,
        "ended": 1,
        "new_groups": 1,
        "memberships": 2,
        "new_logins": 3,
    }
    # each new cadre has a login to activate, named by 工号, with no usable password yet
    for number in ("C001", "C002", "C003"):
        login = Cadre.objects.get(employee_no=number).user
        assert login.username == number and login.is_active and not login.has_usable_password()
    # new units: one under 综合科 (path), one under the root (unknown single name)
    second_team = Unit.objects.get(name="综合科二组")
    assert second_team.parent == world.unit_a
    assert second_team.path.startswith(world.unit_a.path)
    assert Unit.objects.get(name="新设科").parent == world.root
    # new cadres, their posts and appointments
    wang = Cadre.objects.get(employee_no="C001")
    assert (wang.name, wang.gender, wang.unit, wang.rank_grade) == ("王五", "F", second_team, "四级主任科员")
    head = Post.objects.get(unit=second_team, name="组长")
    assert (head.kind, head.is_leadership, head.headcount) == (Post.Kind.MIDDLE, True, 1)
    assert wang.appointments.get().post == head
    zhao = Cadre.objects.get(employee_no="C002")
    clerk = zhao.appointments.get()
    assert (clerk.post.name, clerk.post.kind, clerk.post.is_leadership) == ("科员", Post.Kind.STAFF, False)
    assert clerk.start_date == datetime.date(2024, 3, 1)
    qian = Cadre.objects.get(employee_no="C003")
    assert qian.unit == world.unit_a and qian.birth_date == datetime.date(1990, 7, 15)
    assert not qian.appointments.exists()
    # 张三 moved: unit, grade, his old appointment ended as 职务调整, the new one started, 所长 headcount 2
    world.cadre.refresh_from_db()
    assert (world.cadre.unit, world.cadre.rank_grade) == (world.unit_b, "三级主任科员")
    old = Appointment.objects.get(cadre=world.cadre, post=world.post_a)
    assert (old.end_date, old.end_reason) == (datetime.date(2025, 2, 1), Appointment.EndReason.REASSIGNED)
    new = Appointment.objects.get(cadre=world.cadre, post=world.post_b)
    assert new.end_date is None and new.start_date == datetime.date(2025, 2, 1)
    world.post_b.refresh_from_db()
    assert world.post_b.headcount == 2
    # memberships: 王五 in 科长组, 赵六 in the new 一般干部组, 张三 stays in 科长组
    assert GroupMembership.objects.get(cadre=wang, year=YEAR).group == world.group
    assert GroupMembership.objects.get(cadre=zhao, year=YEAR).group.name == "一般干部组"
    assert GroupMembership.objects.get(cadre=world.cadre, year=YEAR).group == world.group
    # every service call was audited, and the import has its own row on the organization
    actions = list(AuditLog.objects.filter(actor=admin).values_list("action", flat=True))
    for action in [
        "org.unit.create",
        "org.post.create",
        "org.post.headcount",
        "org.cadre.create",
        "org.cadre.update",
        "org.appointment.end",
        "org.appointment.start",
        "org.group.create",
        "org.group.member_set",
    ]:
        assert action in actions
    record = AuditLog.objects.get(action="org.roster.import")
    assert record.subject_id == str(world.org.pk) and record.actor == admin
    assert record.after["file"] == "花名册.csv" and record.after["rows"] == 4
    assert record.after["new_cadres"] == 3 and record.after["ended"] == 1


def test_reimporting_the_same_file_changes_nothing(world):
    # given a roster that was imported
    content = csv_bytes(MIXED_ROSTER)
    apply(world, content)
    before = db_counts()

    # when the same file is checked and imported again
    plan = preview(world, content)
    again = apply(world, content)

    # then the plan has no changes and nothing is written, not even an audit row
    assert plan.is_valid and not plan.has_changes
    assert set(plan.counts().values()) == {0}
    assert not again.has_changes
    assert db_counts() == before


def test_the_updated_cadre_lists_the_changed_fields(world):
    # given 张三's row with a new name spelling, gender, birth date and grade, same unit and post
    content = csv_bytes(
        [
            row(
                "A001",
                "张叁",
                "综合科一组",
                "组长",
                "中层负责人",
                "2023-03-01",
                gender="女",
                birth="1980-01-02",
                rank="二级主任科员",
            )
        ]
    )

    # when previewed
    plan = preview(world, content)

    # then one cadre is updated with exactly those fields, and the post is left alone
    assert plan.counts()["updated_cadres"] == 1 and plan.counts()["started"] == 0
    changes = {(c.label, c.old, c.new) for c in plan.updated_cadres[0].changes}
    assert changes == {
        ("姓名", "张三", "张叁"),
        ("性别", "男", "女"),
        ("出生日期", "1985-05-01", "1980-01-02"),
        ("职级", "一级主任科员", "二级主任科员"),
    }


def test_blank_optional_cells_keep_what_is_recorded(world):
    # given 张三's row without birth date and grade
    content = csv_bytes([row("A001", "张三", "综合科一组", birth="")])

    # when imported, then nothing changes (no post: his appointment stays)
    plan = apply(world, content)
    assert not plan.has_changes
    world.cadre.refresh_from_db()
    assert world.cadre.birth_date == datetime.date(1985, 5, 1) and world.cadre.rank_grade == "一级主任科员"
    assert Appointment.objects.filter(cadre=world.cadre, end_date__isnull=True).count() == 1


def test_a_different_start_date_for_a_held_post_is_a_warning_not_a_change(world):
    plan = preview(world, csv_bytes([row("A001", "张三", "综合科一组", "组长", "中层负责人", "2023-05-01")]))
    assert plan.is_valid and not plan.has_changes
    assert [w.column for w in plan.warnings] == ["任职日期"]


def test_a_new_organization_without_units_gets_a_root(world):
    # given an organization with no unit at all
    from org.services import organization_create

    org = organization_create(code="empty", name="空白局")

    # when a roster names a unit
    plan = roster_import(
        organization=org,
        year=YEAR,
        content=csv_bytes([row("X1", "孙八", "办公室")]),
        file_name="a.csv",
        scope=WHOLE_ORGANIZATION,
    )

    # then a root named after the organization is created, with the unit under it
    assert plan.counts()["new_units"] == 2
    root = Unit.objects.get(organization=org, parent=None)
    assert root.name == "空白局"
    assert Cadre.objects.get(organization=org, employee_no="X1").unit.parent == root


def test_the_headcount_grows_to_fit_the_new_holders(world):
    # given two new cadres named as 所长 of 城关所, whose headcount is 1 and already held
    content = csv_bytes(
        [
            row("S1", "甲", "城关所", "所长", "正职", "2025-01-01"),
            row("S2", "乙", "城关所", "所长", "正职", "2025-01-01"),
        ]
    )

    # when imported
    plan = apply(world, content)

    # then the headcount is 3 and all three hold the post
    assert [(h.old, h.new) for h in plan.headcounts] == [(1, 3)]
    world.post_b.refresh_from_db()
    assert world.post_b.headcount == 3
    assert Appointment.objects.filter(post=world.post_b, end_date__isnull=True).count() == 3


# --- dates and cells ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2025-01-24", "2025/1/24", "2025.1.24", "2025年1月24日", " 2025-1-24 "])
def test_dates_are_read_in_the_usual_ways(world, text):
    plan = preview(world, csv_bytes([row("N1", "周九", "综合科", "科员", "一般干部", text)]))
    assert plan.is_valid
    assert plan.started[0].start_date == datetime.date(2025, 1, 24)


def test_a_number_typed_into_a_general_cell_is_the_employee_number(world):
    content = xlsx_bytes([row(1001, "周九", "综合科"), row(1002.0, "吴十", "综合科")], title="Sheet1")
    plan = preview(world, content, "r.xlsx")
    assert [op.employee_no for op in plan.new_cadres] == ["1001", "1002"]


def test_excel_date_cells_are_dates(world):
    content = xlsx_bytes(
        [
            row(
                "N1",
                "周九",
                "综合科",
                "科员",
                "一般干部",
                datetime.datetime(2025, 1, 24),
                birth=datetime.date(1991, 2, 3),
            )
        ],
        title="Sheet1",
    )
    plan = preview(world, content, "roster.xlsx")
    assert plan.is_valid
    assert plan.started[0].start_date == datetime.date(2025, 1, 24)
    assert plan.new_cadres[0].row.birth_date == datetime.date(1991, 2, 3)


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-01", "24/01/2025", "20250124", "明年", "2025-1/24", 45681])
def test_bad_dates_are_row_errors(world, value):
    content = xlsx_bytes(
        [
            row("N1", "周九", "综合科", "科员", "一般干部", "2025-01-01"),
            row("N2", "吴十", "综合科", "科员", "一般干部", value),
        ]
    )
    before = db_counts()
    plan = preview(world, content, "r.xlsx")
    assert issues_of(plan) == {(3, "任职日期")}
    with pytest.raises(RosterInvalid):
        apply(world, content, "r.xlsx")
    assert db_counts() == before


def test_unknown_post_kind_and_other_bad_cells_are_reported_by_row_and_column(world):
    # given rows with an unknown 职务类别, a post without kind or date, a bad gender and blanks
    content = csv_bytes(
        [
            row("N1", "周九", "综合科", "科员", "科级", "2025-01-01"),
            row("N2", "吴十", "综合科", "科员", "", ""),
            row("N3", "郑一", "综合科", gender="M"),
            [""] * 10,  # a blank row is skipped
            row("", "王二", "", gender=""),
            row("N4", "冯三", "综合科", birth="2999-01-01"),
        ]
    )

    # when checked
    plan = preview(world, content)

    # then each problem is named by row (as Excel numbers it) and column, in Chinese
    assert issues_of(plan) == {
        (2, "职务类别"),
        (3, "职务类别"),
        (3, "任职日期"),
        (4, "性别"),
        (6, "工号"),
        (6, "性别"),
        (6, "单位"),
        (7, "出生日期"),
    }
    text = messages_of(plan)
    assert "第 2 行 [职务类别]:“科级”无效,应为正职、副职、中层负责人、一般干部之一。" in text
    assert "第 3 行 [职务类别]:填写了职务时必填。" in text


def test_duplicate_employee_numbers_are_errors_on_the_later_rows(world):
    content = csv_bytes(
        [
            row("N1", "周九", "综合科"),
            row("N2", "吴十", "综合科"),
            row("N1", "周九", "综合科"),
            row("N1", "周九九", "综合科"),
        ]
    )
    plan = preview(world, content)
    assert issues_of(plan) == {(4, "工号"), (5, "工号")}
    assert "第 4 行 [工号]:工号“N1”与第 2 行重复。" in messages_of(plan)


def test_missing_columns_are_one_file_error_listing_them(world):
    header = [c for c in HEADER if c not in ("性别", "考核组")]
    content = xlsx_bytes([["N1", "周九", "1985-01-01", "综合科", "", "", "", ""]], header=header)
    plan = preview(world, content, "r.xlsx")
    assert len(plan.issues) == 1
    assert plan.issues[0].row is None
    assert "缺少列:性别、考核组" in plan.issues[0].message


def test_a_workbook_whose_sheet_lacks_the_header_is_refused_naming_the_sheet(world):
    # given a workbook whose first sheet is something else and no sheet is named 花名册
    content = xlsx_bytes([], header=None, title="统计表", after=[("Sheet2", [HEADER, row("N1", "周九", "综合科")])])
    content_with_data = xlsx_bytes([["合计", 12, 34]], header=["项目", "人数", "金额"], title="统计表")

    for body in (content, content_with_data):
        plan = preview(world, body, "r.xlsx")
        assert len(plan.issues) == 1
        message = plan.issues[0].message
        assert "统计表" in message and "花名册" in message


def test_a_sheet_named_roster_is_used_wherever_it_is(world):
    content = xlsx_bytes([row("N1", "周九", "综合科")], before=[("说明", [["请填写花名册"]])])
    plan = preview(world, content, "r.xlsx")
    assert plan.is_valid and plan.counts()["new_cadres"] == 1
    assert plan.sheet_name == "花名册"


def test_a_title_row_above_the_header_keeps_excel_row_numbers(world):
    content = xlsx_bytes([["某局干部花名册"], HEADER, row("N1", "周九", "综合科", gender="X")], header=None)
    plan = preview(world, content, "r.xlsx")
    assert issues_of(plan) == {(3, "性别")}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_with_or_without_bom_is_read(world, encoding):
    # given a CSV as Chinese Excel saves it ("CSV" is GBK, "CSV UTF-8" has a BOM)
    content = csv_bytes(
        [row("N1", "周九", "综合科/综合科一组", "副组长", "副职", "2024年5月6日", group="科长组")], encoding=encoding
    )

    # when imported
    apply(world, content)

    # then the Chinese text arrived intact
    cadre = Cadre.objects.get(employee_no="N1")
    assert cadre.name == "周九" and cadre.unit == world.unit_a1
    assert cadre.appointments.get().post.name == "副组长"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "r.csv", "文件为空"),
        (csv_bytes([]), "r.csv", "没有数据行"),
        (xlsx_bytes([]), "r.xlsx", "没有数据行"),
        (xlsx_bytes([], header=None), "r.xlsx", "是空的"),
        (b"not a zip", "r.xlsx", "不是有效的 xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "r.xls", ".xls"),
        (b"a,b", "r.pdf", "仅支持"),
    ],
)
def test_empty_and_foreign_files_are_refused(world, content, name, expected):
    plan = preview(world, content, name)
    assert len(plan.issues) == 1 and plan.issues[0].row is None
    assert expected in plan.issues[0].message


# --- units ---------------------------------------------------------------------------------------------------------


def test_an_ambiguous_unit_name_is_an_error_and_a_path_resolves_it(world):
    # given two units named 综合组
    unit_create(organization=world.org, parent=world.unit_a, name="综合组")
    unit_create(organization=world.org, parent=world.unit_b, name="综合组")

    # when a row names it alone, it is an error; with a path it is fine
    plan = preview(world, csv_bytes([row("N1", "周九", "综合组"), row("N2", "吴十", "城关所/综合组")]))
    assert issues_of(plan) == {(2, "单位")}
    assert "城关所/综合组" in messages_of(plan) or "测试局机关/城关所/综合组" in messages_of(plan)


def test_a_name_that_the_file_itself_makes_ambiguous_is_an_error_whatever_the_row_order(world):
    # given a file that creates a second 综合科 (under a new 分局) and names 综合科 alone
    rows = [row("N1", "周九", "分局/综合科"), row("N2", "吴十", "综合科")]
    for ordered in (rows, rows[::-1]):
        plan = preview(world, csv_bytes(ordered))
        # then the single name is ambiguous in either order (re-importing would find two 综合科)
        assert [i.column for i in plan.issues] == ["单位"]
        assert "综合科" in plan.issues[0].message


# --- scope -------------------------------------------------------------------------------------------------------


def test_hr_scoped_to_a_subtree_may_not_import_rows_outside_it(world):
    # given HR scoped to 综合科 and rows in 综合科, in 城关所, under the root, and 李四 (城关所)
    scope = roster_scope(user=world.users["hr"], organization=world.org)
    content = csv_bytes(
        [
            row("N1", "周九", "综合科/综合科一组"),
            row("N2", "吴十", "城关所"),
            row("N3", "郑一", "新设科"),
            row("B001", "李四", "综合科"),
            row("N4", "王二", "综合科/新组"),
        ]
    )
    before = db_counts()

    # when checked and imported
    plan = preview(world, content, scope=scope)
    with pytest.raises(RosterInvalid):
        apply(world, content, scope=scope)

    # then the rows outside are refused and nothing is written
    assert issues_of(plan) == {(3, "单位"), (4, "单位"), (5, "工号")}
    assert "第 3 行 [单位]:单位不在您的管理范围内" in messages_of(plan)
    assert db_counts() == before


def test_hr_scoped_to_the_whole_organization_creates_units_under_the_root(world):
    role_assign(user=world.users["committee"], role=RoleAssignment.Role.HR, organization=world.org)
    scope = roster_scope(user=world.users["committee"], organization=world.org)
    assert scope.is_whole_organization
    plan = apply(world, csv_bytes([row("N3", "郑一", "新设科")]), scope=scope)
    assert [n.label for n in plan.new_units] == ["测试局机关/新设科"]


def test_a_reassignment_that_would_end_a_post_outside_the_scope_is_refused(world):
    # given 张三 (in 综合科) also holding a post in 城关所
    extra = Post.objects.create(unit=world.unit_b, name="副所长", kind=Post.Kind.DEPUTY)
    Appointment.objects.create(cadre=world.cadre, post=extra, start_date=datetime.date(2024, 1, 1))
    scope = roster_scope(user=world.users["hr"], organization=world.org)

    # when HR of 综合科 gives him a new post
    plan = preview(world, csv_bytes([row("A001", "张三", "综合科", "科长", "中层负责人", "2025-01-01")]), scope=scope)

    # then the row is refused
    assert issues_of(plan) == {(2, "职务")}


def test_the_roster_scope_follows_the_roles(world):
    assert roster_scope(user=world.users["admin"], organization=world.org).is_whole_organization
    assert roster_scope(user=world.users["hr"], organization=world.org) == RosterScope(paths=(world.unit_a.path,))
    assert roster_scope(user=world.users["committee"], organization=world.org) is None
    assert roster_scope(user=world.users["cadre"], organization=world.org) is None


# --- appointments and posts ----------------------------------------------------------------------------------------


def test_a_new_post_dated_before_the_current_one_is_a_row_error(world):
    plan = preview(world, csv_bytes([row("A001", "张三", "城关所", "副所长", "副职", "2023-03-01")]))
    assert issues_of(plan) == {(2, "任职日期")}
    assert "2023-03-01" in messages_of(plan)


def test_a_post_kind_that_contradicts_the_existing_post_is_a_row_error(world):
    plan = preview(
        world,
        csv_bytes(
            [
                row("N1", "周九", "城关所", "所长", "副职", "2025-01-01"),
                row("N2", "吴十", "综合科", "科员", "一般干部", "2025-01-01"),
                row("N3", "郑一", "综合科", "科员", "副职", "2025-01-01"),
            ]
        ),
    )
    assert issues_of(plan) == {(2, "职务类别"), (4, "职务类别")}
    assert "第 3 行" in messages_of(plan)


# --- ten thousand rows -------------------------------------------------------------------------------------------


def big_roster(count: int, *, bad_row: int | None = None) -> list[list]:
    rows = []
    for i in range(count):
        start = "2025-02-30" if bad_row is not None and i + 2 == bad_row else "2024-01-01"
        post, kind = ("组长", "中层负责人") if i % 50 == 0 else ("科员", "一般干部")
        rows.append(
            row(
                f"N{i:05d}",
                f"干部{i}",
                f"综合科/第{i % 40}组",
                post,
                kind,
                start,
                gender="男" if i % 2 else "女",
                rank="一级科员",
                group=f"第{i % 5}考核组",
            )
        )
    return rows


def test_ten_thousand_rows_with_one_bad_row_near_the_end_write_nothing(world, django_assert_max_num_queries):
    # given 10,000 rows with a bad date on row 9,990
    content = xlsx_bytes(big_roster(10_000, bad_row=9_990))
    before = db_counts()

    # when checked: a handful of queries, not one per row
    with django_assert_max_num_queries(10):
        plan = preview(world, content, "big.xlsx")

    # then the one bad row is reported
    assert issues_of(plan) == {(9_990, "任职日期")}
    assert plan.row_count == 10_000

    # and importing it writes nothing at all, audit log included
    with pytest.raises(RosterInvalid) as caught:
        apply(world, content, "big.xlsx")
    assert [(i.row, i.column) for i in caught.value.issues] == [(9_990, "任职日期")]
    assert db_counts() == before


# --- pages ---------------------------------------------------------------------------------------------------------


def upload(client, content, name, *, org=None, year=YEAR):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.common.import_previews import post_and_follow

    data = {"action": "preview", "year": year, "file": SimpleUploadedFile(name, content)}
    if org is not None:
        data["organization"] = org.pk
    return post_and_follow(client, "/org/roster/import/", data)


def test_the_downloaded_template_filled_in_round_trips(world, as_persona, media, django_capture_on_commit_callbacks):
    # given the template downloaded by HR of 综合科
    client = as_persona("hr")
    response = client.get("/org/roster/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["花名册", "填写说明"]
    sheet = workbook["花名册"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row >= 1 and all(c.value is None for c in sheet[2])
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert validated == {"C2", "G2"}  # 性别, 职务类别
    assert "张三" in [c.value for r in workbook["填写说明"].iter_rows() for c in r]

    # when it is filled in (dates as date cells, 工号 as text) and uploaded
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = "0007", "陈八", "女", datetime.date(1992, 4, 5)
    sheet["E2"], sheet["F2"], sheet["G2"], sheet["H2"] = (
        "综合科/综合科一组",
        "副组长",
        "副职",
        datetime.date(2025, 3, 1),
    )
    sheet["I2"], sheet["J2"] = "二级主任科员", "科长组"
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "0008", "褚九", "男", "1993/6/7", "综合科"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, buffer.getvalue(), "花名册.xlsx", org=world.org)

    # then the preview shows the changes, and confirming applies them
    body = response.content.decode()
    assert response.status_code == 200
    assert "导入预览" in body and "陈八" in body and "褚九" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/org/roster/import/", {"action": "confirm", "preview": response.context["preview_job"]})
    assert response.status_code == 302
    chen = Cadre.objects.get(employee_no="0007")
    assert (chen.name, chen.gender, chen.birth_date, chen.unit) == (
        "陈八",
        "F",
        datetime.date(1992, 4, 5),
        world.unit_a1,
    )
    assert chen.appointments.get().post.name == "副组长"
    assert Cadre.objects.get(employee_no="0008").birth_date == datetime.date(1993, 6, 7)


def test_the_import_page_preselects_the_only_organization_and_this_year(world, as_persona):
    response = as_persona("hr").get("/org/roster/import/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["organization"].initial == world.org.pk
    assert form.fields["year"].initial == datetime.date.today().year
    assert list(form.fields["organization"].queryset) == [world.org]


def test_the_preview_shows_the_changes_and_confirm_applies_them(
    world, as_persona, media, django_capture_on_commit_callbacks
):
    # given HR of 综合科 uploading a roster
    client = as_persona("hr")
    content = csv_bytes(
        [
            row("A001", "张三", "综合科一组", "组长", "中层负责人", "2023-03-01", rank="二级主任科员"),
            row("N1", "周九", "综合科/综合科一组", "副组长", "副职", "2025-01-02", group="科长组"),
        ]
    )
    before = db_counts()

    # when previewed
    response = upload(client, content, "花名册.csv", org=world.org)

    # then the page lists the changes and writes nothing yet
    body = response.content.decode()
    assert "新增干部" in body and "周九" in body and "更新干部" in body and "职级:一级主任科员 → 二级主任科员" in body
    assert "确认导入" in body
    assert db_counts() == before
    token = response.context["preview_job"]
    preview_job = BackgroundJob.objects.get(pk=token)
    assert list(media.joinpath("roster_uploads").iterdir())[0].name == f"{preview_job.arguments['token']}.csv"

    # when confirmed, the import goes to a background job
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/org/roster/import/", {"action": "confirm", "preview": token})

    # then it is applied, the file is gone, and the job's page says so with a link to the cadre list
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert response.status_code == 302 and response["Location"] == f"/org/roster/jobs/{job.pk}/"
    assert (job.status, job.progress, job.requested_by) == ("succeeded", 100, world.users["hr"])
    assert Cadre.objects.filter(employee_no="N1").exists()
    world.cadre.refresh_from_db()
    assert world.cadre.rank_grade == "二级主任科员"
    assert AuditLog.objects.filter(action="org.roster.import", actor=world.users["hr"]).count() == 1
    assert not any(media.joinpath("roster_uploads").iterdir())
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "已导入" in body and 'href="/org/cadres/"' in body and "查看干部名册" in body
    assert ["新增干部", 1] in job.summary
    assert "hx-trigger" not in body  # finished: the page stops polling
    # another HR user cannot see the job
    assert as_persona("hr_other").get(response["Location"]).status_code == 404

    # and the same token cannot be used twice
    again = client.post("/org/roster/import/", {"action": "confirm", "preview": token})
    assert again.status_code == 302
    assert AuditLog.objects.filter(action="org.roster.import").count() == 1


def test_the_page_lists_bad_rows_and_keeps_no_file(world, as_persona, media):
    content = csv_bytes([row("N1", "周九", "综合科", "科员", "科级", "2025-01-01"), row("N2", "吴十", "城关所")])
    response = upload(as_persona("hr"), content, "bad.csv", org=world.org)
    body = response.content.decode()
    assert "2 处错误" in body and "单位不在您的管理范围内" in body and "职务类别" in body
    assert "确认导入" not in body and "preview_job" not in response.context
    assert not media.joinpath("roster_uploads").exists() or not any(media.joinpath("roster_uploads").iterdir())


def test_the_import_job_checks_again_and_refuses_what_has_become_wrong(
    world, as_persona, media, django_capture_on_commit_callbacks
):
    # given a previewed roster naming 综合组 alone
    client = as_persona("hr")
    unit_create(organization=world.org, parent=world.unit_a, name="综合组")
    response = upload(client, csv_bytes([row("N1", "周九", "综合组")]), "r.csv", org=world.org)
    token = response.context["preview_job"]

    # when, before confirming, a second 综合组 appears
    unit_create(organization=world.org, parent=world.unit_a1, name="综合组")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/org/roster/import/", {"action": "confirm", "preview": token})

    # then the import job's page shows the errors, and nothing is written
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert response.status_code == 302 and response["Location"] == f"/org/roster/jobs/{job.pk}/"
    assert job.status == "failed"
    assert "未导入任何数据" in client.get(response["Location"]).content.decode()
    assert not Cadre.objects.filter(employee_no="N1").exists()


def test_the_import_job_refuses_when_the_changes_differ_from_the_preview(
    world, as_persona, media, django_capture_on_commit_callbacks
):
    # given a previewed roster that would create cadre N1
    client = as_persona("hr")
    content = csv_bytes([row("N1", "周九", "综合科", rank="一级科员")])
    token = upload(client, content, "r.csv", org=world.org).context["preview_job"]

    # when someone creates N1 with another grade before the confirmation
    from org.services import cadre_create

    cadre_create(organization=world.org, employee_no="N1", unit=world.unit_a, name="周九", gender="M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/org/roster/import/", {"action": "confirm", "preview": token})

    # then the import job writes nothing and says the data changed
    job = BackgroundJob.objects.exclude(kind="import_preview").get()
    assert job.status == "changed" and "数据已发生变化" in job.message
    assert Cadre.objects.get(employee_no="N1").rank_grade == ""
    assert not any(media.joinpath("roster_uploads").iterdir())

    # uploading it again shows the new preview, whose confirmation imports it
    response = upload(client, content, "r.csv", org=world.org)
    assert "更新干部" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/org/roster/import/", {"action": "confirm", "preview": response.context["preview_job"]})
    assert response.status_code == 302
    assert Cadre.objects.get(employee_no="N1").rank_grade == "一级科员"


@pytest.mark.parametrize("token", ["", "0" * 32, "../../../etc/passwd", "a" * 32 + "/../x"])
def test_confirm_refuses_a_token_it_did_not_hand_out(world, as_persona, media, token):
    before = db_counts()
    response = as_persona("hr").post("/org/roster/import/", {"action": "confirm", "preview": token})
    assert response.status_code == 302
    assert db_counts() == before


def test_a_token_from_another_session_is_refused(world, as_persona, media):
    token = upload(as_persona("hr"), csv_bytes([row("N1", "周九", "综合科")]), "r.csv", org=world.org).context[
        "preview_job"
    ]
    before = db_counts()
    response = as_persona("admin").post("/org/roster/import/", {"action": "confirm", "preview": token})
    assert response.status_code == 302
    assert db_counts() == before


def test_hr_cannot_choose_another_organization(world, as_persona, media):
    from org.services import organization_create

    other = organization_create(code="other", name="别的局")
    response = upload(as_persona("hr"), csv_bytes([row("N1", "周九", "综合科")]), "r.csv", org=other)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Cadre.objects.filter(employee_no="N1").exists()


@pytest.mark.parametrize("persona", ["cadre", "committee", "rater", "norole"])
def test_other_roles_get_403_on_the_import_pages(world, as_persona, media, persona):
    client = as_persona(persona)
    before = db_counts()
    assert client.get("/org/roster/import/").status_code == 403
    assert client.get("/org/roster/template.xlsx").status_code == 403
    assert upload(client, csv_bytes([row("N1", "周九", "综合科")]), "r.csv", org=world.org).status_code == 403
    assert db_counts() == before


def test_anonymous_is_sent_to_login(world, client):
    response = client.get("/org/roster/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the bulk services the import uses ------------------------------------------------------------------------------


def test_bulk_services_make_the_same_checks_as_their_one_row_services(world):
    from common.errors import ApplicationError
    from org import services

    before = db_counts()
    with pytest.raises(ApplicationError, match="A001"):
        services.cadre_bulk_create(
            organization=world.org,
            cadres=[{"employee_no": "A001", "unit": world.unit_a, "name": "重复", "gender": "M"}],
        )
    with pytest.raises(ApplicationError, match="已满"):
        services.appointment_bulk_start(
            appointments=[{"cadre": world.cadre, "post": world.post_b, "start_date": datetime.date(2025, 1, 1)}]
        )
    with pytest.raises(ApplicationError, match="已在任"):
        services.appointment_bulk_start(
            appointments=[{"cadre": world.cadre, "post": world.post_a, "start_date": datetime.date(2025, 1, 1)}]
        )
    held = world.cadre.appointments.get()
    with pytest.raises(ApplicationError, match="免职日期"):
        services.appointment_bulk_end(
            appointments=[held], end_date_of={held.pk: held.start_date}, end_reason="reassigned"
        )
    assert db_counts() == before


def test_bulk_services_write_one_audit_row_per_record(world):
    from common.audit import audit_log_for
    from org import services

    # given two new cadres put in a new group, one of whom was in 科长组
    actor = world.users["admin"]
    created = services.cadre_bulk_create(
        organization=world.org,
        cadres=[{"employee_no": f"M{i}", "unit": world.unit_a, "name": f"新人{i}", "gender": "F"} for i in range(2)],
        actor=actor,
    )
    group = services.group_create(organization=world.org, year=YEAR, name="新组")

    # when moved in bulk
    services.group_member_bulk_set(group=group, cadres=[*created, world.cadre], actor=actor, reason="调整")

    # then each record has its own audit rows, as with the one-row services
    assert [row.action for row in audit_log_for(created[0])] == ["org.group.member_set", "org.cadre.create"]
    moved = audit_log_for(world.cadre).first()
    assert moved.before == {"group": world.group.pk} and moved.after == {"group": group.pk}
    assert moved.actor == actor and moved.reason == "调整"
    assert GroupMembership.objects.get(cadre=world.cadre, year=YEAR).group == group
