"""The settlement page by role, its forms, the permission-matrix entries of this area, and `publish_results`."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Publication, Result, Score, TieDecision
from assessments.services.publication import posting_end, posting_start, publication_publish, run_confirm
from assessments.services.ties import tie_group_decide
from common.models import AuditLog
from common.workdays import format_date_zh
from notices.models import Notice
from tests.assessments import matrix_results_workflow as matrix
from tests.assessments.matrix_results_workflow import build_tied, compute, confirm_on
from tests.assessments.test_api_support import make_hr_all
from tests.conftest import PERSONAS, client_for
from tests.test_permission_matrix import FORBIDDEN_TEXT


@pytest.fixture
def tied(world, scoring):
    return build_tied(world, scoring)


@pytest.fixture
def hr_all(world):
    """HR of the whole organization: the one who posts and publishes (the world's HR users hold subtrees)."""
    return make_hr_all(world)


@pytest.fixture
def hr_all_client(hr_all, client):
    client.force_login(hr_all)
    return client


def url(name: str, run) -> str:
    return reverse(f"assessments:{name}", kwargs={"pk": run.pk})


def text(response) -> str:
    return response.content.decode()


def settle(tied, world, run=None):
    run = run or tied.run
    for kind, names in [("bottom", ["张三", "钱二"]), ("excellent", ["周五"])]:
        tie_group_decide(
            run=run,
            group_id=world.group.pk,
            kind=kind,
            chosen_cadre_ids=tied.ids(*names),
            reason="党组会议研究决定",
            actor=world.users["committee"],
        )


def confirm(tied, world):
    """Confirmed on 24 January 2025, the day the postings below start."""
    settle(tied, world)
    return confirm_on(datetime.date(2025, 1, 24), run=tied.run, actor=world.users["committee"])


# --- what each role sees ------------------------------------------------------------------------------------------


def test_the_committee_sees_every_tie_with_its_places_and_the_confirm_button(tied, world, as_persona):
    page = text(as_persona("committee").get(url("results_settle", tied.run)))
    assert "须从 3 名并列干部中确定 2 人列入后10%" in page
    assert "优秀名额还剩 1 个,最多可评定 1 人为优秀" in page
    for name in ["张三", "李四", "钱二", "周五", "吴六"]:
        assert name in page
    assert page.count('name="chosen"') == 5
    assert "确认本版本结果" in page and "还有 5 名边界并列的干部未裁定" in page
    assert "开始公示优秀人选" not in page  # HR's step
    assert "孙三" in page  # the 优秀 candidate already graded


def test_hr_sees_its_own_side_read_only(tied, world, as_persona):
    page = text(as_persona("hr").get(url("results_settle", tied.run)))
    assert "张三" in page and "周五" in page
    for hidden in ["李四", "钱二", "吴六", "城关所", "B001"]:
        assert hidden not in page
    assert 'name="chosen"' not in page and "确认本版本结果" not in page
    assert "待党组(党委)确认" in page
    # The counts are the whole group's even where HR sees one of the tied.
    assert "须从 3 名并列干部中确定 2 人列入后10%" in page and "已裁定 0/3" in page
    settle(tied, world)
    page = text(as_persona("hr").get(url("results_settle", tied.run)))
    assert "已裁定 3/3" in page and "已裁定 2/2" in page and "李四" not in page


def test_the_page_reads_in_a_fixed_number_of_queries(tied, world, as_persona, django_assert_num_queries):
    client = as_persona("committee")
    settle(tied, world)
    client.get(url("results_settle", tied.run))  # the session is written on the first request (then once a minute)
    # session, user, cadre, roles, run, publication, the completeness check (incomplete cadres, open periods, pending
    # points and vetoes, changed sanctions, no-grade states, the inputs' fingerprint, the reader's scope), group counts,
    # tied rows,
    # decisions, candidates, calendar, inbox (the session is saved once a minute at most)
    with django_assert_num_queries(21):  # +1: the read is recorded (common.read_audit)
        client.get(url("results_settle", tied.run))
    # Everyone tied: more rows, the same queries.
    Score.objects.update(value=80)
    run = compute(world)
    assert Result.objects.filter(run=run, boundary_tie=True).count() == 11  # all but the vetoed 郑七
    with django_assert_num_queries(21):  # +1: the read is recorded (common.read_audit)
        response = client.get(url("results_settle", run))
    assert text(response).count('name="chosen"') == 22


@pytest.mark.parametrize("persona", ["rater", "cadre", "norole"])
def test_other_roles_are_refused(tied, persona, as_persona):
    assert as_persona(persona).get(url("results_settle", tied.run)).status_code == 403


# --- the committee's forms ----------------------------------------------------------------------------------------


def test_the_committee_decides_a_group_from_the_page(tied, world, as_persona):
    client = as_persona("committee")
    response = client.post(
        url("results_ties_decide", tied.run),
        {"group": world.group.pk, "kind": "bottom", "chosen": tied.ids("张三", "钱二"), "reason": "党组会议决定"},
    )
    assert response.status_code == 302 and response.url == url("results_settle", tied.run)
    assert set(TieDecision.objects.filter(chosen=True).values_list("cadre__name", flat=True)) == {"张三", "钱二"}
    page = text(client.get(response.url))
    assert "已记录党组(党委)的裁定" in page and "已裁定 3/3" in page


def test_a_refused_decision_shows_the_reason_and_keeps_what_was_ticked(tied, world, as_persona):
    client = as_persona("committee")
    response = client.post(
        url("results_ties_decide", tied.run),
        {"group": world.group.pk, "kind": "bottom", "chosen": tied.ids("张三"), "reason": "只选一人"},
    )
    page = text(response)
    assert response.status_code == 200
    assert "不列入的只能有 1 人" in page
    assert re.search(rf'value="{world.cadre.pk}"[^>]*checked', page)
    assert "只选一人" in page
    assert not TieDecision.objects.exists()

    response = client.post(
        url("results_ties_decide", tied.run),
        {"group": world.group.pk, "kind": "bottom", "chosen": tied.ids("张三", "钱二"), "reason": ""},
    )
    assert "请填写裁定理由" in text(response) and not TieDecision.objects.exists()


def test_confirmation_from_the_page(tied, world, as_persona):
    client = as_persona("committee")
    response = client.post(url("results_confirm", tied.run))
    assert response.status_code == 200 and "还有 5 名边界并列的干部未经党组(党委)裁定,不能确认" in text(response)
    assert not Publication.objects.exists()
    settle(tied, world)
    response = client.post(url("results_confirm", tied.run))
    assert response.status_code == 302
    assert Publication.objects.get().state == "confirmed"
    page = text(client.get(response.url))
    assert "已确认第1版考核结果" in page and 'name="chosen"' not in page and "确认本版本结果" not in page


def test_hr_may_not_decide_or_confirm(tied, world, as_persona):
    client = as_persona("hr")
    data = {"group": world.group.pk, "kind": "bottom", "chosen": tied.ids("张三", "钱二"), "reason": "x"}
    assert client.post(url("results_ties_decide", tied.run), data).status_code == 403
    assert client.post(url("results_confirm", tied.run)).status_code == 403
    assert not TieDecision.objects.exists() and not Publication.objects.exists()


# --- HR's forms ---------------------------------------------------------------------------------------------------


def test_hr_starts_the_posting_and_sees_its_end(tied, world, hr_all_client):
    confirm(tied, world)
    client = hr_all_client
    page = text(client.get(url("results_settle", tied.run)))
    today = timezone.localdate()
    assert f"今天开始,公示至{format_date_zh(posting_end(today))}截止" in page
    response = client.post(url("results_posting_start", tied.run), {"start_date": "2025-01-24"})
    assert response.status_code == 302
    page = text(client.get(response.url))
    assert "公示至2025年2月7日(星期五)截止" in page
    assert "2025年1月24日(星期五)起,至2025年2月7日(星期五)截止" in page
    assert "公布考核结果" in page


def test_hr_of_a_subtree_may_not_post_or_publish(tied, world, as_persona, hr_all):
    publication = confirm(tied, world)
    client = as_persona("hr")
    assert client.post(url("results_posting_start", tied.run), {"start_date": "2025-01-24"}).status_code == 403
    assert Publication.objects.get().state == "confirmed"
    posting_start(publication=publication, actor=hr_all, start_date=datetime.date(2025, 1, 24))
    assert client.post(url("results_publish", tied.run), {"published_on": "2025-02-10"}).status_code == 403
    assert Publication.objects.get().state == "posted" and not Notice.objects.exists()
    assert "公布考核结果</button>" not in text(client.get(url("results_settle", tied.run)))


def test_a_refused_posting_shows_why(tied, world, hr_all_client):
    client = hr_all_client
    response = client.post(url("results_posting_start", tied.run), {"start_date": "2025-01-24"})
    assert response.status_code == 200 and "本版本结果尚未经党组(党委)确认,不能公示" in text(response)
    confirm(tied, world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url("results_posting_start", tied.run), {"start_date": tomorrow.isoformat()})
    assert "公示开始日期不能晚于今天" in text(response)
    response = client.post(url("results_posting_start", tied.run), {"start_date": "not a date"})
    assert response.status_code == 200 and "日期" in text(response)
    assert Publication.objects.get().state == "confirmed"


def test_hr_publishes_after_the_posting(tied, world, hr_all, hr_all_client):
    publication = confirm(tied, world)
    posting_start(publication=publication, actor=hr_all, start_date=datetime.date(2025, 1, 24))
    client = hr_all_client
    response = client.post(url("results_publish", tied.run), {"published_on": "2025-02-07"})
    assert response.status_code == 200 and "公布日期须在公示期满之后" in text(response)
    assert Publication.objects.get().state == "posted" and not Notice.objects.exists()
    response = client.post(url("results_publish", tied.run), {"published_on": "2025-02-10"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.state == "published" and publication.published_by == hr_all
    page = text(client.get(response.url))
    assert "已公布" in page and "2025年2月10日(星期一)" in page and "公布考核结果</button>" not in page
    assert Notice.objects.filter(kind="assessments.published").count() == 11


def test_the_committee_may_not_post_or_publish(tied, world, as_persona):
    confirm(tied, world)
    client = as_persona("committee")
    assert client.post(url("results_posting_start", tied.run), {"start_date": "2025-01-24"}).status_code == 403
    assert client.post(url("results_publish", tied.run), {"published_on": "2025-02-10"}).status_code == 403
    assert Publication.objects.get().state == "confirmed"


def test_an_older_run_page_says_which_version_was_confirmed(tied, world, as_persona):
    newer = compute(world)
    settle(tied, world, run=newer)
    run_confirm(run=newer, actor=world.users["committee"])
    page = text(as_persona("hr").get(url("results_settle", tied.run)))
    assert "本版本未确认(党组已确认第2版:党组已确认)" in page
    assert "开始公示优秀人选" not in page


def test_after_an_appeal_the_committee_decides_the_new_versions_ties_once(tied, world, as_persona, hr_all):
    from tests.assessments.test_results_workflow import adopt_new_version

    publication = confirm(tied, world)
    posting_start(publication=publication, actor=hr_all, start_date=datetime.date(2025, 1, 24))
    publication_publish(publication=publication, published_on=datetime.date(2025, 2, 10), actor=None)
    old_page = text(as_persona("committee").get(url("results_settle", tied.run)))
    assert 'name="chosen"' not in old_page
    newer = adopt_new_version(world)
    client = as_persona("committee")
    assert text(client.get(url("results_settle", newer))).count('name="chosen"') == 5
    response = client.post(
        url("results_ties_decide", newer),
        {"group": world.group.pk, "kind": "bottom", "chosen": tied.ids("张三", "钱二"), "reason": "申诉后党组研究决定"},
    )
    assert response.status_code == 302
    page = text(client.get(response.url))
    assert page.count('name="chosen"') == 2 and "确认本版本结果" not in page


# --- the permission matrix of this area ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix_entries(world, scoring, persona):
    world.scoring = scoring
    matrix.setup(world)
    client = client_for(world, persona)
    failures = []
    for name, (kwargs_of, expect) in matrix.ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs_of(world) if kwargs_of else None))
        if response.status_code != expect(persona):
            failures.append(f"{persona} GET {name}: {response.status_code}, expected {expect(persona)}")
        elif response.status_code == 200:
            failures += [
                f"{persona} GET {name}: shows {t!r}" for t in FORBIDDEN_TEXT.get(persona, []) if t in text(response)
            ]
    assert not failures, "\n".join(failures)


# --- the command --------------------------------------------------------------------------------------------------


def run_command(*args):
    out = io.StringIO()
    call_command("publish_results", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run_command(*args)
    assert caught.value.returncode == 1
    return str(caught.value)


def test_the_command_publishes_a_posted_year(tied, world, hr_all):
    publication = confirm(tied, world)
    posting_start(publication=publication, actor=hr_all, start_date=datetime.date(2025, 1, 24))
    out = run_command("--org", "test", "--year", "2025", "--date", "2025-02-10", "--user", "hr_all")
    assert "测试局 2025 年度考核结果(第1版)已于2025年2月10日(星期一)公布,已通知 11 名干部" in out
    publication.refresh_from_db()
    assert publication.state == "published" and publication.published_by == hr_all
    assert AuditLog.objects.filter(action="assessments.results.publish", actor=hr_all).exists()
    assert "当前状态:已公布" in refused("--org", "test", "--year", "2025", "--date", "2025-02-11")
    assert Notice.objects.filter(kind="assessments.published").count() == 11


def test_the_command_says_why_it_will_not_publish(tied, world, hr_all):
    args = ["--org", "test", "--year", "2025", "--date", "2025-02-10"]
    assert "尚未经党组(党委)确认" in refused(*args)
    publication = confirm(tied, world)
    assert "当前状态:党组已确认" in refused(*args)
    posting_start(publication=publication, actor=hr_all, start_date=datetime.date(2025, 1, 24))
    assert "公布日期须在公示期满之后" in refused("--org", "test", "--year", "2025", "--date", "2025-02-07")
    assert "只有本机构的组织人事部门" in refused(*args, "--user", "committee")
    assert "只有本机构的组织人事部门" in refused(*args, "--user", "hr")
    assert "不存在或已停用" in refused(*args, "--user", "nobody")
    assert "机构代码“nope”不存在" in refused("--org", "nope", "--year", "2025", "--date", "2025-02-10")
    assert "格式不对" in refused("--org", "test", "--year", "2025", "--date", "10/02/2025")
    assert Publication.objects.get().state == "posted" and not Notice.objects.exists()
    # Without --user nobody is named as the publisher, and the change is still audited.
    run_command(*args)
    assert Publication.objects.get().published_by is None
    assert AuditLog.objects.filter(action="assessments.results.publish", actor=None).exists()
