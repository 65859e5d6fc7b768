"""The HR deadline list: scope, filters, order, status, the calendar warning, the CSV export, query count.

The world: 张三 (综合科一组, in hr's scope) took office 2023-03-01, so the test letter is due 2023-04-01;
李四 (城关所, in hr_other's scope) took office 2022-01-10, due 2022-02-10."""

import csv
import datetime
import io

import pytest

from common.workdays import calendar_warning
from notices import registry, selectors
from org.services import appointment_start
from tests.factories import CadreFactory, PostFactory
from tests.notices.conftest import make_kind

TODAY = datetime.date(2023, 4, 10)


@pytest.fixture
def other_kind():
    kind = registry.register(make_kind(code="tests.other", label="另一期限"))
    yield kind
    registry.unregister(kind.code)


def subjects(rows):
    return [(r.subject, r.unit_name) for r in rows]


def test_hr_sees_deadlines_of_cadres_in_scope_only(world, letter_kind):
    assert subjects(selectors.deadline_rows(world.users["hr"], today=TODAY)) == [("签署承诺书:组长", "综合科一组")]
    assert subjects(selectors.deadline_rows(world.users["hr_other"], today=TODAY)) == [("签署承诺书:所长", "城关所")]


def test_the_admin_sees_all_and_nobody_else_sees_any(world, letter_kind):
    assert len(selectors.deadline_rows(world.users["admin"], today=TODAY)) == 2
    for persona in ["committee", "rater", "cadre", "norole"]:
        assert selectors.deadline_rows(world.users[persona], today=TODAY) == []


def test_overdue_first_then_by_due_date_with_status(world, letter_kind):
    # On 2023-03-20 李四's letter is long overdue and 张三's is due in 12 days.
    rows = selectors.deadline_rows(world.users["admin"], today=datetime.date(2023, 3, 20))

    assert [(r.subject, r.status, r.days_left) for r in rows] == [
        ("签署承诺书:所长", "overdue", -403),
        ("签署承诺书:组长", "upcoming", 12),
    ]
    assert rows[0].status_label == "已逾期" and rows[1].status_label == "即将到期"
    assert rows[1].due_date_zh == "2023年4月1日(星期六)"

    today = selectors.deadline_rows(world.users["admin"], today=datetime.date(2023, 4, 1))
    assert [r.status_label for r in today] == ["已逾期", "今日截止"]


def test_a_deadline_beyond_the_horizon_waits(world, letter_kind):
    rows = selectors.deadline_rows(world.users["hr"], today=datetime.date(2023, 1, 1), horizon_days=60)
    assert rows == []
    rows = selectors.deadline_rows(world.users["hr"], today=datetime.date(2023, 1, 1), horizon_days=90)
    assert len(rows) == 1


def test_filter_by_kind_and_unit(world, letter_kind, other_kind):
    admin = world.users["admin"]
    assert len(selectors.deadline_rows(admin, today=TODAY)) == 4
    assert {r.kind_label for r in selectors.deadline_rows(admin, kind="tests.other", today=TODAY)} == {"另一期限"}
    by_unit = selectors.deadline_rows(admin, kind="tests.letter", unit=world.unit_b, today=TODAY)
    assert subjects(by_unit) == [("签署承诺书:所长", "城关所")]
    # A unit's subtree counts: 综合科 holds 综合科一组.
    assert subjects(
        selectors.deadline_rows(world.users["hr"], unit=world.unit_a, kind="tests.letter", today=TODAY)
    ) == [("签署承诺书:组长", "综合科一组")]


def test_the_page_filters_and_refuses_a_unit_outside_scope(world, letter_kind, other_kind, as_persona):
    client = as_persona("hr")
    body = client.get("/notices/deadlines/").content.decode()
    assert body.count("签署承诺书:组长") == 2  # one row per kind
    assert "所长" not in body and "城关所" not in body

    response = client.get("/notices/deadlines/", {"kind": "tests.other"})
    assert [r.kind_label for r in response.context["page"]] == ["另一期限"]

    response = client.get("/notices/deadlines/", {"unit": world.unit_b.pk})
    assert response.context["form"].errors["unit"]
    assert "城关所" not in response.content.decode()

    body = as_persona("hr_other").get("/notices/deadlines/").content.decode()
    assert "签署承诺书:所长" in body and "组长" not in body


