"""The early-warning catalog (notices.warnings): each kind fires for a planted case and not for a near miss, exactly
once however often the daily scan runs, and not at all where the organization switched it off. HR of the whole
bureau switches a kind on its page or through the API, audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Period
from assessments.services.warnings import BASIC_TWICE_KIND, WARNING_KIND, early_warning_send
from common.models import AuditLog
from common.workdays import add_months
from demotion.services.warnings import KIND as WAITING_KIND
from notices.models import Notice, WarningSwitch
from notices.services import notices_generate
from notices.tasks import scan_warnings
from notices.warnings.registry import warning_kinds
from notices.warnings.services import warning_switch_set, warnings_scan
from org.models import Cadre, SanctionRecord
from org.services.warnings import KIND as RETIREMENT_KIND
from org.services.warnings import PROBATION_KIND
from recall.services.warnings import KIND as NEAR_RED_KIND
from tenure.models import TermReminder
from tenure.setup.terms import LADDER_WARNING, REMINDER_CODE
from tests.assessments.conftest import scoring  # noqa: F401  (fixture)
from tests.assessments.matrix_results_mine import add_members, score_period
from tests.assessments.test_api_support import make_hr_all
from tests.demotion.matrix_measures import publish_year, seed_national_rules
from tests.factories import CadreFactory
from tests.recall.conftest import approved_card, recall_world  # noqa: F401  (fixture)
from tests.tenure.conftest import appoint, make_policy, person, principal_post

D = datetime.date
DAY = datetime.timedelta(days=1)


def _told(kind) -> list[tuple[str, str]]:
    """(recipient, title) of every notice of the kind, sorted."""
    return sorted(Notice.objects.filter(kind=kind).values_list("recipient__username", "title"))


def _switch_off(world, kind):
    actor = world.users.get("hr_all") or make_hr_all(world)
    warning_switch_set(organization=world.org, kind=kind, enabled=False, actor=actor)


def test_the_catalog_lists_every_kind_in_order():
    codes = [k.code for k in warning_kinds()]
    assert codes == [
        LADDER_WARNING,
        WAITING_KIND,
        WARNING_KIND,
        BASIC_TWICE_KIND,
        NEAR_RED_KIND,
        RETIREMENT_KIND,
        PROBATION_KIND,
    ]


# --- 影响期届满 -------------------------------------------------------------------------------------------------------


def _measure(cadre, effective_from):
    return SanctionRecord.objects.create(
        cadre=cadre,
        category=SanctionRecord.Category.MEASURE,
        kind=SanctionRecord.Kind.POST_ADJUSTED,  # 调整职务: no promotion for 12 months
        decided_on=effective_from,
        effective_from=effective_from,
    )


@pytest.fixture
def waiting(world):
    seed_national_rules()
    today = D(2026, 6, 1)
    soon = _measure(world.cadre, add_months(today + 10 * DAY, -12))  # ends 2026-06-11
    _measure(world.other_cadre, add_months(today + 45 * DAY, -12))  # ends mid-July: a near miss
    return today, soon


def test_a_waiting_period_ending_within_a_month_is_told_to_hr_once(world, waiting):
    today, soon = waiting
    warnings_scan(today=today)
    warnings_scan(today=today + DAY)
    told = Notice.objects.filter(kind=WAITING_KIND)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["hr"]
    notice = told.get()
    assert notice.subject_id == str(soon.pk) and notice.title == "影响期届满预警:张三(调整职务)"
    assert "2026年6月11日" in notice.body and "不得提拔" in notice.body
    assert AuditLog.objects.filter(action="notices.warning.send").count() == 1


def test_a_waiting_period_switched_off_is_not_told(world, waiting):
    today, _soon = waiting
    _switch_off(world, WAITING_KIND)
    warnings_scan(today=today)
    assert not Notice.objects.filter(kind=WAITING_KIND).exists()


# --- 黄牌临界 -------------------------------------------------------------------------------------------------------


def test_one_yellow_card_within_its_window_is_told_once(recall_world):  # noqa: F811
    world = recall_world
    approved_card(world, issued_on=D(2026, 3, 1))
    approved_card(world, issued_on=D(2025, 3, 1), cadre=world.other_cadre)  # its window ended 2026-03-01
    today = D(2026, 6, 1)
    warnings_scan(today=today)
    warnings_scan(today=today)
    assert [r for r, _t in _told(NEAR_RED_KIND)] == ["cadre", "hr", "hr_all"]  # hr_all: HR of the whole bureau
    notice = Notice.objects.filter(kind=NEAR_RED_KIND).first()
    assert notice.title == "黄牌临界预警:张三" and "2027年3月1日(星期一)前再受一次黄牌警示" in notice.body


def test_a_yellow_card_switched_off_is_not_told(recall_world):  # noqa: F811
    world = recall_world
    approved_card(world, issued_on=D(2026, 3, 1))
    _switch_off(world, NEAR_RED_KIND)
    warnings_scan(today=D(2026, 6, 1))
    assert not Notice.objects.filter(kind=NEAR_RED_KIND).exists()


# --- 退休 -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def retiring(world):
    today = D(2026, 6, 1)

    def born(name, gender, rank, birth_date):
        return CadreFactory(
            organization=world.org, unit=world.unit_a1, name=name, gender=gender, rank_grade=rank, birth_date=birth_date
        )

    # The 2025 gradual raising: 60 and 4 months for a man born in March 1966 (10 July 2026: told).
    born("男甲", Cadre.Gender.MALE, "一级主任科员", D(1966, 3, 10))
    # 60 and 7 months for April 1967: 10 November 2027, 17 months off (the unraised age would fall within the year).
    born("男乙", Cadre.Gender.MALE, "一级主任科员", D(1967, 4, 10))
    # 55 and 4 months for a woman born in February 1971: 10 June 2026.
    born("女丙", Cadre.Gender.FEMALE, "一级主任科员", D(1971, 2, 10))
    born("女丁", Cadre.Gender.FEMALE, "正处级", D(1971, 2, 10))  # a 处级 woman retires at 60 and more: years off
    return today


def test_retirement_within_a_year_is_told_to_hr_once_by_gender_and_rank(world, retiring):
    warnings_scan(today=retiring)
    warnings_scan(today=retiring + 7 * DAY)
    assert _told(RETIREMENT_KIND) == [("hr", "退休预警:女丙(综合科一组)"), ("hr", "退休预警:男甲(综合科一组)")]


@pytest.mark.parametrize(
    ("original", "born", "months"),
    [
        # The decision's table: the first month of birth raised, every fourth month one more, the last step, capped.
        (60, D(1964, 12, 31), 0),
        (60, D(1965, 1, 1), 1),
        (60, D(1965, 4, 30), 1),
        (60, D(1965, 5, 1), 2),
        (60, D(1976, 8, 1), 35),
        (60, D(1976, 9, 1), 36),
        (60, D(1990, 1, 1), 36),
        (55, D(1969, 12, 1), 0),
        (55, D(1970, 1, 1), 1),
        (55, D(1981, 9, 1), 36),
        (50, D(1975, 1, 1), 1),
        (50, D(1975, 3, 1), 2),
        (50, D(1984, 12, 1), 60),
    ],
)
def test_the_2025_gradual_raising_adds_the_months_of_its_table(original, born, months):
    from org.services.warnings import raising_months

    assert raising_months(original_years=original, birth_date=born) == months


def test_retirement_switched_off_is_not_told(world, retiring):
    _switch_off(world, RETIREMENT_KIND)
    warnings_scan(today=retiring)
    assert not Notice.objects.filter(kind=RETIREMENT_KIND).exists()


# --- 任现职年限 (the tenure ladder) ----------------------------------------------------------------------------------


@pytest.fixture
def ladder(world):
    make_policy(world)
    today = timezone.localdate()
    cadre = person(world, "王任", unit=world.unit_a1, user=True)
    term = appoint(cadre, principal_post(world, parent=world.unit_a), D(2015, 3, 1)).tenure_terms.first()
    TermReminder.objects.filter(term=term).delete()
    ten = TermReminder.objects.create(term=term, kind=TermReminder.Kind.LADDER, count=10, fires_on=today)
    five = TermReminder.objects.create(term=term, kind=TermReminder.Kind.LADDER, count=5, fires_on=today - DAY)
    TermReminder.objects.create(term=term, kind=TermReminder.Kind.LADDER, count=8, fires_on=today + DAY)  # not yet
    return today, cadre, ten, five


def test_the_ladder_tells_hr_and_at_the_exchange_year_the_cadre_once(world, ladder):
    today, cadre, ten, five = ladder
    notices_generate(today=today)
    notices_generate(today=today)
    told = Notice.objects.filter(kind=REMINDER_CODE)
    by_row = {
        row: sorted(told.filter(subject_id=str(row.pk)).values_list("recipient__username", flat=True))
        for row in (ten, five)
    }
    assert by_row == {ten: sorted(["hr", cadre.user.username]), five: ["hr"]}
    assert told.filter(recipient__in=[world.users["hr"], cadre.user], subject_id__in=[ten.pk, five.pk]).count() == 3
    assert "《党政领导干部交流工作规定》" in told.filter(subject_id=str(ten.pk)).first().body


def test_the_ladder_switched_off_is_not_told(world, ladder):
    today, _cadre, ten, five = ladder
    _switch_off(world, LADDER_WARNING)
    notices_generate(today=today)
    assert not Notice.objects.filter(kind=REMINDER_CODE, subject_id__in=[str(ten.pk), str(five.pk)]).exists()
    # the term-end reminders are deadlines, not warnings: they still go out
    assert Notice.objects.filter(kind=REMINDER_CODE).exists()


# --- the quarterly bottom zone, and two consecutive 基本称职 ---------------------------------------------------------


@pytest.fixture
def six(scoring, world):  # noqa: F811
    """科长组 of six in 2025: 张三 (基本称职 in 2024), 李四 (称职 in 2024) and 组员0..3 (no 2024 result). After Q1 the
    bottom zone (20% of 6, with the tie) is 张三 and 组员2."""
    people = [world.cadre, world.other_cadre, *add_members(world, scoring, 4)]
    publish_year(world, 2024, {world.cadre: "3", world.other_cadre: "2"})
    period = score_period(scoring, Period.Kind.Q1, dict(zip(people, [60, 90, 80, 85, 60, 75], strict=True)))
    return period


def test_a_second_basic_year_coming_is_told_to_the_cadre_and_hr_once(world, six):
    today = D(2025, 5, 1)
    warnings_scan(today=today)
    warnings_scan(today=today)
    assert _told(BASIC_TWICE_KIND) == [("cadre", "连续两年基本称职预警:张三"), ("hr", "连续两年基本称职预警:张三")]
    notice = Notice.objects.filter(kind=BASIC_TWICE_KIND).first()
    assert "2024年度考核等次为基本称职" in notice.body and "2025年第一季度" in notice.body


def test_two_basic_years_switched_off_is_not_told(world, six):
    _switch_off(world, BASIC_TWICE_KIND)
    warnings_scan(today=D(2025, 5, 1))
    assert not Notice.objects.filter(kind=BASIC_TWICE_KIND).exists()


def test_the_quarterly_bottom_zone_switched_off_warns_nobody(world, six):
    _switch_off(world, WARNING_KIND)
    assert early_warning_send(period=six) == 0
    warning_switch_set(organization=world.org, kind=WARNING_KIND, enabled=True, actor=None)
    assert early_warning_send(period=six) == 2


# --- the scan, the switch page and its API ---------------------------------------------------------------------------


def test_the_daily_task_runs_every_scanning_kind(world):
    result = scan_warnings.apply().get()
    assert set(result) == {k.code for k in warning_kinds() if k.scan is not None}


def test_whole_bureau_hr_switches_a_kind_on_the_page_audited(world, client):
    hr_all = make_hr_all(world)
    client.force_login(hr_all)
    page = client.get(reverse("notices:warnings"))
    assert page.status_code == 200
    for kind in warning_kinds():
        assert str(kind.label) in page.content.decode()
    response = client.post(
        reverse("notices:warnings"), {"organization": world.org.pk, "kind": RETIREMENT_KIND, "enabled": "0"}
    )
    assert response.status_code == 302
    assert WarningSwitch.objects.get(organization=world.org, kind=RETIREMENT_KIND).enabled is False
    row = AuditLog.objects.get(action="notices.warning.switch")
    assert (row.before["enabled"], row.after["enabled"], row.actor_id) == (True, False, hr_all.pk)
    assert "已停用" in client.get(reverse("notices:warnings")).content.decode()


def test_a_unit_hr_may_not_open_the_page(world, client):
    client.force_login(world.users["hr"])
    assert client.get(reverse("notices:warnings")).status_code == 403


def test_the_api_lists_and_switches_with_field_errors(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_hr_all(world))
    url = reverse("notices_api:warning-catalog")
    rows = api.get(url).json()
    assert {r["kind"] for r in rows} == {k.code for k in warning_kinds()} and all(r["enabled"] for r in rows)
    bad = api.post(url, {"organization": world.org.pk, "kind": "nope", "enabled": False}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"] == {"kind": ["没有这种预警。"]}
    ok = api.post(url, {"organization": world.org.pk, "kind": NEAR_RED_KIND, "enabled": False}, format="json")
    assert ok.status_code == 200
    assert {r["kind"]: r["enabled"] for r in ok.json()}[NEAR_RED_KIND] is False
    other = APIClient()
    other.force_authenticate(world.users["hr"])
    assert other.get(url).status_code == 403
