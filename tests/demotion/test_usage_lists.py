"""The results usage lists on hand-built published years: which grade leads to which list, "consecutive" across
published years, dismissal blocked by each protection, the promotion list and its waiting periods, 记三等功, the
committee's tie decisions, and the reader's scope."""

import datetime

import pytest

from demotion.models import DismissalProtection
from demotion.selectors.usage import (
    ADMONISH,
    DEMOTE,
    DISMISS,
    IMPROVEMENT_MONTHS,
    NOT_REAPPOINTED,
    PROMOTE,
    PROMOTE_EXCLUDED,
    usage_lists,
)
from org.roles import get_roles
from org.services import sanction_record_create
from tests.demotion.matrix_measures import publish_year, seed_national_rules
from tests.factories import CadreFactory

D = datetime.date
EXCELLENT, COMPETENT, BASIC, INCOMPETENT = "1", "2", "3", "4"
ON = D(2026, 3, 1)


@pytest.fixture(autouse=True)
def national_rules(db):
    seed_national_rules()


@pytest.fixture
def people(world):
    """Four more cadres on 张三's side of the tree."""
    return {
        name: CadreFactory(organization=world.org, unit=world.unit_a1, name=name, employee_no=number)
        for name, number in [("甲一", "P01"), ("乙二", "P02"), ("丙三", "P03"), ("丁四", "P04")]
    }


def _lists(world, year=2025, on=ON, user="admin"):
    return usage_lists(user=world.users[user], organization=world.org, year=year, on=on)


def _names(lists, name):
    return [row.cadre.name for row in lists.rows(name)]


def test_an_unpublished_year_has_no_lists(world):
    assert _lists(world) is None


def test_basic_competence_leads_to_admonishment_with_a_deadline(world):
    # given 2025 published on 20 January 2026 with 张三 基本称职
    publish_year(world, 2025, {world.cadre: BASIC, world.other_cadre: COMPETENT})
    lists = _lists(world)
    # then 张三 is to be admonished and to improve within six months of the publication
    (row,) = lists.rows(ADMONISH)
    assert row.cadre == world.cadre
    assert lists.improvement_deadline == D(2026, 7, 20) and IMPROVEMENT_MONTHS == 6
    assert "2026-07-20" in row.proposal
    assert row.measure_kind == "admonishment" and row.grades == [(2025, "基本称职")]
    assert row.group_name == "科长组"
    # and once only is not yet "not to be re-appointed"
    assert lists.rows(NOT_REAPPOINTED) == []


def test_two_consecutive_basic_years_mean_not_reappointed(world):
    publish_year(world, 2024, {world.cadre: BASIC})
    publish_year(world, 2025, {world.cadre: BASIC})
    (row,) = _lists(world).rows(NOT_REAPPOINTED)
    assert row.grades == [(2025, "基本称职"), (2024, "基本称职")]
    assert "连续两年基本称职" in row.proposal and row.measure_kind == "rank_changed"


def test_an_unpublished_year_between_breaks_the_run(world):
    # given 2023 基本称职 but 2024 not published
    publish_year(world, 2023, {world.cadre: BASIC})
    publish_year(world, 2025, {world.cadre: BASIC})
    lists = _lists(world)
    assert lists.years == [2025]
    assert lists.rows(NOT_REAPPOINTED) == []


def test_incompetence_means_not_reappointed_and_one_level_down(world):
    publish_year(world, 2024, {world.cadre: COMPETENT})
    publish_year(world, 2025, {world.cadre: INCOMPETENT})
    lists = _lists(world)
    assert _names(lists, NOT_REAPPOINTED) == ["张三"] and "当年不称职" in lists.rows(NOT_REAPPOINTED)[0].proposal
    (row,) = lists.rows(DEMOTE)
    assert "降低一个职务或者职级层次" in row.proposal and row.measure_kind == "demoted"
    assert lists.rows(DISMISS) == [] and lists.rows(ADMONISH) == []


def test_two_consecutive_incompetent_years_propose_dismissal(world):
    publish_year(world, 2024, {world.cadre: INCOMPETENT})
    publish_year(world, 2025, {world.cadre: INCOMPETENT})
    (row,) = _lists(world).rows(DISMISS)
    assert row.grades == [(2025, "不称职"), (2024, "不称职")]
    assert row.blocked == "" and row.measure_kind == ""


@pytest.mark.parametrize("kind", DismissalProtection.Kind.values)
def test_dismissal_is_blocked_by_each_protection(world, kind):
    publish_year(world, 2024, {world.cadre: INCOMPETENT})
    publish_year(world, 2025, {world.cadre: INCOMPETENT})
    DismissalProtection.objects.create(cadre=world.cadre, kind=kind, starts_on=D(2026, 1, 1))
    (row,) = _lists(world).rows(DISMISS)
    label = DismissalProtection.Kind(kind).label
    assert row.blocked == f"暂不得辞退:{label}(2026-01-01 起)"