def test_the_page_warns_of_a_due_date_in_a_year_without_calendar(world, as_persona):
    kind = registry.register(make_kind(code="tests.old", due_date=lambda a: datetime.date(2003, 6, 2)))
    try:
        response = as_persona("hr").get("/notices/deadlines/")
    finally:
        registry.unregister(kind.code)
    body = response.content.decode()
    assert "2003年6月2日(星期一)" in body
    warning = response.context["calendar_warning"]
    assert warning == calendar_warning(datetime.date(2003, 6, 2), *selectors_window())
    assert "2003" in warning and warning in body


def selectors_window():
    from django.utils import timezone

    today = timezone.localdate()
    return today, today + datetime.timedelta(days=90)


def read_csv(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_export_has_bom_chinese_header_and_sanitized_cells(world, as_persona):
    kind = registry.register(
        make_kind(code="tests.evil", label="=期限", describe=lambda a: ('=HYPERLINK("http://x")', "", "/org/"))
    )
    try:
        response = as_persona("hr").get("/notices/deadlines/export.csv")
    finally:
        registry.unregister(kind.code)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["期限类别", "事项", "单位", "截止日期", "星期", "剩余天数", "状态", "链接"]
    assert len(rows) == 2  # 张三's only
    kind_label, subject, unit, due, weekday, days_left, status, link = rows[1]
    assert kind_label == "'=期限" and subject == '\'=HYPERLINK("http://x")'
    assert (unit, due, weekday, status) == ("综合科一组", "2023-04-01", "星期六", "已逾期")
    assert int(days_left) < 0
    assert link == "http://testserver/org/"


def test_csv_export_follows_the_filters_and_scope(world, letter_kind, other_kind, as_persona):
    rows = read_csv(as_persona("hr_other").get("/notices/deadlines/export.csv", {"kind": "tests.other"}))
    assert [r[:3] for r in rows[1:]] == [["另一期限", "签署承诺书:所长", "城关所"]]


def test_deadline_page_query_count_does_not_grow_with_rows(
    world, letter_kind, other_kind, as_persona, django_assert_max_num_queries
):
    client = as_persona("hr")
    client.get("/notices/deadlines/")  # warm the session
    # One query per registered deadline kind (the apps register theirs); the rest is fixed.
    cap = 10 + len(registry.kinds())
    with django_assert_max_num_queries(cap) as few:
        client.get("/notices/deadlines/")

    for _ in range(30):
        cadre = CadreFactory(unit=world.unit_a1, organization=world.org)
        appointment_start(cadre=cadre, post=PostFactory(unit=world.unit_a1), start_date=datetime.date(2023, 3, 1))
    with django_assert_max_num_queries(cap) as many:
        response = client.get("/notices/deadlines/")
    assert response.context["total"] == 62
    assert len(many) == len(few)


def test_an_english_page_names_the_deadline_kinds_in_english_and_notices_stay_chinese(world, as_persona):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from notices.services import _body

    client = as_persona("hr")
    client.cookies["django_language"] = "en"
    body = client.get("/notices/deadlines/").content.decode()
    assert "Scoring deadline" in body and "Voluntary step-down application" in body
    assert "考核评分截止" not in body

    kind = make_kind(code="tests.lazy", label=gettext_lazy("考核评分截止"))
    with translation.override("en"):  # whoever sets the notice off, it is written in Chinese
        text = _body("before:3", "", datetime.date(2025, 2, 5), kind)
    assert text == "考核评分截止的截止日期是2025年2月5日(星期三),请在截止日期前办理。"
