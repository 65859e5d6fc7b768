"""Opening step-down cases from a published year (沂源县市场监管局“主动让贤”制): who gets a case, with what snapshot
and deadline, once however often the job runs; and what a later result version does to them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import ApprovalStatus, Publication, ResultRun, TieDecision, VetoEntry, VetoItem
from assessments.services.publication import publication_adopt_run
from assessments.services.results import results_run_create, results_run_execute
from common.models import AuditLog
from demotion.models import StepDownCase, StepDownPolicy
from demotion.services.cases import stepdown_case_apply, stepdown_case_approve, stepdown_cases_open
from notices.models import Notice
from tests.demotion.conftest import make_published_year

SIX = {"张三": 55, "李四": 56, "王甲": 80, "赵乙": 90, "钱丙": 85, "孙丁": 88}


def cases() -> dict:
    return {c.cadre.name: c for c in StepDownCase.objects.select_related("cadre", "appointment__post")}


def opening_rows() -> tuple:
    """Everything an opening writes."""
    return (
        sorted(StepDownCase.objects.values_list("pk", "cadre_id", "state", "published_on", "deadline")),
        AuditLog.objects.filter(action__startswith="demotion.stepdown").count(),
        Notice.objects.filter(kind="demotion.stepdown").count(),
    )


def new_version(world, year: int = 2024, *, reason: str = "申诉撤销后重新计算") -> ResultRun:
    """What an upheld appeal or a tolerance case does to a published year: a new version, computed and adopted."""
    run = results_run_create(
        organization=world.org, year=year, actor=world.users["admin"], enqueue=False, after_publication=True
    )
    run = results_run_execute(run_id=run.pk)
    publication_adopt_run(run=run, actor=world.users["committee"], reason=reason)
    return run


# --- who, and what the case remembers ---------------------------------------------------------------------------


def test_a_case_opens_for_each_cadre_of_the_bottom_set_and_each_vetoed_one(world):
    # Given a published group of six: a third at the bottom (张三, 李四), 赵乙 vetoed whatever his score
    published = make_published_year(world, composites=SIX, vetoed=("赵乙",), bottom_ratio="0.34")
    assert published.bottom == {"张三", "李四"} and published.vetoed == {"赵乙"}

    # When the cases are opened
    counts = stepdown_cases_open(publication_id=published.publication.pk)

    # Then each of them has one, waiting for the application, with the result as it was published
    assert counts == {"opened": 3, "withdrawn": 0, "reported": 0}
    opened = cases()
    assert set(opened) == {"张三", "李四", "赵乙"}
    assert {n: c.reason for n, c in opened.items()} == {"张三": "bottom", "李四": "bottom", "赵乙": "veto"}
    zhang = opened["张三"]
    result = published.result("张三")
    assert (zhang.group_name, zhang.composite, zhang.rank, zhang.group_size) == (
        "科长组",
        result.composite,
        result.rank,
        6,
    )
    assert zhang.composite == Decimal("55.00") and zhang.rank == 6
    assert (zhang.state, zhang.year, zhang.publication, zhang.run) == (
        "notified",
        2024,
        published.publication,
        published.run,
    )
    assert zhang.published_on == published.publication.published_on == timezone.localdate()
    # The post to give up: 张三's middle-manager post; 李四 holds a principal (leadership) post; 赵乙 none
    assert zhang.appointment.post == world.post_a
    assert opened["李四"].appointment.post == world.post_b
    assert opened["赵乙"].appointment is None
    # Each opening is audited, and each cadre told, with the case's page
    rows = AuditLog.objects.filter(action="demotion.stepdown.open")
    assert rows.count() == 3 and {r.subject_id for r in rows} == {str(c.pk) for c in opened.values()}
    notice = Notice.objects.get(kind="demotion.stepdown", recipient=world.users["cadre"])
    assert notice.url == f"/demotion/cases/{zhang.pk}/" and notice.occurrence == "opened"


def test_the_middle_manager_post_is_the_one_given_up(world):
    from org.services import appointment_start
    from tests.factories import PostFactory

    # Given 张三 also holds a principal post taken later than his middle-manager one
    appointment_start(
        cadre=world.cadre,
        post=PostFactory(unit=world.unit_a, name="科长", kind="principal"),
        start_date=datetime.date(2024, 1, 1),
    )
    published = make_published_year(world)
    stepdown_cases_open(publication_id=published.publication.pk)
    assert cases()["张三"].appointment.post == world.post_a


@pytest.mark.parametrize(
    ("published_on", "deadline", "written"),
    [
        # 国务院办公厅节假日安排: Sunday 26 January was worked, 28 January – 4 February the Spring Festival holiday
        (datetime.date(2025, 1, 24), datetime.date(2025, 2, 5), "2025年2月5日(星期三)"),
        # 国庆: 1–8 October off; Saturday 11 October 2025 was worked (调休)
        (datetime.date(2025, 9, 30), datetime.date(2025, 10, 11), "2025年10月11日(星期六)"),
        # An ordinary week: Monday → Thursday
        (datetime.date(2025, 3, 3), datetime.date(2025, 3, 6), "2025年3月6日(星期四)"),
    ],
)
def test_the_deadline_is_three_working_days_after_publication(world, published_on, deadline, written):
    published = make_published_year(world, published_on=published_on)
    stepdown_cases_open(publication_id=published.publication.pk)
    zhang = cases()["张三"]
    assert (zhang.published_on, zhang.deadline) == (published_on, deadline)
    notice = Notice.objects.get(kind="demotion.stepdown", recipient=world.users["cadre"])
    assert written in notice.title and written in notice.body
    assert notice.due_date == deadline


def test_the_organizations_policy_sets_the_number_of_working_days(world):
    StepDownPolicy.objects.create(
        organization=world.org, letters_from=datetime.date(2024, 1, 1), application_working_days=5
    )
    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    assert cases()["张三"].deadline == datetime.date(2025, 2, 7)


def test_without_a_policy_row_the_default_is_three_days_and_no_row_is_made(published):
    stepdown_cases_open(publication_id=published.publication.pk)
    assert not StepDownPolicy.objects.exists()


# --- once ---------------------------------------------------------------------------------------------------------


def test_opening_twice_opens_once(published):
    stepdown_cases_open(publication_id=published.publication.pk)
    first = opening_rows()
    assert len(first[0]) == 2 and first[1] == 2 and first[2] == 2
    assert stepdown_cases_open(publication_id=published.publication.pk) == {"opened": 0, "withdrawn": 0, "reported": 0}
    assert opening_rows() == first


def test_a_case_opened_meanwhile_is_not_opened_again(published, world):
    # Given 张三's case already there (another opening got there first)
    stepdown_cases_open(publication_id=published.publication.pk)
    StepDownCase.objects.filter(cadre=world.other_cadre).delete()
    audited = AuditLog.objects.filter(action="demotion.stepdown.open").count()  # the audit trail is append-only
    # When the opening runs: only 李四's case is new, and only it is audited
    assert stepdown_cases_open(publication_id=published.publication.pk)["opened"] == 1
    assert AuditLog.objects.filter(action="demotion.stepdown.open").count() == audited + 1
    assert StepDownCase.objects.filter(cadre=world.cadre).count() == 1


def test_the_database_refuses_a_second_open_case_for_the_same_cadre_and_year(published, world):
    from django.db import IntegrityError, transaction

    stepdown_cases_open(publication_id=published.publication.pk)
    zhang = cases()["张三"]
    with pytest.raises(IntegrityError), transaction.atomic():
        StepDownCase.objects.bulk_create([StepDownCase(**{
            f.attname: getattr(zhang, f.attname) for f in StepDownCase._meta.concrete_fields if f.attname != "id"
        })])  # fmt: skip


def test_publishing_opens_the_cases_after_commit(world, django_capture_on_commit_callbacks):
    # When HR publishes (the hook enqueues the opening after commit; the default configuration runs it at once)
    with django_capture_on_commit_callbacks(execute=True):
        published = make_published_year(world)
    # Then the cases are there, without anyone asking
    assert set(cases()) == {"张三", "李四"}
    assert all(c.publication == published.publication for c in cases().values())


def test_nothing_opens_before_publication(world):
    from tests.assessments.conftest import make_scoring
    from tests.assessments.matrix_results_workflow import build_tied

    tied = build_tied(world, make_scoring(world))
    publication = Publication.objects.create(organization=world.org, year=2025, run=tied.run, state="confirmed")
    assert stepdown_cases_open(publication_id=publication.pk) == {"opened": 0, "withdrawn": 0, "reported": 0}
    assert stepdown_cases_open(publication_id=0)["opened"] == 0
    assert not StepDownCase.objects.exists()


# --- boundary ties ----------------------------------------------------------------------------------------------


TIED = {"张三": 60, "李四": 60, "王甲": 80, "赵乙": 90}  # one bottom place (25% of 4) for two tied cadres


def test_a_boundary_tie_opens_only_as_the_committee_decided(world):
    published = make_published_year(world, composites=TIED, bottom_ratio="0.25", tie_choices={"bottom": ["张三"]})
    assert published.result("张三").boundary_tie and published.result("李四").boundary_tie
    stepdown_cases_open(publication_id=published.publication.pk)
    # The committee put 张三 in the bottom set, not 李四
    assert set(cases()) == {"张三"}
    assert cases()["张三"].reason == "bottom"


def test_an_undecided_boundary_tie_opens_no_case(world):
    published = make_published_year(world, composites=TIED, bottom_ratio="0.25", tie_choices={"bottom": ["张三"]})
    # Had the decisions never been taken, the computation alone puts neither tied cadre in the bottom set
    TieDecision.objects.filter(run=published.run).delete()
    assert stepdown_cases_open(publication_id=published.publication.pk)["opened"] == 0
    assert not StepDownCase.objects.exists()


# --- later versions ---------------------------------------------------------------------------------------------


def test_a_newer_version_withdraws_the_cases_it_no_longer_names(world, django_capture_on_commit_callbacks):
    # Given 张三 vetoed (well scored otherwise) and 李四 at the bottom, their cases open
    composites = {"张三": 85, "李四": 56, "王甲": 80, "赵乙": 90}
    published = make_published_year(world, composites=composites, vetoed=("张三",), bottom_ratio="0.25")
    stepdown_cases_open(publication_id=published.publication.pk)
    assert {n: c.reason for n, c in cases().items()} == {"张三": "veto", "李四": "bottom"}
    li_before = StepDownCase.objects.filter(cadre=world.other_cadre).values().get()

    # When the veto is revoked (an upheld appeal) and the publication moves to the re-computed version
    VetoEntry.objects.filter(cadre=world.cadre).update(status=ApprovalStatus.REVOKED)
    with django_capture_on_commit_callbacks(execute=True):
        run = new_version(world)
    assert run.version == 2

    # Then 张三's case is withdrawn, saying why, and he is told; 李四's stays as it was
    zhang = cases()["张三"]
    assert zhang.state == "withdrawn" and zhang.withdrawn_at is not None
    assert zhang.withdrawn_reason == "考核结果已变更(第2版),一票否决已撤销。"
    row = AuditLog.objects.get(action="demotion.stepdown.withdraw")
    assert row.subject_id == str(zhang.pk) and row.before["state"] == "notified" and row.after["state"] == "withdrawn"
    assert Notice.objects.filter(recipient=world.users["cadre"], occurrence="withdrawn").count() == 1
    assert StepDownCase.objects.filter(cadre=world.other_cadre).values().get() == li_before

    # And running the opening again changes nothing
    before = opening_rows()
    assert stepdown_cases_open(publication_id=published.publication.pk) == {"opened": 0, "withdrawn": 0, "reported": 0}
    assert opening_rows() == before


def test_a_cadre_first_named_by_a_newer_version_counts_from_its_adoption(world):
    published = make_published_year(world, published_on=datetime.date(2025, 1, 24))
    stepdown_cases_open(publication_id=published.publication.pk)
    # When a later version names 王甲 too (a veto taken into account on review)
    VetoEntry.objects.create(
        cadre=published.people["王甲"],
        item=VetoItem.objects.filter(organization=world.org).first(),
        year=2024,
        occurred_on=datetime.date(2024, 6, 1),
        evidence="复查认定",
        status=ApprovalStatus.APPROVED,
    )
    new_version(world, reason="复查")
    today = datetime.date(2025, 3, 7)  # a Friday: the next Wednesday is the third working day
    assert stepdown_cases_open(publication_id=published.publication.pk, today=today)["opened"] == 1
    wang = cases()["王甲"]
    assert (wang.reason, wang.published_on, wang.deadline) == ("veto", today, datetime.date(2025, 3, 12))
    assert wang.run.version == 2
    # The earlier cases keep the publication's date
    assert cases()["张三"].published_on == datetime.date(2025, 1, 24)


def test_an_approved_case_is_not_undone_by_a_newer_version_but_reported_once(world):
    composites = {"张三": 85, "李四": 56, "王甲": 80, "赵乙": 90}
    published = make_published_year(world, composites=composites, vetoed=("张三",), bottom_ratio="0.25")
    stepdown_cases_open(publication_id=published.publication.pk)
    zhang = cases()["张三"]
    stepdown_case_apply(case=zhang, actor=world.users["cadre"], text="申请")
    stepdown_case_approve(case=zhang, actor=world.users["committee"], step_down_on=timezone.localdate())
    VetoEntry.objects.filter(cadre=world.cadre).update(status=ApprovalStatus.REVOKED)
    new_version(world)

    counts = stepdown_cases_open(publication_id=published.publication.pk)

    assert counts == {"opened": 0, "withdrawn": 0, "reported": 1}
    assert cases()["张三"].state == "approved"
    told = Notice.objects.filter(kind="demotion.stepdown", occurrence="revised:2")
    # Organization-wide HR (none in this world is) and the committee; once, however often the opening runs
    assert sorted(told.values_list("recipient__username", flat=True)) == ["committee"]
    stepdown_cases_open(publication_id=published.publication.pk)
    assert told.count() == 1
