"""The term evaluation: the ranking statement against a plain reference (standard competition ranking within level
and system, grades by the thresholds, 优秀 capped by a floored quota, a tie at the cut marked and never broken), and
a round end to end — opened with its rows, scored by its team, 民意测评 imported all or nothing, ranked, ties chosen
by the committee, confirmed only when nothing is unresolved, then seen by the cadre."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.errors import ApplicationError
from common.imports.issues import ImportInvalid
from notices.models import Notice
from org.models import Post
from tenure.models import EvaluationRound, EvaluationSystem, TermEvaluation
from tenure.ranking import rank_round
from tenure.selectors.evaluations import evaluation_list, goals_of, own_evaluations
from tenure.services import evaluation_decisions as decisions
from tenure.services import evaluations as services
from tenure.services import goals as goal_services
from tenure.services.democratic import democratic_import
from tests.tenure.conftest import appoint, person, principal_post

D = datetime.date


# --- the ranking against a plain reference ------------------------------------------------------------------------


def ref_rank(rows, *, quota, basic_below, incompetent_below):
    """{id: (rank, group size, grade, tie, quota reached)} by the rules in tenure.ranking's docstring."""
    out = {}
    groups = {}
    for row in rows:
        groups.setdefault((row["level"], row["system"]), []).append(row)
    for members in groups.values():
        scored = [r for r in members if r["combined"] is not None]
        graded = len(scored)
        quota_n = int(quota * 1000) * graded // 1000

        def pre(c):
            return "incompetent" if c < incompetent_below else "basic" if c < basic_below else "C"

        eligible = [r["combined"] for r in scored if pre(r["combined"]) == "C"]
        for r in members:
            c = r["combined"]
            if c is None:
                out[r["id"]] = (None, len(scored), "", False, False)
                continue
            rank = 1 + sum(1 for x in scored if x["combined"] > c)
            if pre(c) != "C":
                out[r["id"]] = (rank, len(scored), pre(c), False, False)
                continue
            first = 1 + sum(1 for e in eligible if e > c)
            last = first - 1 + sum(1 for e in eligible if e == c)
            grade = "excellent" if last <= quota_n else "competent"
            out[r["id"]] = (rank, len(scored), grade, first <= quota_n < last, first > quota_n)
    return out


@pytest.fixture
def round_(world, policy):
    return EvaluationRound.objects.create(
        organization=world.org,
        year=2025,
        policy=policy,
        performance_weight=60,
        democratic_weight=40,
        basic_below=70,
        incompetent_below=60,
        excellent_quota=Decimal("0.200"),
    )


scores = st.one_of(
    st.none(), st.sampled_from([Decimal(x) for x in ("55", "60", "69.99", "70", "80", "85.5", "90", "95")])
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(st.sampled_from(["principal", "deputy"]), st.booleans(), scores), min_size=1, max_size=14),
    quota=st.sampled_from([Decimal("0.200"), Decimal("0.250"), Decimal("0.150")]),
)
def test_the_ranking_statement_matches_the_reference(round_, world, rows, quota):
    # given a round's rows in two levels and two systems, some without a score
    TermEvaluation.objects.filter(round=round_).delete()
    EvaluationRound.objects.filter(pk=round_.pk).update(excellent_quota=quota)
    round_.refresh_from_db()
    system = EvaluationSystem.objects.get_or_create(organization=world.org, name="系统一")[0]
    created = []
    for i, (level, in_system, combined) in enumerate(rows):
        cadre = world.cadre if i % 2 else world.other_cadre
        post = Post.objects.get_or_create(unit=world.unit_b, name=f"职务{i}", defaults={"kind": level})[0]
        created.append(
            TermEvaluation.objects.create(
                round=round_,
                cadre=cadre,
                post=post,
                level=level,
                system=system if in_system else None,
                combined=combined,
            )
        )
    # when the statement ranks them
    rank_round(round_)
    # then every row is as the reference says
    got = {
        e.pk: (e.rank, e.group_size, e.grade, e.excellent_tie, e.quota_reached)
        for e in TermEvaluation.objects.filter(round=round_)
    }
    reference = ref_rank(
        [{"id": e.pk, "level": e.level, "system": e.system_id, "combined": e.combined} for e in created],
        quota=quota,
        basic_below=Decimal(70),
        incompetent_below=Decimal(60),
    )
    assert got == reference


def test_a_tie_at_the_quota_is_marked_and_never_broken(round_, world):
    # given ten graded principals, two tied at the second place: the quota is 2 (20% of 10)
    values = ["95", "90", "90", "85", "80", "80", "75", "72", "71", "70"]
    for i, value in enumerate(values):
        post = Post.objects.create(unit=world.unit_b, name=f"所长{i}", kind="principal")
        TermEvaluation.objects.create(
            round=round_, cadre=world.other_cadre, post=post, level="principal", combined=Decimal(value)
        )
    rank_round(round_)
    rows = list(TermEvaluation.objects.filter(round=round_).order_by("rank", "pk"))
    assert [(r.rank, r.grade, r.excellent_tie) for r in rows[:4]] == [
        (1, "excellent", False),
        (2, "competent", True),
        (2, "competent", True),
        (4, "competent", False),
    ]


