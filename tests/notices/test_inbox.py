"""The inbox: one's own notices only, the unread badge, marking read, the due date in Chinese."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.workdays import calendar_warning
from notices.models import Notice
from notices.services import notices_generate
from org.models import Appointment


def make_notice(user, *, subject_id="1", occurrence="due", due=datetime.date(2025, 2, 5), **fields):
    return Notice.objects.create(
        recipient=user,
        kind="tests.letter",
        subject_type=ContentType.objects.get_for_model(Appointment),
        subject_id=subject_id,
        occurrence=occurrence,
        due_date=due,
        title=fields.pop("title", f"【今日截止】签署承诺书 {subject_id}"),
        body=fields.pop("body", "请登录系统签署。"),
        url=fields.pop("url", "/me/"),
        **fields,
    )


def test_a_cadre_sees_only_own_notices(world, letter_kind, as_persona):
    # Given the scan ran after both letters fell due (张三's due 2023-04-01, 李四's 2022-02-10)
    notices_generate(today=datetime.date(2023, 4, 10))

    # When 张三 opens the inbox
    body = as_persona("cadre").get("/notices/").content.decode()

    # Then only the letter for 张三's own post (组长) is there, not 李四's (所长)
    assert "签署承诺书:组长" in body
    assert "所长" not in body


def test_the_nav_badge_counts_unread_and_drops_after_mark_read(world, as_persona):
    user = world.users["cadre"]
    first = make_notice(user, subject_id="1")
    make_notice(user, subject_id="2")
    make_notice(world.users["other_cadre"], subject_id="3")  # someone else's: not counted
    client = as_persona("cadre")

    response = client.get("/notices/")
    assert response.context["unread_notice_count"] == 2
    assert 'id="unread-notice-count"' in response.content.decode()

    # When one is opened, the badge counts one
    response = client.post(f"/notices/{first.pk}/read/")
    assert response.status_code == 302 and response.url == "/me/"
    first.refresh_from_db()
    assert first.is_read
    assert client.get("/notices/").context["unread_notice_count"] == 1

    # When all are marked read, the badge is gone
    client.post("/notices/read-all/")
    response = client.get("/notices/")
    assert response.context["unread_notice_count"] == 0
    assert 'id="unread-notice-count"' not in response.content.decode()
    assert Notice.objects.filter(recipient=world.users["other_cadre"], read_at__isnull=True).count() == 1


def test_marking_someone_elses_notice_is_404_and_changes_nothing(world, as_persona):
    theirs = make_notice(world.users["other_cadre"])

    response = as_persona("cadre").post(f"/notices/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_leaves_other_peoples_notices_alone(world, as_persona):
    mine = make_notice(world.users["cadre"])
    theirs = make_notice(world.users["other_cadre"])

    as_persona("cadre").post("/notices/read-all/")

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_read and not theirs.is_read


def test_an_offsite_url_is_not_followed(world, as_persona):
    notice = make_notice(world.users["cadre"], url="https://evil.example/")

    response = as_persona("cadre").post(f"/notices/{notice.pk}/read/")

    assert response.status_code == 302 and response.url == "/notices/"


def test_the_notice_shows_its_due_date_with_weekday_and_the_calendar_warning(world, as_persona):
    warning = calendar_warning(datetime.date(2099, 3, 2))
    assert warning  # the package ships no calendar for 2099
    make_notice(world.users["cadre"], subject_id="1", due=datetime.date(2025, 2, 5))
    make_notice(world.users["cadre"], subject_id="2", due=datetime.date(2099, 3, 2), calendar_warning=warning)

    body = as_persona("cadre").get("/notices/").content.decode()

    assert "2025年2月5日(星期三)" in body
    assert "2099年3月2日(星期一)" in body
    assert warning in body


def test_a_generated_notice_says_what_to_do_and_by_when(world, letter_kind, as_persona):
    notices_generate(today=datetime.date(2023, 3, 29))  # three working days before 2023-04-01 (a Saturday)

    notice = Notice.objects.get(recipient=world.users["cadre"])
    body = as_persona("cadre").get("/notices/").content.decode()

    assert notice.title in body
    assert "2023年4月1日(星期六)" in body
    assert "请登录系统签署。" in body
    assert f'action="/notices/{notice.pk}/read/"' in body


def test_each_notice_shows_when_it_came_in_beijing_time_its_state_and_its_button(world, as_persona):
    """The page formats each notice's time and link once in the view and translates its words once."""
    with_link = make_notice(world.users["cadre"], subject_id="1", title="要办的那条")
    Notice.objects.filter(pk=with_link.pk).update(created_at=datetime.datetime(2025, 2, 4, 17, 5, tzinfo=datetime.UTC))
    plain = make_notice(world.users["cadre"], subject_id="2", title="只是告知", due=None, url="")
    client = as_persona("cadre")
    client.post(f"/notices/{plain.pk}/read/")

    body = client.get("/notices/").content.decode()

    first = body[body.index("要办的那条") : body.index("</form>", body.index("要办的那条"))]
    assert "2025-02-05 01:05" in first  # 17:05 UTC is 01:05 the next day in Beijing
    assert f'action="/notices/{with_link.pk}/read/"' in first
    assert "截止日期" in first and "去办理" in first and "已读" not in first
    second = body[body.index("只是告知") : body.index("</form>", body.index("只是告知"))]
    assert "· 已读" in second and "标为已读" in second and f'action="/notices/{plain.pk}/read/"' in second
    assert body.count('<span class="badge text-bg-danger me-1">未读</span>') == 1

    english = client.post("/i18n/setlang/", {"language": "en", "next": "/notices/"}, follow=True).content.decode()
    assert '<span class="badge text-bg-danger me-1">Unread</span>' in english
    assert "Due date" in english and ">Open</button>" in english and "· Read" in english


