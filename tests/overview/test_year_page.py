"""HR's page of the year: the stages counted and linked, the scoring's completeness per period, rater and group with
the missing cells (within HR's scope), the reminder to the raters who owe scores (once a day each, audited, into
their inbox) and the export of what is missing (the same bytes for the same cells)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.models import Period, Publication
from assessments.services import period_open, rater_assign_bulk, score_save
from common.models import AuditLog
from notices.models import Notice
from overview.services.reminders import KIND, scoring_reminder_send
from tests.assessments.conftest import make_scoring
from tests.assessments.matrix_results_mine import compute, publish

URL = "/overview/year/"


@pytest.fixture
def scoring(world):
    return make_scoring(world)


def _q(world) -> str:
    return f"?organization={world.org.pk}&year=2025"


def _score(scoring, ratee, value="90"):
    score_save(
        period=scoring.q1,
        component=scoring.components["quarterly_review"],
        rater=scoring.rater,
        ratee=ratee,
        value=value,
        expected_revision=0,
    )


def test_completeness_counts_each_open_period_rater_and_group(world, scoring, as_persona):
    # given Q1 open (only the quarterly review is due in it) and 王五's score of 张三 entered, not of 李四
    _score(scoring, world.cadre)
    # when the admin opens the year page
    response = as_persona("admin").get(URL + _q(world))
    assert response.status_code == 200
    scoring_view = response.context["scoring"]
    # then two cells are due, one entered, one missing: 王五's quarterly review of 李四 in Q1
    assert (scoring_view.total.expected, scoring_view.total.entered, scoring_view.total.missing) == (2, 1, 1)
    assert [(p.label, p.expected, p.entered) for p in scoring_view.periods] == [("2025年第一季度", 2, 1)]
    assert [(r.label, r.expected, r.missing) for r in scoring_view.raters] == [("王五(R001)", 2, 1)]
    assert [(g.label, g.expected, g.entered, g.percent) for g in scoring_view.groups] == [("科长组", 2, 1, 50)]
    assert [
        (c.period_label, c.component_name, c.rater_name, c.ratee_name, c.group_name) for c in scoring_view.missing
    ] == [("2025年第一季度", "季度述职评议", "王五", "李四", "科长组")]
    body = response.content.decode()
    assert 'id="missing-table"' in body and "李四" in body and "remind-raters" in body


def test_a_pending_period_is_not_counted_and_a_full_period_shows_nothing_missing(world, scoring, as_persona):
    # given both of Q1's cells scored (Q2 … Y still pending)
    _score(scoring, world.cadre)
    _score(scoring, world.other_cadre)
    view = as_persona("admin").get(URL + _q(world)).context["scoring"]
    # then nothing is missing and only Q1 counts
    assert (view.total.expected, view.total.missing) == (2, 0)
    assert view.missing == ()
    assert len(view.periods) == 1


def test_hr_sees_only_the_cells_of_their_units(world, scoring, as_persona):
    # given HR of 综合科 (张三's side) and nothing scored yet
    response = as_persona("hr").get(URL + _q(world))
    view = response.context["scoring"]
    # then only 张三's cell is theirs, and 李四 / 城关所 never appear
    assert [c.ratee_name for c in view.missing] == ["张三"]
    body = response.content.decode()
    assert "李四" not in body and "城关所" not in body
    # and another HR of the organization sees the other side
    assert [c.ratee_name for c in as_persona("hr_other").get(URL + _q(world)).context["scoring"].missing] == ["李四"]


def test_the_stages_are_counted_and_linked(world, scoring, as_persona):
    # given the scheme with its raters and Q1 open, nothing computed yet
    stages = {s.key: s for s in as_persona("admin").get(URL + _q(world)).context["stages"]}
    assert list(stages) == [
        "scheme",
        "raters",
        "periods",
        "scoring",
        "computation",
        "committee",
        "posting",
        "publication",
        "stepdown",
        "usage",
    ]
    components = scoring.scheme.components.count()
    assert stages["scheme"].done and f"{components} 个考核项目" in stages["scheme"].summary
    assert stages["scheme"].url == reverse("assessments:scheme_detail", args=[scoring.scheme.pk])
    assert stages["raters"].summary == f"{components * 2} 条评分关系,1 名评分人,2 名被评人"
    assert stages["periods"].summary == "共 7 个,评分中 1 个,已结束 0 个" and not stages["periods"].done
    assert stages["scoring"].summary == "应评 2 项,已评 0 项,缺 2 项"
    assert not stages["computation"].done and not stages["publication"].done
    # when the year is computed and published
    _score(scoring, world.cadre)
    _score(scoring, world.other_cadre)
    run = compute(world.org)
    publish(run)
    stages = {s.key: s for s in as_persona("admin").get(URL + _q(world)).context["stages"]}
    # then computation, the committee, publication and usage are done, and usage links to that year's lists
    assert stages["computation"].done and f"第 {run.version} 版" in stages["computation"].summary
    assert stages["committee"].done and stages["publication"].done and stages["usage"].done
    assert "2 人" in stages["publication"].summary
    assert stages["usage"].url == f"{reverse('demotion:usage')}?organization={world.org.pk}&year=2025"
    assert stages["publication"].url == reverse("assessments:results_settle", args=[run.pk])


def test_the_reminder_reaches_each_owing_rater_once_a_day_and_is_audited(world, scoring, as_persona):
    # given 张三's cell scored, 李四's missing: 王五 owes one score
    _score(scoring, world.cadre)
    client = as_persona("admin")
    data = {"organization": world.org.pk, "year": 2025}
    # when HR clicks the reminder
    response = client.post(reverse("overview:year_remind"), data, follow=True)
    # then 王五 has one notice in the inbox, naming what is owed and linking to the rating page
    notices = Notice.objects.filter(kind=KIND)
    assert [(n.recipient.username, n.url) for n in notices] == [("pingyi", reverse("rater_home"))]
    assert "1 项评分尚未录入" in notices[0].body
    assert "已向 1 名评分人发送提醒" in response.content.decode()
    inbox = as_persona("admin")
    inbox.force_login(scoring.rater_user)
    assert "年度考核评分尚未完成" in inbox.get(reverse("notices:inbox")).content.decode()
    # and a second click the same day reminds nobody again
    response = client.post(reverse("overview:year_remind"), data, follow=True)
    assert Notice.objects.filter(kind=KIND).count() == 1
    assert "今天已提醒过的 1 名不再重复提醒" in response.content.decode()
    # and both clicks are in the audit trail, the first naming the rater reminded
    rows = AuditLog.objects.filter(action="overview.scoring.remind").order_by("id")
    assert [r.after["reminded"] for r in rows] == [[scoring.rater_user.pk], []]
    assert rows[1].after["already_today"] == [scoring.rater_user.pk] and rows[0].actor == world.users["admin"]
    # and the next day the rater may be reminded again
    view = client.get(URL + _q(world)).context["scoring"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    outcome = scoring_reminder_send(
        actor=world.users["admin"], organization=world.org, year=2025, missing=view.missing, today=tomorrow
    )
    assert (outcome.sent, outcome.already) == (1, 0)
    assert Notice.objects.filter(kind=KIND).count() == 2


def test_nothing_owed_sends_nothing(world, scoring, as_persona):
    _score(scoring, world.cadre)
    _score(scoring, world.other_cadre)
    response = as_persona("admin").post(
        reverse("overview:year_remind"), {"organization": world.org.pk, "year": 2025}, follow=True
    )
    assert "没有尚未完成评分的评分人" in response.content.decode()
    assert not Notice.objects.filter(kind=KIND).exists()
    assert not AuditLog.objects.filter(action="overview.scoring.remind").exists()


def test_hr_reminds_only_for_the_cells_they_see(world, scoring, as_persona):
    # given 张三's cell scored: what is owed is 李四's, outside 综合科's HR
    _score(scoring, world.cadre)
    as_persona("hr").post(reverse("overview:year_remind"), {"organization": world.org.pk, "year": 2025})
    assert not Notice.objects.filter(kind=KIND).exists()
    as_persona("hr_other").post(reverse("overview:year_remind"), {"organization": world.org.pk, "year": 2025})
    assert Notice.objects.filter(kind=KIND, recipient=scoring.rater_user).count() == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_of_what_is_missing_is_byte_identical_and_audited(world, scoring, as_persona, file_format):
    _score(scoring, world.cadre)
    client = as_persona("admin")
    url = reverse("overview:year_missing_export", args=[file_format]) + _q(world)
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200
    assert first.content == second.content
    assert "test-2025-" in first["Content-Disposition"]
    if file_format == "csv":
        lines = first.content.decode("utf-8-sig").splitlines()
        assert lines == ["期间,考核项目,评分人工号,评分人,被评人工号,被评人,考核组,状态",
                         "2025年第一季度,季度述职评议,R001,王五,B001,李四,科长组,未评分"]  # fmt: skip
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(first.content)).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[1] == ["2025年第一季度", "季度述职评议", "R001", "王五", "B001", "李四", "科长组", "未评分"]
    assert AuditLog.objects.filter(action="overview.missing.export").count() == 2


def test_an_unknown_format_or_organization_is_not_found(world, scoring, as_persona):
    assert as_persona("admin").get(reverse("overview:year_missing_export", args=["pdf"]) + _q(world)).status_code == 404
    assert as_persona("hr").get(URL + "?organization=999999").status_code == 404
    assert as_persona("hr").get(URL + "?year=abc").status_code == 404


def test_a_year_without_a_scheme_says_so(world, as_persona):
    response = as_persona("admin").get(URL + f"?organization={world.org.pk}&year=2030")
    assert response.status_code == 200
    assert "本年度尚未制定考核方案" in response.content.decode()
    assert response.context["stages"][0].summary == "尚未制定"


def test_hr_lands_on_the_year_page_and_the_menu_links_it(world, as_persona):
    assert as_persona("hr").get("/")["Location"] == URL
    assert f'href="{URL}"' in as_persona("hr").get("/org/units/").content.decode()
    assert f'href="{URL}"' not in as_persona("committee").get("/org/units/").content.decode()


def test_the_committee_sees_the_versions_awaiting_its_confirmation(world, scoring, as_persona):
    _score(scoring, world.cadre)
    _score(scoring, world.other_cadre)
    period = Period.objects.get(pk=scoring.q1.pk)
    assert period.status == Period.Status.OPEN
    run = compute(world.org)
    body = as_persona("committee").get(reverse("committee_home")).content.decode()
    assert 'id="runs-to-confirm"' in body
    assert reverse("assessments:results_settle", args=[run.pk]) in body
    # once confirmed it waits no more (the confirmation's own gate is the results workflow's to test; its row is all
    # this panel reads)
    Publication.objects.update_or_create(
        organization_id=run.organization_id,
        year=run.year,
        defaults={"run": run, "state": Publication.State.CONFIRMED, "confirmed_by": world.users["committee"]},
    )
    assert 'id="runs-to-confirm"' not in as_persona("committee").get(reverse("committee_home")).content.decode()


def test_the_periods_are_listed_in_the_order_they_end(world, scoring, as_persona):
    for kind in (Period.Kind.H1, Period.Kind.Q2):
        period_open(period=scoring.scheme.periods.get(kind=kind))
    view = as_persona("admin").get(URL + _q(world)).context["scoring"]
    assert [p.label for p in view.periods] == ["2025年第一季度", "2025年第二季度", "2025年上半年"]
    # H1 adds the half-year review: one component, two ratees
    assert [p.expected for p in view.periods] == [2, 2, 2]


def test_the_missing_cells_filter_by_rater_and_period_on_the_page_and_in_the_export(world, scoring, as_persona):
    # given a second rater, 李四, owing a score of 张三 in Q1 besides 王五's two
    rater_assign_bulk(
        scheme=scoring.scheme,
        components=[scoring.components["quarterly_review"]],
        raters=[world.other_cadre],
        ratees=[world.cadre],
    )
    client = as_persona("admin")
    full = client.get(URL + _q(world))
    assert full.context["missing_count"] == 3
    # the by-rater table links each rater who owes to their own list
    assert f"&amp;rater={scoring.rater.pk}#missing" in full.content.decode()
    # when the list is narrowed to 王五
    narrowed = client.get(URL + _q(world) + f"&rater={scoring.rater.pk}")
    assert [c.rater_name for c in narrowed.context["missing"]] == ["王五", "王五"]
    assert narrowed.context["owing_raters"] == 2  # the reminder still reaches everyone who owes
    # and to Q1 and 李四: one cell, and the export carries the same one
    url = f"&period={scoring.q1.pk}&rater={world.other_cadre.pk}"
    assert [c.ratee_name for c in client.get(URL + _q(world) + url).context["missing"]] == ["张三"]
    export = client.get(reverse("overview:year_missing_export", args=["csv"]) + _q(world) + url)
    assert export.content.decode("utf-8-sig").splitlines()[1:] == [
        "2025年第一季度,季度述职评议,B001,李四,A001,张三,科长组,未评分"
    ]