# --- a round end to end --------------------------------------------------------------------------------------------


@pytest.fixture
def opened(world, policy):
    """Two principals of 综合科's sub-units with shared annual goals for 2025 approved; the 2025 round opened with
    王评 (a cadre with a login) on its team."""
    hr, committee = world.users["hr"], world.users["committee"]
    people = []
    for name in ("甲", "乙"):
        post = principal_post(world, parent=world.unit_a)
        cadre = person(world, name, unit=post.unit, user=True)
        appoint(cadre, post, D(2023, 3, 1))
        for title, weight in (("抽检", 30), ("培训", 10)):
            goal = goal_services.goal_propose(
                unit=post.unit,
                actor=hr,
                values={"responsibility": "shared", "scope": "annual", "year": 2025, "area": "duties",
                        "kind": "quantified", "title": title, "target": 10, "weight": weight},
            )  # fmt: skip
            goal_services.goal_review(goal=goal, actor=hr)
            goal_services.goal_approve(goal=goal, actor=committee)
        people.append(cadre)
    round_ = services.evaluation_round_open(
        organization=world.org, year=2025, stage="annual", actor=world.users["admin"]
    )
    scorer = person(world, "王评", user=True).user
    services.evaluation_team_set(round_=round_, users=[scorer], actor=world.users["admin"])
    return round_, people, scorer


def _score_all(round_, scorer, value=80):
    for row in TermEvaluation.objects.filter(round=round_).select_related("post"):
        for goal in goals_of(row, round_):
            services.attainment_record(round_=round_, goal=goal, score=value, actor=scorer)


def _csv(rows) -> bytes:
    return ("\ufeff工号,姓名,民意测评得分\n" + "".join(f"{no},{name},{score}\n" for no, name, score in rows)).encode()


def test_the_round_holds_the_terms_of_the_year(opened, world):
    round_, people, _ = opened
    rows = TermEvaluation.objects.filter(round=round_)
    # 甲 and 乙, and 李四 (城关所所长, a principal since 2022); never a middle manager
    assert sorted(rows.values_list("cadre__name", flat=True)) == ["乙", "李四", "甲"]
    assert services.evaluation_rows_sync(round_=round_, actor=world.users["admin"]) == 0


def test_the_performance_is_the_goals_weighted_and_only_the_team_scores(opened, world):
    round_, (jia, _), scorer = opened
    row = TermEvaluation.objects.get(round=round_, cadre=jia)
    first, second = goals_of(row, round_).order_by("-weight")
    # HR is not on the team
    with pytest.raises(ApplicationError):
        services.attainment_record(round_=round_, goal=first, score=90, actor=world.users["hr"])
    services.attainment_record(round_=round_, goal=first, score=90, actor=scorer)
    assert TermEvaluation.objects.get(pk=row.pk).performance is None  # one goal still unscored
    services.attainment_record(round_=round_, goal=second, score=70, actor=scorer)
    # (90 × 30 + 70 × 10) / 40 = 85
    assert TermEvaluation.objects.get(pk=row.pk).performance == Decimal("85.00")
    with pytest.raises(ApplicationError) as refused:
        services.attainment_record(round_=round_, goal=first, score=101, actor=scorer)
    assert "score" in refused.value.field_errors


def test_the_democratic_import_is_all_or_nothing(opened, world):
    round_, (jia, yi), _ = opened
    admin = world.users["admin"]
    bad = _csv(
        [
            (jia.employee_no, "甲", "88"),
            (yi.employee_no, "错名", "77"),
            ("X999", "无人", "70"),
            (jia.employee_no, "甲", "120"),
        ]
    )
    with pytest.raises(ImportInvalid) as refused:
        democratic_import(round_=round_, actor=admin, content=bad, file_name="测评.csv")
    assert {(i.row, i.column) for i in refused.value.issues} == {
        (3, "姓名"),
        (4, "工号"),
        (5, "工号"),
        (5, "民意测评得分"),
    }
    assert not TermEvaluation.objects.filter(round=round_, democratic__isnull=False).exists()
    good = _csv([(jia.employee_no, "甲", "88"), (yi.employee_no, "乙", "77.5")])
    assert democratic_import(round_=round_, actor=admin, content=good, file_name="测评.csv") == 2
    assert TermEvaluation.objects.get(round=round_, cadre=yi).democratic == Decimal("77.50")
    # HR of one subtree does not run the organization's round
    with pytest.raises(ApplicationError):
        democratic_import(round_=round_, actor=world.users["hr"], content=good, file_name="测评.csv")