def test_unread_filter(world, as_persona):
    read = make_notice(world.users["cadre"], subject_id="1", title="已读的那条")
    make_notice(world.users["cadre"], subject_id="2", title="未读的那条")
    as_persona("cadre").post(f"/notices/{read.pk}/read/")

    body = as_persona("cadre").get("/notices/?unread=1").content.decode()

    assert "未读的那条" in body and "已读的那条" not in body


def test_inbox_query_count_does_not_grow_with_notices(world, as_persona, django_assert_max_num_queries):
    client = as_persona("cadre")
    for i in range(3):
        make_notice(world.users["cadre"], subject_id=str(i))
    client.get("/notices/")  # warm the session
    with django_assert_max_num_queries(10) as few:
        client.get("/notices/")

    for i in range(3, 40):
        make_notice(world.users["cadre"], subject_id=str(i))
    with django_assert_max_num_queries(10) as many:
        response = client.get("/notices/")
    assert response.context["page"].paginator.count == 40
    assert len(many) == len(few)


def test_every_signed_in_persona_has_an_inbox_and_a_bell(world, as_persona):
    for persona in ["admin", "hr", "committee", "rater", "cadre", "norole"]:
        response = as_persona(persona).get("/notices/")
        assert response.status_code == 200
        assert 'href="/notices/"' in response.content.decode()


def test_the_bell_on_any_page_counts_the_unread_notices_of_this_request(world, as_persona):
    """The count is taken when the page shows it, each request: a notice that arrives, is read, or is someone else's
    changes it at once, on a page other than the inbox too."""
    client = as_persona("cadre")
    client.get("/me/")  # warm the session

    def bell() -> str | None:
        body = client.get("/me/").content.decode()
        found = re.search(r'id="unread-notice-count"><span class="visually-hidden">未读</span>([^<]*)</span>', body)
        return found.group(1) if found else None

    assert bell() is None
    first = make_notice(world.users["cadre"], subject_id="1")
    make_notice(world.users["other_cadre"], subject_id="2")
    assert bell() == "1"
    for i in range(3, 102):
        make_notice(world.users["cadre"], subject_id=str(i))
    assert bell() == "99+"  # 100 unread
    client.post(f"/notices/{first.pk}/read/")
    assert bell() == "99"
    client.post("/notices/read-all/")
    assert bell() is None
    assert as_persona("other_cadre").get("/notices/").context["unread_notice_count"] == 1


def test_the_inbox_counts_all_and_unread_in_one_query(world, as_persona):
    user = world.users["cadre"]
    for i in range(35):
        make_notice(user, subject_id=str(i))
    make_notice(world.users["other_cadre"], subject_id="x")
    client = as_persona("cadre")
    client.post("/notices/read-all/")
    for i in range(35, 40):
        make_notice(user, subject_id=str(i))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notices/")
    assert response.context["page"].paginator.count == 40
    assert response.context["unread_notice_count"] == 5
    body = response.content.decode()
    assert '<span class="badge text-bg-danger">5</span>' in body  # the unread filter's button
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "notices_notice" in q["sql"]]
    assert len(counts) == 1, counts

    unread = client.get("/notices/?unread=1")
    assert unread.context["page"].paginator.count == 5
    assert len(unread.context["page"].object_list) == 5
    second = client.get("/notices/?page=2").context["page"]  # newest first: 39 … 10 on the first page
    assert [n.title.split()[-1] for n in second] == [str(i) for i in range(9, -1, -1)]
