"""Rater privacy outside a subtree (assessments.selectors.rater_privacy, RATER_IDENTITY_OUTSIDE_SCOPE).

Given 张三 (综合科一组, in the subtree of HR 甲) rated on 季度评价 by three raters: 王五 and 钱七 of the bureau's
root unit (outside 甲's scope; 王五 created first, so with the lower id) and 赵六 of 综合科 (inside it) —
then HR 甲 sees 赵六 and his score, and 王五 and 钱七 as 评议人 A and 评议人 B without their scores; the counts stay.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Score
from assessments.services import period_close, rater_assign_bulk, score_save
from org.models import RoleAssignment
from org.services import role_assign
from tests.assessments.test_api_support import persona_clients
from tests.factories import CadreFactory, UserFactory

LIST_URL = reverse("assessments:score_list")
SCORES_API = "/api/assessments/scores/"
ASSIGNMENTS_API = "/api/assessments/assignments/"


@pytest.fixture
def raters(world, scoring):
    """王五 (hidden, A), 钱七 (hidden, B), 赵六 (in scope) each score 张三 on 季度评价 in Q1: 91.5, 72.5, 83.5."""
    qian = CadreFactory(unit=world.root, organization=world.org, name="钱七", employee_no="R002", user=UserFactory())
    zhao = CadreFactory(unit=world.unit_a, organization=world.org, name="赵六", employee_no="A002", user=UserFactory())
    component = scoring.components["quarterly_review"]
    rater_assign_bulk(scheme=scoring.scheme, components=[component], raters=[qian, zhao], ratees=[world.cadre])
    for rater, value in [(scoring.rater, "91.5"), (qian, "72.5"), (zhao, "83.5")]:
        score_save(
            period=scoring.q1, component=component, rater=rater, ratee=world.cadre, value=value, expected_revision=0
        )
    return {"wang": scoring.rater, "qian": qian, "zhao": zhao}


@pytest.fixture
def api(world):
    return persona_clients(world)


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _org_wide_hr(world, as_persona):
    user = UserFactory(username="hr_whole")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    world.users["hr_whole"] = user
    return as_persona("hr_whole")


HIDDEN_TEXT = ["王五", "R001", "91.50", "钱七", "R002", "72.50"]


class TestScoreListPage:
    def test_subtree_hr_sees_pseudonyms_outside_and_names_inside(self, raters, as_persona):
        response = as_persona("hr").get(LIST_URL)
        body = _body(response)
        assert "赵六" in body and "A002" in body and "83.50" in body
        for text in HIDDEN_TEXT:
            assert text not in body
        assert "评议人 A" in body and "评议人 B" in body
        # the count is what it is: three scores of 张三
        assert response.context["page"].paginator.count == 3

    def test_letters_follow_the_rater_ids_and_stay_the_same_within_the_page(self, scoring, world, raters, as_persona):
        # 王五 also scores another cadre of 综合科一组: both of his rows carry his one letter
        other = CadreFactory(unit=world.unit_a1, organization=world.org, name="孙八", employee_no="A003")
        component = scoring.components["quarterly_review"]
        rater_assign_bulk(scheme=scoring.scheme, components=[component], raters=[raters["wang"]], ratees=[other])
        score_save(
            period=scoring.q1, component=component, rater=raters["wang"], ratee=other, value="60", expected_revision=0
        )
        rows = list(as_persona("hr").get(LIST_URL).context["page"])
        names = {}
        for row in rows:
            names.setdefault(row.rater_id, set()).add(row.rater_shown.name)
        assert names == {raters["wang"].pk: {"评议人 A"}, raters["qian"].pk: {"评议人 B"}, raters["zhao"].pk: {"赵六"}}
        assert "60.00" not in _body(as_persona("hr").get(LIST_URL))

    @pytest.mark.parametrize("persona", ["admin", "committee", "hr_whole"])
    def test_organization_wide_hr_the_committee_and_the_admin_see_everyone(self, world, raters, as_persona, persona):
        client = _org_wide_hr(world, as_persona) if persona == "hr_whole" else as_persona(persona)
        body = _body(client.get(LIST_URL))
        for text in [*HIDDEN_TEXT, "赵六", "83.50"]:
            assert text in body
        assert "评议人 A" not in body

    def test_a_committee_seat_of_the_organization_gives_subtree_hr_the_full_view(self, world, raters, as_persona):
        role_assign(user=world.users["hr"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
        body = _body(as_persona("hr").get(LIST_URL))
        assert "王五" in body and "91.50" in body

    def test_the_setting_full_restores_the_full_view(self, raters, as_persona, full_rater_view):
        body = _body(as_persona("hr").get(LIST_URL))
        for text in HIDDEN_TEXT:
            assert text in body
        assert "评议人 A" not in body

    @pytest.mark.parametrize("q", ["R001", "王五", "R00", "钱"])
    def test_searching_for_a_hidden_rater_finds_nothing(self, raters, as_persona, q):
        response = as_persona("hr").get(LIST_URL, {"q": q})
        assert response.context["page"].paginator.count == 0
        assert as_persona("committee").get(LIST_URL, {"q": q}).context["page"].paginator.count >= 1

    def test_searching_for_a_visible_rater_or_the_ratee_still_works(self, raters, as_persona):
        assert as_persona("hr").get(LIST_URL, {"q": "A002"}).context["page"].paginator.count == 1
        assert as_persona("hr").get(LIST_URL, {"q": "张三"}).context["page"].paginator.count == 3


class TestScoreDetailPage:
    def test_a_hidden_raters_score_shows_neither_rater_value_nor_history_and_cannot_be_corrected(
        self, scoring, world, raters, as_persona
    ):
        period_close(period=scoring.q1, actor=world.users["admin"])
        score = Score.objects.get(rater=raters["wang"])
        url = reverse("assessments:score_edit", kwargs={"pk": score.pk})
        body = _body(as_persona("hr").get(url))
        assert "评议人 A" in body and "张三" in body
        for text in ["王五", "R001", "91.50", "保存更正"]:
            assert text not in body
        response = as_persona("hr").post(url, {"value": "10", "reason": "试图修改", "revision": score.revision})
        assert response.status_code == 403
        score.refresh_from_db()
        assert score.value == Decimal("91.50") and score.revision == 1

    def test_a_visible_raters_score_is_shown_and_corrected_as_before(self, scoring, world, raters, as_persona):
        period_close(period=scoring.q1, actor=world.users["admin"])
        score = Score.objects.get(rater=raters["zhao"])
        url = reverse("assessments:score_edit", kwargs={"pk": score.pk})
        body = _body(as_persona("hr").get(url))
        assert "赵六" in body and "83.50" in body and "保存更正" in body
        as_persona("hr").post(url, {"value": "84", "reason": "笔误", "revision": score.revision})
        score.refresh_from_db()
        assert score.value == Decimal("84")


class TestScoreApi:
    def test_hidden_rows_lose_id_number_value_and_note(self, raters, api):
        data = api("hr").get(SCORES_API).json()
        assert data["count"] == 3
        rows = {r["rater_name"]: r for r in data["results"]}
        assert set(rows) == {"评议人 A", "评议人 B", "赵六"}
        for name in ["评议人 A", "评议人 B"]:
            row = rows[name]
            assert (row["rater"], row["rater_employee_no"], row["value"], row["note"], row["rater_hidden"]) == (
                None,
                None,
                None,
                "",
                True,
            )
        zhao = rows["赵六"]
        assert (zhao["rater"], zhao["rater_employee_no"], zhao["value"], zhao["rater_hidden"]) == (
            raters["zhao"].pk,
            "A002",
            "83.50",
            False,
        )
        detail = api("hr").get(f"{SCORES_API}{Score.objects.get(rater=raters['wang']).pk}/").json()
        assert (detail["rater"], detail["rater_name"], detail["value"]) == (None, "评议人 A", None)

    def test_the_committee_and_the_full_setting_see_everyone(self, raters, api, settings):
        names = {r["rater_name"] for r in api("committee").get(SCORES_API).json()["results"]}
        assert names == {"王五", "钱七", "赵六"}
        settings.RATER_IDENTITY_OUTSIDE_SCOPE = "full"
        names = {r["rater_name"] for r in api("hr").get(SCORES_API).json()["results"]}
        assert names == {"王五", "钱七", "赵六"}

    def test_filtering_by_a_hidden_rater_finds_nothing(self, raters, api):
        assert api("hr").get(SCORES_API, {"rater": raters["wang"].pk}).json()["count"] == 0
        assert api("hr").get(SCORES_API, {"rater": raters["zhao"].pk}).json()["count"] == 1
        assert api("committee").get(SCORES_API, {"rater": raters["wang"].pk}).json()["count"] == 1

    def test_a_correction_naming_a_hidden_rater_is_refused_and_tells_nothing(self, scoring, world, raters, api):
        period_close(period=scoring.q1, actor=world.users["admin"])
        body = {
            "period": scoring.q1.pk,
            "component": scoring.components["quarterly_review"].pk,
            "ratee": world.cadre.pk,
            "rater": raters["wang"].pk,
            "value": "10",
            "expected_revision": 0,  # a stale revision would answer 409 with the stored value
            "reason": "试探",
        }
        response = api("hr").post(SCORES_API, body, format="json")
        assert response.status_code == 400 and list(response.json()["errors"]) == ["rater"]
        assert "91.5" not in response.content.decode()
        assert Score.objects.get(rater=raters["wang"]).value == Decimal("91.50")


class TestAssignments:
    def test_the_api_names_visible_raters_only_and_cannot_be_filtered_by_a_hidden_one(self, raters, api):
        rows = api("hr").get(ASSIGNMENTS_API).json()
        named = {(r["rater_name"], r["rater"], r["rater_employee_no"], r["rater_hidden"]) for r in rows["results"]}
        assert named == {
            ("评议人 A", None, None, True),
            ("评议人 B", None, None, True),
            ("赵六", raters["zhao"].pk, "A002", False),
        }
        assert rows["count"] == 6  # 王五 on four components, 钱七 and 赵六 on one
        assert api("hr").get(ASSIGNMENTS_API, {"rater": raters["qian"].pk}).json()["count"] == 0
        assert api("hr").get(ASSIGNMENTS_API, {"rater": raters["zhao"].pk}).json()["count"] == 1

    def test_the_page_shows_pseudonyms_with_their_counts(self, scoring, raters, as_persona):
        url = reverse("assessments:assign_raters", kwargs={"pk": scoring.scheme.pk})
        response = as_persona("hr").get(url)
        rows = {row["rater__name"]: row for row in response.context["rater_rows"]}
        assert set(rows) == {"评议人 A", "评议人 B", "赵六"}
        assert (rows["评议人 A"]["total"], rows["评议人 A"]["rater__employee_no"]) == (4, None)
        assert rows["评议人 A"]["rater__unit__name"] is None
        assert rows["赵六"]["rater__employee_no"] == "A002"
        assert response.context["assignment_total"] == 6
        table = response.content.decode().split('id="assignments"', 1)[1]
        for text in ["王五", "R001", "钱七", "R002", "测试局机关"]:
            assert text not in table


def test_subtree_hr_who_rates_sees_their_own_scores_by_name(world, scoring, raters, api):
    # Given HR 甲 is 王五's login: 王五 works outside 甲's subtree, but his scores are his own
    scoring.rater.user = world.users["hr"]
    scoring.rater.save()
    names = {r["rater_name"] for r in api("hr").get(SCORES_API).json()["results"]}
    assert names == {"王五", "评议人 A", "赵六"}  # 钱七, the one hidden rater left, takes the letter A


class TestScoreImportPreview:
    """HR 甲 imports a file naming all three raters of 张三: 王五 with a new score, 钱七 with the very score he gave
    (72.5), 赵六 with a new one. The preview must tell 甲 neither who the hidden raters are nor what they gave — not in
    the rows, not in a "原分数" cell, and not through the counts ("未变化" would confirm 钱七's 72.5)."""

    URL = reverse("assessments:score_import")

    @staticmethod
    def _file(rows=None) -> bytes:
        from tests.assessments.test_imports_scores import scores_csv, srow

        return scores_csv(
            rows or [srow(rater="R001", score="90"), srow(rater="R002", score="72.5"), srow(rater="A002", score="84")]
        )

    def _preview(self, world, client, content=None):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.common.import_previews import post_and_follow

        upload = SimpleUploadedFile("评分.csv", content or self._file())
        response = post_and_follow(
            client, self.URL, {"action": "preview", "organization": world.org.pk, "year": 2025, "file": upload}
        )
        return response, _body(response)

    def test_subtree_hr_sees_pseudonyms_no_earlier_scores_and_no_unchanged_count(
        self, world, raters, as_persona, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        response, body = self._preview(world, as_persona("hr"))
        for text in ["王五", "R001", "91.5", "钱七", "R002"]:
            assert text not in body, text
        assert "评议人 A" in body and "评议人 B" in body and "不予显示" in body
        # 赵六 works in 甲's subtree: named, with the score he gave before
        assert "赵六(A002)" in body and "83.5" in body
        assert "修改评分 <strong>3</strong>" in body and "未变化 <strong>0</strong>" in body
        assert response.context["preview_job"]

    @pytest.mark.parametrize("persona", ["hr_whole", "committee_hr"])
    def test_organization_wide_hr_sees_every_rater_and_score(
        self, world, raters, as_persona, settings, tmp_path, persona
    ):
        settings.MEDIA_ROOT = tmp_path
        if persona == "hr_whole":
            client = _org_wide_hr(world, as_persona)
        else:  # subtree HR who sits on the organization's committee
            role_assign(user=world.users["hr"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
            client = as_persona("hr")
        _response, body = self._preview(world, client)
        # (钱七's unchanged row is counted, not listed)
        for text in ["王五(R001)", "91.5", "赵六(A002)", "83.5"]:
            assert text in body, text
        assert "评议人 A" not in body
        assert "修改评分 <strong>2</strong>" in body and "未变化 <strong>1</strong>" in body

    def test_the_setting_full_shows_subtree_hr_every_rater(
        self, world, raters, as_persona, settings, tmp_path, full_rater_view
    ):
        settings.MEDIA_ROOT = tmp_path
        _response, body = self._preview(world, as_persona("hr"))
        assert "王五(R001)" in body and "91.5" in body and "未变化 <strong>1</strong>" in body

    def test_a_hidden_rater_without_the_assignment_is_refused_without_his_name(
        self, world, scoring, raters, as_persona, settings, tmp_path
    ):
        from tests.assessments.test_imports_scores import srow

        settings.MEDIA_ROOT = tmp_path
        # 钱七 rates 张三 on the quarterly review only
        content = self._file([srow(rater="R002", component="半年工作点评", period="上半年", score="80")])
        _response, body = self._preview(world, as_persona("hr"), content)
        assert "该评分人未被分配对 张三(A001)" in body
        assert "钱七" not in body

    def test_the_job_writes_the_changes_and_its_summary_keeps_the_secret(
        self, world, raters, as_persona, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        from common.models import BackgroundJob

        settings.MEDIA_ROOT = tmp_path
        client = as_persona("hr")
        response, _body_text = self._preview(world, client)
        qian_before = Score.objects.get(rater=raters["qian"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.URL, {"action": "confirm", "preview": response.context["preview_job"]})
        job = BackgroundJob.objects.exclude(kind="import_preview").get()
        summary = job.result["summary"]
        assert job.status == "succeeded" and ["修改评分", 3] in summary and ["未变化", 0] in summary
        values = {s.rater_id: s.value for s in Score.objects.filter(ratee=world.cadre)}
        assert values[raters["wang"].pk] == Decimal("90") and values[raters["zhao"].pk] == Decimal("84")
        # 钱七's score was the same: not rewritten
        assert Score.objects.get(rater=raters["qian"]).revision == qian_before.revision
