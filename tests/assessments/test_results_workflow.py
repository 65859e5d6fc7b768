"""The committee's settlement of a run and the way to publication: ties, confirmation, posting, publication, the
final results and the lock on the year. The `tied` world is described in tests/assessments/matrix_results_workflow.py.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessments.models import (
    ApprovalStatus,
    Period,
    PointItem,
    Publication,
    Result,
    ResultRun,
    Scheme,
    Score,
    TieDecision,
    VetoEntry,
)
from assessments.results.engine import compute_run
from assessments.results.rules import bottom_count, excellent_quota
from assessments.selectors.final import excellent_candidates, run_final_results, run_step_down_candidates, with_final
from assessments.selectors.publication import is_published
from assessments.selectors.ties import tie_groups
from assessments.services import period_open, point_entry_record, scheme_update, score_save
from assessments.services.no_grade import no_grade_record
from assessments.services.publication import (
    posting_end,
    posting_start,
    publication_notify,
    publication_publish,
    run_confirm,
)
from assessments.services.results import results_run_create, results_run_execute
from assessments.services.ties import tie_decide, tie_group_decide
from common.errors import ApplicationError
from common.models import AuditLog, CalendarDay
from notices.models import Notice
from tests.assessments.matrix_results_workflow import YEAR, Tied, build_tied, compute, confirm_on
from tests.assessments.test_api_support import make_hr_all


@pytest.fixture
def tied(world, scoring) -> Tied:
    return build_tied(world, scoring)


def settle(tied: Tied, world, run: ResultRun | None = None) -> None:
    """张三 and 钱二 join the bottom set; 周五 is graded 优秀."""
    run = run or tied.run
    committee = world.users["committee"]
    tie_group_decide(
        run=run,
        group_id=world.group.pk,
        kind="bottom",
        chosen_cadre_ids=tied.ids("张三", "钱二"),
        reason="党组会议研究决定",
        actor=committee,
    )
    tie_group_decide(
        run=run,
        group_id=world.group.pk,
        kind="excellent",
        chosen_cadre_ids=tied.ids("周五"),
        reason="党组会议研究决定",
        actor=committee,
    )


def state(tied: Tied | None = None) -> tuple:
    """Everything a refused action must leave as it was."""
    return (
        sorted(TieDecision.objects.values_list("run_id", "cadre_id", "kind", "chosen", "reason", "decided_by_id")),
        sorted(
            Publication.objects.values_list(
                "run_id", "state", "confirmed_by_id", "posted_on", "posting_ends_on", "published_on", "published_by_id"
            )
        ),
        AuditLog.objects.count(),
        Notice.objects.count(),
    )


def reverse_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# --- the world is what the header says ----------------------------------------------------------------------------


def test_the_tied_world_has_the_ties_the_committee_must_settle(tied):
    r = {name: tied.result(name) for name in tied.people}
    assert r["赵一"].in_bottom and not r["赵一"].boundary_tie
    assert all(r[n].boundary_tie and not r[n].in_bottom for n in ["张三", "李四", "钱二"])
    assert r["孙三"].grade == "1" and not r["孙三"].excellent_tie
    assert all(r[n].excellent_tie and r[n].grade == "2" for n in ["周五", "吴六"])
    assert r["郑七"].vetoed and r["郑七"].grade == "3" and not r["郑七"].in_bottom
    assert r["张三"].group_size == 12


@pytest.mark.parametrize(
    "ratio, rounding, minimum, min_size, size, expected",
    [
        ("0.100", "floor", 1, 10, 12, 1),
        ("0.100", "floor", 1, 10, 9, 0),
        ("0.100", "floor", 1, 10, 10, 1),
        ("0.100", "floor", 2, 10, 10, 2),
        ("0.100", "round", 1, 10, 15, 2),
        ("0.100", "round", 1, 10, 14, 1),
        ("0.100", "ceil", 1, 10, 11, 2),
        ("0.333", "ceil", 0, 10, 3, 1),
        ("0.250", "floor", 1, 10, 12, 3),
        ("0.100", "floor", 1, 10, 0, 0),
    ],
)
def test_the_bottom_count_follows_the_schemes_rule(ratio, rounding, minimum, min_size, size, expected):
    scheme = Scheme(
        bottom_ratio=Decimal(ratio),
        bottom_rounding=rounding,
        bottom_minimum=minimum,
        bottom_minimum_group_size=min_size,
    )
    assert bottom_count(scheme=scheme, group_size=size) == expected


def test_a_group_below_the_minimum_group_size_has_no_bottom_set():
    scheme = Scheme(
        bottom_ratio=Decimal("0.500"), bottom_rounding="ceil", bottom_minimum=1, bottom_minimum_group_size=1
    )
    scheme.min_group_size = 5
    assert bottom_count(scheme=scheme, group_size=4) == 0
    assert bottom_count(scheme=scheme, group_size=5) == 3


def test_the_bottom_count_agrees_with_the_reference_on_every_rule():
    from tests.assessments.results_reference import _count

    for ratio in ["0.1", "0.2", "0.25", "0.333"]:
        for rounding in ["floor", "round", "ceil"]:
            for size in range(0, 40):
                scheme = Scheme(
                    bottom_ratio=Decimal(ratio), bottom_rounding=rounding, bottom_minimum=0, bottom_minimum_group_size=1
                )
                assert bottom_count(scheme=scheme, group_size=size) == _count(Decimal(ratio), size, rounding)


def test_the_quota_is_floored():
    scheme = Scheme(excellent_quota=Decimal("0.200"))
    assert [excellent_quota(scheme=scheme, graded=n) for n in (4, 5, 9, 10, 12)] == [0, 1, 1, 2, 2]


# --- deciding ties ------------------------------------------------------------------------------------------------


def test_the_committee_decides_a_bottom_tie_cadre_by_cadre(tied, world):
    committee = world.users["committee"]
    d = tie_decide(run=tied.run, cadre=world.cadre, kind="bottom", chosen=True, reason="党组会议决定", actor=committee)
    assert (d.chosen, d.reason, d.decided_by) == (True, "党组会议决定", committee)
    tie_decide(
        run=tied.run, cadre=world.other_cadre, kind="bottom", chosen=False, reason="党组会议决定", actor=committee
    )
    # Two places, one taken, one cadre left out: the last one must fill the other place.
    before = state(tied)
    with pytest.raises(ApplicationError, match="不列入的只能有 1 人"):
        tie_decide(run=tied.run, cadre=tied.people["钱二"], kind="bottom", chosen=False, reason="x", actor=committee)
    assert state(tied) == before
    tie_decide(run=tied.run, cadre=tied.people["钱二"], kind="bottom", chosen=True, reason="x", actor=committee)
    assert TieDecision.objects.filter(run=tied.run, kind="bottom", chosen=True).count() == 2
    assert AuditLog.objects.filter(action="assessments.results.tie_decide").count() == 3


def test_a_group_must_fill_exactly_the_places_left(tied, world):
    committee = world.users["committee"]
    kwargs = {
        "run": tied.run,
        "group_id": world.group.pk,
        "kind": "bottom",
        "reason": "党组会议决定",
        "actor": committee,
    }
    before = state(tied)
    with pytest.raises(ApplicationError, match="须从 3 名并列干部中确定 2 人,不能列入 3 人"):
        tie_group_decide(chosen_cadre_ids=tied.ids("张三", "李四", "钱二"), **kwargs)
    assert state(tied) == before
    with pytest.raises(ApplicationError, match="不列入的只能有 1 人"):
        tie_group_decide(chosen_cadre_ids=tied.ids("张三"), **kwargs)
    assert state(tied) == before
    with pytest.raises(ApplicationError, match="不在该组的并列名单中"):
        tie_group_decide(chosen_cadre_ids=tied.ids("张三", "赵一"), **kwargs)
    assert state(tied) == before

    tie_group_decide(chosen_cadre_ids=tied.ids("张三", "李四"), **kwargs)
    chosen = set(TieDecision.objects.filter(run=tied.run, chosen=True).values_list("cadre__name", flat=True))
    assert chosen == {"张三", "李四"}
    # The bottom set now holds 赵一 plus the two chosen: the scheme's 3 places.
    final_bottom = {r.cadre.name for r, _, in_bottom in run_final_results(tied.run) if in_bottom}
    assert final_bottom == {"赵一", "张三", "李四"}


def test_a_place_moves_from_one_tied_cadre_to_another_before_confirmation(tied, world):
    committee = world.users["committee"]
    kwargs = {"run": tied.run, "group_id": world.group.pk, "kind": "bottom", "actor": committee}
    tie_group_decide(chosen_cadre_ids=tied.ids("张三", "李四"), reason="初次研究", **kwargs)
    tie_group_decide(chosen_cadre_ids=tied.ids("李四", "钱二"), reason="复议", **kwargs)
    assert set(TieDecision.objects.filter(run=tied.run, chosen=True).values_list("cadre__name", flat=True)) == {
        "李四",
        "钱二",
    }
    redecided = AuditLog.objects.filter(action="assessments.results.tie_redecide")
    # 张三 out, 钱二 in, 李四's reason changed: each audited with before and after.
    assert redecided.count() == 3
    row = redecided.get(subject_id=str(TieDecision.objects.get(cadre=world.cadre).pk))
    assert row.before["chosen"] is True and row.after["chosen"] is False and row.reason == "复议"


def test_the_excellent_tie_may_not_exceed_the_quota_left(tied, world):
    committee = world.users["committee"]
    kwargs = {
        "run": tied.run,
        "group_id": world.group.pk,
        "kind": "excellent",
        "reason": "党组会议决定",
        "actor": committee,
    }
    before = state(tied)
    with pytest.raises(ApplicationError, match="优秀名额还剩 1 个"):
        tie_group_decide(chosen_cadre_ids=tied.ids("周五", "吴六"), **kwargs)
    assert state(tied) == before
    # Choosing nobody is allowed: the quota is a ceiling.
    tie_group_decide(chosen_cadre_ids=[], **kwargs)
    assert TieDecision.objects.filter(run=tied.run, kind="excellent", chosen=False).count() == 2
    tie_group_decide(chosen_cadre_ids=tied.ids("吴六"), **kwargs)
    grades = {r.cadre.name: grade for r, grade, _ in run_final_results(tied.run)}
    assert grades["吴六"] == "1" and grades["周五"] == "2" and grades["孙三"] == "1"


def test_only_tied_cadres_only_the_committee_and_a_reason(tied, world):
    committee = world.users["committee"]
    before = state(tied)
    refusals = [
        ({"cadre": tied.people["赵一"], "kind": "bottom", "actor": committee, "reason": "x"}, "不是后10%边界并列"),
        ({"cadre": world.cadre, "kind": "excellent", "actor": committee, "reason": "x"}, "不是优秀名额边界并列"),
        ({"cadre": world.cadre, "kind": "bottom", "actor": world.users["hr"], "reason": "x"}, "只有党组"),
        ({"cadre": world.cadre, "kind": "bottom", "actor": world.users["admin"], "reason": "x"}, "只有党组"),
        ({"cadre": world.cadre, "kind": "bottom", "actor": None, "reason": "x"}, "只有党组"),
        ({"cadre": world.cadre, "kind": "bottom", "actor": committee, "reason": "  "}, "请填写裁定理由"),
        ({"cadre": world.cadre, "kind": "nonsense", "actor": committee, "reason": "x"}, "未知的裁定类别"),
    ]
    for kwargs, message in refusals:
        with pytest.raises(ApplicationError, match=message):
            tie_decide(run=tied.run, chosen=True, **kwargs)
    assert state(tied) == before


def test_a_cadre_is_not_both_excellent_and_in_the_bottom_set(tied, world):
    """All tied at once (everyone 80): the same cadres are tied at the quota and across the bottom cut."""
    Score.objects.update(value=Decimal("80"))
    VetoEntry.objects.update(status=ApprovalStatus.REJECTED)
    run = compute(world)
    first = Result.objects.get(run=run, cadre=world.cadre)
    assert first.boundary_tie and first.excellent_tie
    committee = world.users["committee"]
    tie_decide(run=run, cadre=world.cadre, kind="excellent", chosen=True, reason="x", actor=committee)
    before = state(tied)
    with pytest.raises(ApplicationError, match="已被裁定评为优秀,不能同时列入后10%"):
        tie_decide(run=run, cadre=world.cadre, kind="bottom", chosen=True, reason="x", actor=committee)
    assert state(tied) == before


def test_no_decisions_on_a_group_trial_run_or_an_unfinished_run(tied, world):
    committee = world.users["committee"]
    trial = results_run_create(organization=world.org, year=YEAR, group=world.group, enqueue=False)
    queued = ResultRun.objects.get(pk=trial.pk)
    with pytest.raises(ApplicationError, match="尚未计算完成"):
        tie_decide(run=queued, cadre=world.cadre, kind="bottom", chosen=True, reason="x", actor=committee)
    results_run_execute(run_id=trial.pk)
    with pytest.raises(ApplicationError, match="单个考核组的试算版本"):
        tie_decide(run=trial, cadre=world.cadre, kind="bottom", chosen=True, reason="x", actor=committee)
    assert not TieDecision.objects.exists()


# --- confirmation -------------------------------------------------------------------------------------------------


def test_confirmation_needs_every_tie_decided(tied, world):
    committee = world.users["committee"]
    tie_decide(run=tied.run, cadre=world.cadre, kind="bottom", chosen=True, reason="x", actor=committee)
    before = state(tied)
    with pytest.raises(ApplicationError, match="还有 4 名边界并列的干部未经党组"):
        run_confirm(run=tied.run, actor=committee)
    assert state(tied) == before
    settle(tied, world)
    publication = run_confirm(run=tied.run, actor=committee)
    assert (publication.state, publication.run, publication.confirmed_by) == ("confirmed", tied.run, committee)
    assert publication.confirmed_at is not None
    assert AuditLog.objects.filter(action="assessments.results.confirm", subject_id=str(publication.pk)).exists()


def test_confirmation_is_the_whole_organizations_committees(tied, world):
    settle(tied, world)
    before = state(tied)
    for persona in ["hr", "admin", "rater", "cadre"]:
        with pytest.raises(ApplicationError, match="只有本机构党组"):
            run_confirm(run=tied.run, actor=world.users[persona])
    with pytest.raises(ApplicationError, match="只有本机构党组"):
        run_confirm(run=tied.run, actor=None)
    assert state(tied) == before


def test_a_confirmed_run_is_final_and_only_the_newest_run_is_confirmed(tied, world):
    committee = world.users["committee"]
    settle(tied, world)
    newer = compute(world)
    before = state(tied)
    with pytest.raises(ApplicationError, match=re.escape("已有更新的计算版本(第2版)")):
        run_confirm(run=tied.run, actor=committee)
    assert state(tied) == before
    settle(tied, world, run=newer)
    publication = run_confirm(run=newer, actor=committee)
    before = state(tied)
    with pytest.raises(ApplicationError, match="本版本结果已确认"):
        run_confirm(run=newer, actor=committee)
    with pytest.raises(ApplicationError, match=re.escape("已由党组(党委)确认,裁定不能再修改")):
        tie_group_decide(
            run=newer,
            group_id=world.group.pk,
            kind="bottom",
            chosen_cadre_ids=tied.ids("李四", "钱二"),
            reason="改",
            actor=committee,
        )
    assert state(tied) == before
    assert publication.run == newer


def test_confirming_a_newer_run_replaces_the_confirmation_and_restarts_the_posting(tied, world):
    committee = world.users["committee"]
    settle(tied, world)
    publication = confirm_on(datetime.date(2026, 1, 5), run=tied.run, actor=committee)
    posting_start(publication=publication, actor=make_hr_all(world), start_date=datetime.date(2026, 1, 5))
    newer = compute(world)
    settle(tied, world, run=newer)
    publication = run_confirm(run=newer, actor=committee)
    assert (publication.run, publication.state, publication.posted_on, publication.posting_ends_on) == (
        newer,
        "confirmed",
        None,
        None,
    )
    assert Publication.objects.count() == 1
    row = AuditLog.objects.filter(action="assessments.results.confirm").order_by("-id").first()
    assert row.before["state"] == "posted" and row.after["run_id"] == newer.pk


def test_a_run_without_ties_is_confirmed_at_once(scoring, world):
    # Nobody scored in this world: the year is complete once HR has recorded why (the completeness gate).
    Period.objects.filter(scheme=scoring.scheme).update(status=Period.Status.CLOSED)
    for cadre in (world.cadre, world.other_cadre):
        no_grade_record(
            cadre=cadre, year=YEAR, state="not_assessed", reason_kind="long_leave", reason="病假超过半年", actor=None
        )
    run = compute(world)
    assert not Result.objects.filter(run=run).filter(boundary_tie=True).exists()
    publication = run_confirm(run=run, actor=world.users["committee"])
    assert publication.state == "confirmed"


def test_a_group_trial_run_is_not_confirmed(tied, world):
    trial = results_run_create(organization=world.org, year=YEAR, group=world.group, enqueue=False)
    results_run_execute(run_id=trial.pk)
    with pytest.raises(ApplicationError, match="单个考核组的试算版本"):
        run_confirm(run=ResultRun.objects.get(pk=trial.pk), actor=world.users["committee"])
    assert not Publication.objects.exists()


# --- posting and publication --------------------------------------------------------------------------------------


@pytest.fixture
def confirmed(tied, world) -> Publication:
    settle(tied, world)
    return confirm_on(datetime.date(2025, 1, 24), run=tied.run, actor=world.users["committee"])


def test_the_posting_lasts_five_working_days_across_the_spring_festival(confirmed, world):
    # Friday 24 January 2025: Sunday 26 January was worked, 28 January – 4 February was the holiday.
    publication = posting_start(publication=confirmed, actor=make_hr_all(world), start_date=datetime.date(2025, 1, 24))
    assert publication.state == "posted"
    assert publication.posted_on == datetime.date(2025, 1, 24)
    assert publication.posting_ends_on == datetime.date(2025, 2, 7)
    row = AuditLog.objects.get(action="assessments.results.post")
    assert row.reason == "优秀人选公示至2025年2月7日(星期五)"


def test_an_admins_calendar_day_moves_the_end_of_the_posting(confirmed, world):
    CalendarDay.objects.create(date=datetime.date(2025, 2, 6), is_workday=False, note="临时调整")
    publication = posting_start(publication=confirmed, actor=make_hr_all(world), start_date=datetime.date(2025, 1, 24))
    assert publication.posting_ends_on == datetime.date(2025, 2, 8)  # Saturday 8 February 2025 was worked


def test_the_posting_starts_today_by_default_and_not_in_the_future(confirmed, world):
    today = timezone.localdate()
    hr_all = make_hr_all(world)
    before = state(None)
    with pytest.raises(ApplicationError, match="不能晚于今天"):
        posting_start(publication=confirmed, actor=hr_all, start_date=today + datetime.timedelta(days=1))
    assert state(None) == before
    publication = posting_start(publication=confirmed, actor=hr_all)
    assert publication.posted_on == today and publication.posting_ends_on == posting_end(today)


def test_posting_is_organization_wide_hrs_and_only_from_the_confirmed_state(confirmed, world):
    hr_all = make_hr_all(world)
    before = state(None)
    # HR scoped to a subtree may not post or publish: both act on every group of the year.
    for persona in ["committee", "rater", "cadre", "hr", "hr_other"]:
        with pytest.raises(ApplicationError, match="只有本机构的组织人事部门"):
            posting_start(publication=confirmed, actor=world.users[persona])
    assert state(None) == before
    posting_start(publication=confirmed, actor=world.users["admin"], start_date=datetime.date(2025, 1, 24))
    before = state(None)
    with pytest.raises(ApplicationError, match="当前状态:优秀人选公示中"):
        posting_start(publication=confirmed, actor=hr_all)
    assert state(None) == before


@pytest.fixture
def posted(confirmed, world) -> Publication:
    return posting_start(publication=confirmed, actor=make_hr_all(world), start_date=datetime.date(2025, 1, 24))


def test_publication_waits_for_the_end_of_the_posting(posted, world):
    hr = get_user_model().objects.get(username="hr_all")
    before = state(None)
    with pytest.raises(ApplicationError, match=re.escape("公示到2025年2月7日(星期五)截止,公布日期须在公示期满之后")):
        publication_publish(publication=posted, published_on=datetime.date(2025, 2, 7), actor=hr)
    with pytest.raises(ApplicationError, match="公布日期不能晚于今天"):
        publication_publish(
            publication=posted, published_on=timezone.localdate() + datetime.timedelta(days=1), actor=hr
        )
    with pytest.raises(ApplicationError, match="请填写公布日期"):
        publication_publish(publication=posted, published_on=None, actor=hr)
    for persona in ["committee", "hr"]:
        with pytest.raises(ApplicationError, match="只有本机构的组织人事部门"):
            publication_publish(publication=posted, published_on=datetime.date(2025, 2, 10), actor=world.users[persona])
    assert state(None) == before
    assert not is_published(organization_id=world.org.pk, year=YEAR)

    publication = publication_publish(publication=posted, published_on=datetime.date(2025, 2, 10), actor=hr)
    assert (publication.state, publication.published_on, publication.published_by) == (
        "published",
        datetime.date(2025, 2, 10),
        hr,
    )
    assert is_published(organization_id=world.org.pk, year=YEAR)
    assert AuditLog.objects.filter(action="assessments.results.publish", actor=hr).count() == 1


def test_a_confirmed_year_is_not_published_before_its_posting(confirmed, world):
    hr_all = make_hr_all(world)
    before = state(None)
    with pytest.raises(ApplicationError, match="当前状态:党组已确认"):
        publication_publish(publication=confirmed, published_on=timezone.localdate(), actor=hr_all)
    assert state(None) == before


def test_publication_tells_every_cadre_of_the_run_once(posted, tied, world):
    publication = publication_publish(
        publication=posted,
        published_on=datetime.date(2025, 2, 10),
        actor=get_user_model().objects.get(username="hr_all"),
    )
    notices = Notice.objects.filter(kind="assessments.published")
    # 12 cadres in the run; 卫十一 has no login.
    recipients = sorted(n.recipient.username for n in notices.select_related("recipient"))
    assert len(recipients) == 11 and "cadre" in recipients and "other_cadre" in recipients
    first = notices.first()
    assert first.occurrence == f"published:{tied.run.version}" and first.subject_id == str(publication.pk)
    assert first.title == "2025年度考核结果已公布"
    assert "2025年2月10日" in first.body
    # The cadre's results page, or the landing page until that page exists.
    assert first.url in {"/me/", reverse_or_none("assessments:my_results")}

    # Publishing again is refused and tells nobody twice; the announcement itself is idempotent.
    with pytest.raises(ApplicationError, match="当前状态:已公布"):
        publication_publish(publication=posted, published_on=datetime.date(2025, 2, 11), actor=None)
    publication_notify(publication)
    publication_notify(publication)
    assert notices.count() == 11


def test_a_refused_confirmation_after_publication(posted, tied, world):
    newer = compute(world)  # computed during the posting; the year is then published with the confirmed version
    publication_publish(publication=posted, published_on=datetime.date(2025, 2, 10), actor=None)
    before = state(None)
    with pytest.raises(ApplicationError, match="已公布,不能再确认"):
        run_confirm(run=newer, actor=world.users["committee"])
    with pytest.raises(ApplicationError, match="已公布,不能再裁定"):
        tie_decide(run=newer, cadre=world.cadre, kind="bottom", chosen=True, reason="x", actor=world.users["committee"])
    assert state(None) == before


def adopt_new_version(world) -> ResultRun:
    """What an appeal does to a published year: a new version, computed, which the publication moves to."""
    run = ResultRun.objects.create(
        organization=world.org, year=YEAR, version=2, scheme=Scheme.objects.get(organization=world.org, year=YEAR)
    )
    compute_run(run)
    ResultRun.objects.filter(pk=run.pk).update(status=ResultRun.Status.SUCCEEDED, progress=100)
    Publication.objects.update(run=run)
    run.refresh_from_db()
    return run


def test_a_published_year_moved_to_a_new_version_has_its_ties_decided_once(posted, tied, world):
    committee = world.users["committee"]
    publication_publish(publication=posted, published_on=datetime.date(2025, 2, 10), actor=None)
    newer = adopt_new_version(world)
    with pytest.raises(ApplicationError, match="已公布,不能再裁定"):
        tie_decide(run=tied.run, cadre=world.cadre, kind="bottom", chosen=False, reason="x", actor=committee)
    kwargs = {"run": newer, "group_id": world.group.pk, "kind": "bottom", "actor": committee}
    tie_group_decide(chosen_cadre_ids=tied.ids("张三", "钱二"), reason="申诉后重新计算,党组研究决定", **kwargs)
    assert {r.cadre.name for r in run_step_down_candidates(newer)} == {"赵一", "郑七", "张三", "钱二"}
    before = state()
    with pytest.raises(ApplicationError, match="考核结果已公布,张三的裁定不能再修改"):
        tie_group_decide(chosen_cadre_ids=tied.ids("李四", "钱二"), reason="改", **kwargs)
    assert state() == before
    # Saying the same again changes nothing.
    tie_group_decide(chosen_cadre_ids=tied.ids("张三", "钱二"), reason="再次确认", **kwargs)
    assert state() == before


def test_publication_locks_scores_points_and_the_scheme(posted, tied, scoring, world):
    publication_publish(publication=posted, published_on=datetime.date(2025, 2, 10), actor=None)
    period = scoring.q1
    component = next(c for c in scoring.scheme.components.all() if "Q1" in c.period_kinds)
    cell = {"period": period, "component": component, "rater": scoring.rater, "ratee": world.cadre}
    with pytest.raises(ApplicationError, match="已公布,评分已锁定"):
        score_save(value="99", expected_revision=0, **cell)
    assert not Score.objects.filter(**cell).exists()
    with pytest.raises(ApplicationError) as caught:
        point_entry_record(
            cadre=world.cadre,
            item=PointItem.objects.get(organization=world.org, code="award_city"),
            year=YEAR,
            occurred_on=datetime.date(YEAR, 6, 1),
            evidence="表彰文件",
            actor=world.users["hr"],
        )
    assert "已公布" in str(caught.value.field_errors)
    with pytest.raises(ApplicationError, match="已公布,方案不能再修改"):
        scheme_update(scheme=tied.scheme, actor=world.users["admin"], excellent_quota="0.25")


def test_before_publication_scores_still_change(posted, tied, scoring, world):
    """The lock is publication's, not posting's: a posted year can still be corrected (and re-confirmed)."""
    period = scoring.q1
    period.refresh_from_db()  # the tied world closed every period
    component = next(c for c in scoring.scheme.components.all() if "Q1" in c.period_kinds)
    if period.status != Period.Status.OPEN:
        period_open(period=period)
    cell = {"period": period, "component": component, "rater": scoring.rater, "ratee": world.cadre}
    score_save(value="61", expected_revision=0, **cell)
    assert Score.objects.get(**cell).value == Decimal("61")


# --- the final results --------------------------------------------------------------------------------------------


def test_final_results_apply_the_decisions_and_leave_undecided_ties_as_computed(tied, world):
    before = {r.cadre.name: (g, b) for r, g, b in run_final_results(tied.run)}
    assert before["周五"] == ("2", False) and before["张三"] == ("3", False) and before["赵一"] == ("4", True)
    settle(tied, world)
    after = {r.cadre.name: (g, b) for r, g, b in run_final_results(tied.run)}
    assert after["周五"] == ("1", False) and after["吴六"] == ("2", False)
    assert after["张三"] == ("3", True) and after["钱二"] == ("3", True) and after["李四"] == ("3", False)
    assert len(after) == 12
    # The SQL twin agrees row for row.
    annotated = {
        r.cadre.name: (r.final_grade, r.final_in_bottom)
        for r in with_final(Result.objects.filter(run=tied.run).select_related("cadre"))
    }
    assert annotated == after


def test_final_results_read_a_narrower_queryset(tied, world):
    settle(tied, world)
    only_a = Result.objects.filter(run=tied.run, cadre__unit=world.unit_a1).select_related("cadre")
    names = {r.cadre.name for r, _, _ in run_final_results(tied.run, only_a)}
    assert names == {"张三", "赵一", "孙三", "周五", "郑七", "陈九"}


def test_step_down_candidates_are_the_final_bottom_set_and_the_vetoed(tied, world):
    assert {r.cadre.name for r in run_step_down_candidates(tied.run)} == {"赵一", "郑七"}
    settle(tied, world)
    assert {r.cadre.name for r in run_step_down_candidates(tied.run)} == {"赵一", "郑七", "张三", "钱二"}


def test_excellent_candidates_include_the_chosen_tie(tied, world):
    assert [r.cadre.name for r in excellent_candidates(tied.run)] == ["孙三"]
    settle(tied, world)
    assert [r.cadre.name for r in excellent_candidates(tied.run)] == ["孙三", "周五"]


def test_tie_groups_count_the_whole_group_and_show_the_readers_rows(tied, world):
    settle(tied, world)
    groups = tie_groups(tied.run)
    assert [(g.kind, g.ties, g.slots, g.decided, g.complete) for g in groups] == [
        ("bottom", 3, 2, 3, True),
        ("excellent", 2, 1, 2, True),
    ]
    scoped = tie_groups(tied.run, Result.objects.filter(run=tied.run, cadre__unit=world.unit_a1))
    assert [[r.cadre.name for r, _ in g.rows] for g in scoped] == [["张三"], ["周五"]]
    assert [(g.ties, g.decided) for g in scoped] == [(3, 3), (2, 2)]