def test_dismissal_is_not_blocked_before_a_protection_starts_nor_after_it_ends(world):
    publish_year(world, 2024, {world.cadre: INCOMPETENT})
    publish_year(world, 2025, {world.cadre: INCOMPETENT})
    DismissalProtection.objects.create(
        cadre=world.cadre, kind="maternity", starts_on=D(2025, 9, 1), ends_on=D(2026, 2, 5)
    )
    assert "产假" in _lists(world, on=D(2026, 2, 5)).rows(DISMISS)[0].blocked  # the last day still protects
    assert _lists(world, on=D(2026, 2, 6)).rows(DISMISS)[0].blocked == ""
    assert _lists(world, on=D(2025, 8, 31)).rows(DISMISS)[0].blocked == ""


def test_the_promotion_list_takes_the_years_excellent(world, people):
    publish_year(world, 2025, {world.cadre: EXCELLENT, people["甲一"]: EXCELLENT, people["乙二"]: COMPETENT})
    lists = _lists(world)
    assert _names(lists, PROMOTE) == ["张三", "甲一"]
    assert lists.rows(PROMOTE)[0].flag == "" and lists.rows(PROMOTE_EXCLUDED) == []


def test_three_consecutive_excellent_years_are_flagged(world, people):
    publish_year(world, 2023, {world.cadre: EXCELLENT, people["甲一"]: COMPETENT})
    publish_year(world, 2024, {world.cadre: EXCELLENT, people["甲一"]: EXCELLENT})
    publish_year(world, 2025, {world.cadre: EXCELLENT, people["甲一"]: EXCELLENT})
    rows = {row.cadre.name: row for row in _lists(world).rows(PROMOTE)}
    assert rows["张三"].flag == "连续三年优秀,记三等功"
    assert rows["张三"].grades == [(2025, "优秀"), (2024, "优秀"), (2023, "优秀")]
    assert rows["甲一"].flag == ""


def test_three_excellent_with_a_gap_are_not_consecutive(world):
    publish_year(world, 2022, {world.cadre: EXCELLENT})
    publish_year(world, 2024, {world.cadre: EXCELLENT})
    publish_year(world, 2025, {world.cadre: EXCELLENT})
    assert _lists(world).rows(PROMOTE)[0].flag == ""


def test_a_waiting_period_keeps_an_excellent_cadre_off_the_list_until_it_ends(world, people):
    publish_year(world, 2025, {world.cadre: EXCELLENT, people["甲一"]: EXCELLENT})
    # given 张三 transferred (调离岗位) on 15 June 2025: no promotion through 15 June 2026
    sanction_record_create(
        cadre=world.cadre, kind="transferred", decided_on=D(2025, 6, 15), effective_from=D(2025, 6, 15)
    )
    # when the list is drawn while the period runs, then 张三 is listed apart with the measure and its end
    lists = _lists(world, on=D(2026, 6, 15))
    assert _names(lists, PROMOTE) == ["甲一"]
    (row,) = lists.rows(PROMOTE_EXCLUDED)
    assert row.cadre == world.cadre and row.waiting.no_promotion_until == D(2026, 6, 15)
    assert "调离岗位" in row.proposal and "2026-06-15" in row.proposal
    # and the day after it ends, 张三 is back
    lists = _lists(world, on=D(2026, 6, 16))
    assert _names(lists, PROMOTE) == ["张三", "甲一"] and lists.rows(PROMOTE_EXCLUDED) == []


def test_a_sanction_excludes_too_and_the_longest_period_is_named(world):
    publish_year(world, 2025, {world.cadre: EXCELLENT})
    sanction_record_create(
        cadre=world.cadre, kind="gov_warning", decided_on=D(2025, 12, 1), effective_from=D(2025, 12, 1)
    )
    sanction_record_create(
        cadre=world.cadre, kind="admonishment", decided_on=D(2026, 1, 10), effective_from=D(2026, 1, 10)
    )
    (row,) = _lists(world).rows(PROMOTE_EXCLUDED)
    assert row.waiting.kind == "admonishment" and row.waiting.no_promotion_until == D(2026, 7, 10)


def test_the_committees_tie_decisions_are_applied(world, people):
    # given 甲一 and 乙二 tied at the 优秀 quota, computed 称职; the committee chose 甲一
    publish_year(world, 2025, {world.cadre: COMPETENT}, excellent_ties={people["甲一"]: True, people["乙二"]: False})
    assert _names(_lists(world), PROMOTE) == ["甲一"]


