"""The rater's task list and score grid: what a rater sees, how a cell saves (autosave endpoint and the no-JS form),
and what is refused."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Period, Scheme, Score
from assessments.services import period_close, period_open, rater_assign_bulk, scheme_create, score_save
from common.models import AuditLog
from tests.factories import CadreFactory, UserFactory

SAVE_URL = reverse("assessments:score_cell_save")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rater(scoring):
    return _client(scoring.rater_user)


def _grid_url(period) -> str:
    return reverse("assessments:rater_grid", kwargs={"pk": period.pk})


def _quarterly(scoring):
    return scoring.components["quarterly_review"]


def _post_cell(client, scoring, ratee, value, revision=0, component=None, period=None):
    return client.post(
        SAVE_URL,
        {
            "period": (period or scoring.q1).pk,
            "ratee": ratee.pk,
            "component": (component or _quarterly(scoring)).pk,
            "value": value,
            "revision": revision,
        },
    )


def _save_as(scoring, ratee, value, revision=0, rater=None, user=None):
    return score_save(
        period=scoring.q1,
        component=_quarterly(scoring),
        rater=rater or scoring.rater,
        ratee=ratee,
        value=value,
        expected_revision=revision,
        actor=user or scoring.rater_user,
    ).score


def _text(response) -> str:
    return response.content.decode()


class TestRaterHome:
    def test_lists_open_periods_with_progress_and_a_link_to_the_grid(self, scoring, world, rater):
        # Given 王五 rates 张三 and 李四 in Q1 and has scored 张三
        _save_as(scoring, world.cadre, "88")
        # When they open their task list
        body = _text(rater.get(reverse("rater_home")))
        # Then Q1 is listed with its progress and a link to the grid
        assert "2025年第一季度" in body
        assert "已评 1/2" in body
        assert _grid_url(scoring.q1) in body
        # And the not-yet-open periods are not tasks
        assert "第二季度" not in body

    def test_a_closed_period_moves_to_the_closed_list(self, scoring, world, rater):
        period_close(period=scoring.q1, actor=world.users["admin"])
        body = _text(rater.get(reverse("rater_home")))
        assert "已结束的评分" in body and "目前没有分配给您的评分任务" in body
        assert _grid_url(scoring.q1) in body

    def test_the_world_rater_without_a_cadre_is_told_nothing_is_assigned(self, scoring, as_persona):
        body = _text(as_persona("rater").get(reverse("rater_home")))
        assert "目前没有分配给您的评分任务" in body
        assert "张三" not in body and "李四" not in body

    def test_other_roles_are_refused(self, scoring, as_persona):
        assert as_persona("hr").get(reverse("rater_home")).status_code == 403
        assert as_persona("cadre").get(reverse("rater_home")).status_code == 403


class TestGridPage:
    def test_rows_are_the_raters_ratees_and_cells_carry_range_revision_and_own_score_only(self, scoring, world, rater):
        # Given 王五 scored 张三 88, and another rater 赵六 scored 张三 95.5
        _save_as(scoring, world.cadre, "88")
        other_user = UserFactory(username="zhaoliu")
        other = CadreFactory(unit=world.root, organization=world.org, name="赵六", employee_no="R002", user=other_user)
        rater_assign_bulk(scheme=scoring.scheme, components=[_quarterly(scoring)], raters=[other], ratees=[world.cadre])
        _save_as(scoring, world.cadre, "95.5", rater=other, user=other_user)
        # When 王五 opens the Q1 grid
        response = rater.get(_grid_url(scoring.q1))
        body = _text(response)
        assert response.status_code == 200
        # Then the rows are 张三 and 李四 with their units, the column is the one component scored in Q1
        assert "张三" in body and "综合科一组" in body and "李四" in body and "城关所" in body
        assert "季度述职评议" in body and "半年工作点评" not in body
        # And each cell is a number input with the range, step and the revision the page was rendered with
        a = f"{world.cadre.pk}-{_quarterly(scoring).pk}"
        b = f"{world.other_cadre.pk}-{_quarterly(scoring).pk}"
        assert re.search(rf'type="number"[^>]*name="v-{a}" [^>]*value="88" min="0.00" max="100.00" step="0.01"', body)
        assert f'name="rev-{a}" value="1"' in body and f'name="rev-{b}" value="0"' in body
        assert "已评 1/2" in body
        # And never another rater's score or name
        assert "95.5" not in body and "赵六" not in body and "R002" not in body
        assert "js/score-grid.js" in body

    def test_unassigned_cells_are_disabled(self, scoring, world, rater):
        # Given the year period (two yearly components) is open, and 王五 rates a third cadre on one of them only
        third = CadreFactory(unit=world.unit_a, organization=world.org, name="钱七", employee_no="A002")
        rater_assign_bulk(
            scheme=scoring.scheme,
            components=[scoring.components["annual_objectives"]],
            raters=[scoring.rater],
            ratees=[third],
        )
        year = period_open(period=scoring.scheme.periods.get(kind=Period.Kind.YEAR), actor=world.users["admin"])
        body = _text(rater.get(_grid_url(year)))
        assert "年度主要目标任务" in body and "现场观摩点评" in body
        assert f'name="v-{third.pk}-{scoring.components["annual_objectives"].pk}"' in body
        assert f'name="v-{third.pk}-{scoring.components["onsite_review"].pk}"' not in body
        assert body.count('aria-label="未分配"') == 1
        assert "已评 0/5" in body

    def test_a_period_without_the_raters_cells_is_404(self, scoring, world, rater, as_persona):
        # A pending period, a period of another organization's scheme, and the world rater without a cadre
        q2 = scoring.scheme.periods.get(kind=Period.Kind.Q2)
        assert rater.get(_grid_url(q2)).status_code == 404
        other_org_scheme = scheme_create(
            organization=CadreFactory().organization, year=2025, template=Scheme.Template.FOUR_PART
        )
        other_q1 = period_open(period=other_org_scheme.periods.get(kind=Period.Kind.Q1))
        assert rater.get(_grid_url(other_q1)).status_code == 404
        assert as_persona("rater").get(_grid_url(scoring.q1)).status_code == 404
        # And an open period none of whose components the rater scores: 赵六 rates 季度述职评议 only, the year is open
        zhao_user = UserFactory(username="zhaoliu")
        zhao = CadreFactory(unit=world.root, organization=world.org, name="赵六", employee_no="R002", user=zhao_user)
        rater_assign_bulk(scheme=scoring.scheme, components=[_quarterly(scoring)], raters=[zhao], ratees=[world.cadre])
        year = period_open(period=scoring.scheme.periods.get(kind=Period.Kind.YEAR), actor=world.users["admin"])
        zhao_client = _client(zhao_user)
        assert zhao_client.get(_grid_url(scoring.q1)).status_code == 200
        assert zhao_client.get(_grid_url(year)).status_code == 404
        assert "全年" not in zhao_client.get(reverse("rater_home")).content.decode()
        # Other roles are refused outright
        assert as_persona("hr").get(_grid_url(scoring.q1)).status_code == 403

    def test_after_the_period_closes_the_grid_is_read_only_and_a_post_changes_nothing(self, scoring, world, rater):
        score = _save_as(scoring, world.cadre, "88")
        period_close(period=scoring.q1, actor=world.users["admin"])
        body = _text(rater.get(_grid_url(scoring.q1)))
        assert "评分已结束" in body and "仅供查看" in body
        a = f"{world.cadre.pk}-{_quarterly(scoring).pk}"
        assert re.search(rf'name="v-{a}"[^>]* disabled>', body)
        assert "保存全部" not in body and "js/score-grid.js" not in body
        response = rater.post(_grid_url(scoring.q1), {f"v-{a}": "60", f"o-{a}": "88", f"rev-{a}": "1"})
        assert response.status_code == 302
        assert Score.objects.get(pk=score.pk).value == Decimal("88")
        refused = _post_cell(rater, scoring, world.cadre, "60", revision=1)
        assert refused.status_code == 400 and "评分已结束" in refused.json()["status_html"]
        assert Score.objects.get(pk=score.pk).value == Decimal("88")


class TestCellSave:
    def test_a_new_score_is_saved_with_its_revision_and_the_progress(self, scoring, world, rater):
        response = _post_cell(rater, scoring, world.cadre, "85.5")
        assert response.status_code == 200
        data = response.json()
        assert data["state"] == "saved" and data["revision"] == 1 and data["original"] == "85.5"
        assert data["progress"] == "已评 1/2" and (data["done"], data["total"]) == (1, 2)
        assert "已保存" in data["status_html"]
        score = Score.objects.get()
        assert (score.value, score.ratee, score.rater, score.entered_by) == (
            Decimal("85.50"),
            world.cadre,
            scoring.rater,
            scoring.rater_user,
        )
        # And a change from that revision makes the next one
        data = _post_cell(rater, scoring, world.cadre, "90", revision=1).json()
        assert data["state"] == "saved" and data["revision"] == 2
        assert Score.objects.get().value == Decimal("90")
        assert AuditLog.objects.filter(action="assessments.score.change", subject_id=str(score.pk)).exists()

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("150", "超出范围"),
            ("-1", "超出范围"),
            ("abc", "不是数字"),
            ("85.555", "最多保留两位小数"),
            ("", "请填写分数"),
        ],
    )
    def test_a_bad_value_is_refused_in_chinese_and_nothing_is_written(self, scoring, world, rater, value, message):
        response = _post_cell(rater, scoring, world.cadre, value)
        assert response.status_code == 400
        data = response.json()
        assert data["state"] == "invalid" and message in data["status_html"]
        assert data["progress"] == "已评 0/2"
        assert not Score.objects.exists()

    def test_a_stale_save_is_a_conflict_with_the_current_value_and_nothing_is_overwritten(self, scoring, world, rater):
        # Given the cell was saved as 88 after the page was rendered empty (another tab)
        score = _save_as(scoring, world.cadre, "88")
        # When the page saves 70 from revision 0
        response = _post_cell(rater, scoring, world.cadre, "70", revision=0)
        # Then it is told the current value and revision, and 88 stays
        assert response.status_code == 409
        data = response.json()
        assert data["state"] == "conflict" and data["revision"] == 1 and data["original"] == "88"
        assert "该评分已被他人修改为 88" in data["status_html"] and "保存我的分数" in data["status_html"]
        assert Score.objects.get(pk=score.pk).value == Decimal("88")
        # And saving deliberately from the revision it was shown overwrites
        assert _post_cell(rater, scoring, world.cadre, "70", revision=1).json()["state"] == "saved"
        assert Score.objects.get(pk=score.pk).value == Decimal("70")

    def test_cells_not_assigned_to_the_rater_are_404_and_other_roles_403(self, scoring, world, rater, as_persona):
        outsider = CadreFactory(unit=world.unit_a, organization=world.org, name="孙八", employee_no="A003")
        assert _post_cell(rater, scoring, outsider, "80").status_code == 404
        assert (
            _post_cell(rater, scoring, world.cadre, "80", component=scoring.components["annual_objectives"]).status_code
            == 404
        )
        response = rater.post(SAVE_URL, {"period": "x", "ratee": world.cadre.pk, "component": "1", "value": "80"})
        assert response.status_code == 404
        assert _post_cell(as_persona("rater"), scoring, world.cadre, "80").status_code == 404
        assert _post_cell(as_persona("hr"), scoring, world.cadre, "80").status_code == 403
        assert rater.get(SAVE_URL).status_code == 405
        assert not Score.objects.exists()


class TestGridFormWithoutJavaScript:
    def _form(self, scoring, world, **cells):
        """The grid form as the page renders it: every assigned cell with its value, original and revision."""
        data = {}
        for ratee in (world.cadre, world.other_cadre):
            key = f"{ratee.pk}-{_quarterly(scoring).pk}"
            score = Score.objects.filter(ratee=ratee, rater=scoring.rater, period=scoring.q1).first()
            stored = f"{score.value.normalize():f}" if score else ""
            data.update({f"v-{key}": stored, f"o-{key}": stored, f"rev-{key}": score.revision if score else 0})
        for name, value in cells.items():
            ratee = world.cadre if name == "a" else world.other_cadre
            data[f"v-{ratee.pk}-{_quarterly(scoring).pk}"] = value
        return data

    def test_a_submit_saves_every_changed_cell(self, scoring, world, rater):
        response = rater.post(_grid_url(scoring.q1), self._form(scoring, world, a="88", b="77.25"), follow=True)
        assert "已保存 2 项评分" in _text(response)
        assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal("77.25"), Decimal("88")]
        assert "已评 2/2" in _text(response)

    def test_a_bad_cell_is_shown_with_its_error_and_typed_value_and_the_good_one_is_saved(self, scoring, world, rater):
        response = rater.post(_grid_url(scoring.q1), self._form(scoring, world, a="88", b="150"))
        assert response.status_code == 400
        body = _text(response)
        assert "1 项评分未保存" in body and "超出范围" in body
        b = f"{world.other_cadre.pk}-{_quarterly(scoring).pk}"
        assert re.search(rf'name="v-{b}" [^>]*value="150"', body)
        assert list(Score.objects.values_list("ratee__name", "value")) == [("张三", Decimal("88"))]
        assert "已评 1/2" in body

    def test_a_conflict_keeps_the_typed_value_and_a_second_submit_overwrites_deliberately(self, scoring, world, rater):
        form = self._form(scoring, world)  # rendered while both cells were empty
        score = _save_as(scoring, world.cadre, "88")  # then saved elsewhere
        a = f"{world.cadre.pk}-{_quarterly(scoring).pk}"
        form[f"v-{a}"] = "70"
        response = rater.post(_grid_url(scoring.q1), form)
        body = _text(response)
        assert response.status_code == 400
        assert "该评分已被他人修改为 88" in body
        assert re.search(rf'name="v-{a}" [^>]*value="70"', body)
        assert f'name="rev-{a}" value="1"' in body and f'name="o-{a}" value="88"' in body
        assert Score.objects.get(pk=score.pk).value == Decimal("88")
        # The re-rendered form now carries revision 1: submitting it again is the deliberate overwrite
        form.update({f"o-{a}": "88", f"rev-{a}": "1"})
        rater.post(_grid_url(scoring.q1), form)
        assert Score.objects.get(pk=score.pk).value == Decimal("70")

    def test_accepting_the_stored_value_leaves_it(self, scoring, world, rater):
        form = self._form(scoring, world)
        score = _save_as(scoring, world.cadre, "88")
        a = f"{world.cadre.pk}-{_quarterly(scoring).pk}"
        form.update({f"v-{a}": "70", f"o-{a}": "88", f"rev-{a}": "1", "accept": a})
        assert rater.post(_grid_url(scoring.q1), form).status_code == 302
        assert Score.objects.get(pk=score.pk).value == Decimal("88")


def _wide_scheme(world, rater_user):
    """A 2026 scheme of five yearly components, its year period open, and its rater."""
    rater = CadreFactory(unit=world.root, organization=world.org, name="评委", employee_no="W001", user=rater_user)
    scheme = scheme_create(
        organization=world.org,
        year=2026,
        template=Scheme.Template.CUSTOM,
        components=[{"code": f"c{i}", "name": f"项目{i}", "weight": "20", "frequency": "yearly"} for i in range(5)],
    )
    components = list(scheme.components.all())
    year = period_open(period=scheme.periods.get(kind=Period.Kind.YEAR))
    return scheme, components, year, rater


def _add_ratees(world, scheme, components, year, rater, user, count: int, start: int):
    """`count` more cadres rated on all five components, two of them already scored."""
    cadres = [
        CadreFactory(unit=world.unit_a1, organization=world.org, employee_no=f"G{start + i:03d}") for i in range(count)
    ]
    rater_assign_bulk(scheme=scheme, components=components, raters=[rater], ratees=cadres)
    for cadre in cadres:
        for component in components[:2]:
            score_save(
                period=year,
                component=component,
                rater=rater,
                ratee=cadre,
                value="80",
                expected_revision=0,
                actor=user,
            )


def test_the_grid_renders_with_a_constant_number_of_queries(world, django_assert_num_queries):
    # Given a rater with 2 cadres × 5 components
    user = UserFactory(username="wide")
    scheme, components, year, rater = _wide_scheme(world, user)
    _add_ratees(world, scheme, components, year, rater, user, 2, 0)
    client = _client(user)
    client.get(_grid_url(year))  # the session is written on the first request only (then once a minute at most)
    with CaptureQueriesContext(connection) as small:
        response = client.get(_grid_url(year))
    assert response.status_code == 200 and "已评 4/10" in _text(response)
    # When 48 more cadres join (50 × 5 = 250 cells)
    _add_ratees(world, scheme, components, year, rater, user, 48, 2)
    # Then the grid renders with the same number of queries
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(_grid_url(year))
    body = _text(response)
    assert "已评 100/250" in body
    assert body.count('class="form-control form-control-sm score-input') == 250
    assert len(small.captured_queries) <= 13  # one of them: whether the year is published (locked)


def test_the_task_list_runs_a_constant_number_of_queries(world, django_assert_num_queries):
    user = UserFactory(username="wide")
    scheme, components, year, rater = _wide_scheme(world, user)
    _add_ratees(world, scheme, components, year, rater, user, 2, 0)
    client = _client(user)
    client.get(_grid_url(year))  # the session is written on the first request only (then once a minute at most)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("rater_home"))
    _add_ratees(world, scheme, components, year, rater, user, 10, 2)
    with django_assert_num_queries(len(small.captured_queries)):
        body = _text(client.get(reverse("rater_home")))
    assert "已评 24/60" in body