def test_the_committee_confirms_only_what_is_resolved_and_the_cadre_then_sees_it(opened, world):
    round_, (jia, yi), scorer = opened
    admin, committee = world.users["admin"], world.users["committee"]
    # nothing ranked yet: refused, with the list
    with pytest.raises(ApplicationError) as refused:
        decisions.evaluation_round_close(round_=round_, actor=committee)
    assert "尚未排序" in refused.value.message
    _score_all(round_, scorer)
    li_si = world.other_cadre
    scores = {row.pk: Decimal(80) for row in TermEvaluation.objects.filter(round=round_)}
    services.democratic_apply(round_=round_, scores=scores, source="import", actor=admin, reason="测试")
    services.evaluation_round_rank(round_=round_, actor=admin)
    # 李四 has no goals: his 工作实绩 is missing, which the committee is told
    blockers = decisions.close_blockers(EvaluationRound.objects.get(pk=round_.pk))
    assert any("李四" in b and "工作实绩" in b for b in blockers)
    with pytest.raises(ApplicationError):
        decisions.evaluation_round_close(round_=round_, actor=committee)
    TermEvaluation.objects.filter(round=round_, cadre=li_si).delete()
    # a score changed after the ranking makes it stale
    row = TermEvaluation.objects.get(round=round_, cadre=jia)
    services.democratic_apply(round_=round_, scores={row.pk: Decimal(95)}, source="import", actor=admin, reason="更正")
    assert EvaluationRound.objects.get(pk=round_.pk).stale
    assert "须重新排序" in " ".join(decisions.close_blockers(EvaluationRound.objects.get(pk=round_.pk)))
    services.evaluation_round_rank(round_=round_, actor=admin)
    # the admin may not confirm in the committee's place; the committee does
    with pytest.raises(ApplicationError):
        decisions.evaluation_round_close(round_=round_, actor=admin)
    decisions.evaluation_round_close(round_=round_, actor=committee)
    # the cadre is told once and sees their own form, nobody else's
    assert Notice.objects.filter(kind="tenure.evaluation", recipient=jia.user).count() == 1
    assert [e.cadre for e in own_evaluations(user=jia.user)] == [jia]
    assert list(evaluation_list(user=jia.user).exclude(cadre=jia)) == []
    # and nothing changes any more
    with pytest.raises(ApplicationError):
        services.attainment_record(round_=round_, goal=goals_of(row, round_).first(), score=10, actor=scorer)


def test_the_committee_chooses_exactly_the_places_left_among_the_tied(world, policy):
    round_ = services.evaluation_round_open(
        organization=world.org, year=2025, stage="annual", actor=world.users["admin"]
    )
    for i, value in enumerate(["95", "90", "90", "85", "80", "80", "75", "72", "71", "70"]):
        post = Post.objects.create(unit=world.unit_b, name=f"所长{i}", kind="principal")
        TermEvaluation.objects.create(round=round_, cadre=world.other_cadre, post=post, level="principal",
                                      performance=Decimal(value), democratic=Decimal(value), combined=Decimal(value))  # fmt: skip
    TermEvaluation.objects.filter(round=round_, combined__isnull=True).delete()
    services.evaluation_round_rank(round_=round_, actor=world.users["admin"])
    tied = list(TermEvaluation.objects.filter(round=round_, excellent_tie=True).order_by("pk"))
    committee = world.users["committee"]
    with pytest.raises(ApplicationError) as refused:
        decisions.evaluation_round_settle(
            round_=round_, chosen_ids=[t.pk for t in tied], actor=committee, reason="研究"
        )
    assert "chosen" in refused.value.field_errors
    decisions.evaluation_round_settle(round_=round_, chosen_ids=[tied[0].pk], actor=committee, reason="党组会议研究")
    assert TermEvaluation.objects.get(pk=tied[0].pk).final_grade == "excellent"
    assert TermEvaluation.objects.get(pk=tied[1].pk).final_grade == "competent"
    decisions.evaluation_round_close(round_=round_, actor=committee)


def test_a_term_end_round_takes_the_terms_ending_that_year(world, policy):
    post = principal_post(world)
    appoint(person(world, "甲"), post, D(2021, 3, 1))  # term 2021–2025
    round_ = services.evaluation_round_open(organization=world.org, year=2025, stage="end", actor=world.users["admin"])
    assert list(TermEvaluation.objects.filter(round=round_).values_list("cadre__name", flat=True)) == ["甲"]
    with pytest.raises(ApplicationError) as refused:
        services.evaluation_round_open(organization=world.org, year=2025, stage="end", actor=world.users["admin"])
    assert "year" in refused.value.field_errors