def test_each_reader_sees_their_units_only(world):
    publish_year(world, 2025, {world.cadre: BASIC, world.other_cadre: BASIC})
    assert _names(_lists(world, user="hr"), ADMONISH) == ["张三"]
    assert _names(_lists(world, user="hr_other"), ADMONISH) == ["李四"]
    assert sorted(_names(_lists(world, user="committee"), ADMONISH)) == ["张三", "李四"]


def test_the_lists_cost_a_fixed_number_of_queries(world, people, django_assert_num_queries):
    publish_year(world, 2023, dict.fromkeys(people.values(), EXCELLENT))
    publish_year(world, 2024, {**dict.fromkeys(people.values(), INCOMPETENT), world.cadre: BASIC})
    publish_year(world, 2025, {**dict.fromkeys(people.values(), INCOMPETENT), world.cadre: EXCELLENT})
    for cadre in people.values():
        DismissalProtection.objects.create(cadre=cadre, kind="medical", starts_on=D(2026, 1, 1))
    sanction_record_create(
        cadre=world.cadre, kind="gov_warning", decided_on=D(2025, 12, 1), effective_from=D(2025, 12, 1)
    )
    user = world.users["admin"]
    get_roles(user)  # once per request, outside what is pinned
    with django_assert_num_queries(7):  # six, and the 出彩型 of post-evaluations
        lists = usage_lists(user=user, organization=world.org, year=2025, on=ON)
    assert len(lists.rows(DISMISS)) == 4 and all(row.blocked for row in lists.rows(DISMISS))


def test_the_outstanding_of_a_post_evaluation_join_the_promotion_list(world):
    from org.services import appointment_start
    from teams.services.post_evaluations import post_evaluation_record
    from teams.services.teams import team_create
    from tests.factories import CadreFactory
    from tests.teams.test_post_evaluations import EVIDENCE, _scores

    # given 2025 published with 张三 优秀 and 赵六 (his deputy) 称职, and 综合科一组's post-evaluation of March 2026
    # naming both
    deputy = CadreFactory(organization=world.org, unit=world.unit_a1, name="赵六", employee_no="A009")
    from org.models import Post
    from tests.factories import PostFactory

    deputy_post = PostFactory(unit=world.unit_a1, name="副组长", kind=Post.Kind.DEPUTY)
    appointment_start(cadre=deputy, post=deputy_post, start_date=D(2024, 1, 2))
    publish_year(world, 2025, {world.cadre: EXCELLENT, deputy: COMPETENT, world.other_cadre: COMPETENT})
    team = team_create(actor=world.users["hr"], unit=world.unit_a1, formed_on=D(2023, 3, 1))
    post_evaluation_record(team=team, actor=world.users["admin"], evaluated_on=D(2026, 3, 10), scores=_scores(),
                           evidence=EVIDENCE, outstanding=[world.cadre, deputy])  # fmt: skip

    # when the lists are read before the post-evaluation, then after it
    before = _lists(world, on=D(2026, 3, 1))
    after = _lists(world, on=D(2026, 3, 20))

    # then only the 优秀 is listed before; after it, 赵六 joins beside their grade and 张三 carries the note
    assert _names(before, PROMOTE) == ["张三"]
    rows = {row.cadre.name: row for row in after.rows(PROMOTE)}
    assert sorted(rows) == sorted(["张三", "赵六"])
    assert rows["赵六"].grades == [(2025, "称职")] and "班子后评估出彩型(2026-03-10)" in rows["赵六"].flag
    assert "班子后评估出彩型(2026-03-10)" in rows["张三"].flag
    # and HR of 城关所 sees neither
    assert _names(_lists(world, on=D(2026, 3, 20), user="hr_other"), PROMOTE) == []


def test_a_cadre_at_the_level_cap_is_flagged_on_the_promotion_list(world):
    from org.services import appointment_start
    from tests.tenure.conftest import make_policy

    # given a tenure policy (15 years at one level by default) and 李四, principal of 城关所 since 2022, who was
    # principal of a former unit from 2008 to 2021 too: more than 15 years as a principal by 2026
    make_policy(world)
    from org.models import Post
    from tests.factories import PostFactory

    old_post = PostFactory(unit=world.unit_a, name="原所长", kind=Post.Kind.PRINCIPAL)
    earlier = appointment_start(cadre=world.other_cadre, post=old_post, start_date=D(2008, 1, 10))
    from org.services import appointment_end

    appointment_end(appointment=earlier, end_date=D(2021, 12, 31), end_reason="exchange")
    publish_year(world, 2025, {world.cadre: EXCELLENT, world.other_cadre: EXCELLENT})

    rows = {row.cadre.name: row for row in _lists(world, on=ON).rows(PROMOTE)}

    assert "不再在该层级提名" in rows["李四"].flag and "15 年上限" in rows["李四"].flag
    assert "不再在该层级提名" not in rows["张三"].flag
