import datetime
from decimal import Decimal

import pytest

from assessments.models import ApprovalStatus, Period, PointItem, Scheme, Score, VetoItem
from assessments.services import (
    ScoreConflict,
    period_close,
    point_entry_decide,
    point_entry_record,
    scheme_create,
    scheme_update,
    score_save,
    veto_entry_decide,
    veto_entry_record,
)
from common.errors import ApplicationError
from common.models import AuditLog


def _save(scoring, world, value, revision=0, **kw):
    return score_save(
        period=kw.pop("period", scoring.q1),
        component=kw.pop("component", scoring.components["quarterly_review"]),
        rater=scoring.rater,
        ratee=kw.pop("ratee", world.cadre),
        value=value,
        expected_revision=revision,
        actor=kw.pop("actor", scoring.rater_user),
        **kw,
    )


class TestSchemes:
    def test_templates_make_weighted_components_and_their_periods(self, world):
        four = scheme_create(organization=world.org, year=2024, template=Scheme.Template.FOUR_PART)
        assert [c.name for c in four.components.all()] == [
            "季度述职评议",
            "半年工作点评",
            "年度主要目标任务",
            "现场观摩点评",
        ]
        assert sum(c.weight for c in four.components.all()) == 100
        assert sorted(four.periods.values_list("kind", flat=True)) == ["H1", "H2", "Q1", "Q2", "Q3", "Q4", "Y"]
        five = scheme_create(organization=world.org, year=2023, template=Scheme.Template.FIVE_IN_ONE)
        assert [c.name for c in five.components.all()] == [
            "单位考绩",
            "区级领导考评",
            "年终考核组考评",
            "组织日常考评",
            "单位主要领导考评",
        ]
        # The catalogs come with the organization's first scheme.
        assert PointItem.objects.filter(organization=world.org).count() > 5
        assert VetoItem.objects.filter(organization=world.org).exists()

    def test_weights_must_add_up_to_100_and_nothing_is_written(self, world):
        with pytest.raises(ApplicationError) as e:
            scheme_create(
                organization=world.org,
                year=2024,
                template=Scheme.Template.CUSTOM,
                components=[
                    {"code": "a", "name": "甲", "weight": "60"},
                    {"code": "b", "name": "乙", "weight": "30"},
                ],
            )
        assert "权重之和应为 100,现为 90" in e.value.message
        assert not Scheme.objects.filter(year=2024).exists()

    def test_quota_above_20_percent_needs_approval(self, world):
        with pytest.raises(ApplicationError) as e:
            scheme_create(
                organization=world.org, year=2024, template=Scheme.Template.FOUR_PART, excellent_quota=Decimal("0.25")
            )
        assert "excellent_quota_approval" in e.value.field_errors
        scheme = scheme_create(
            organization=world.org,
            year=2024,
            template=Scheme.Template.FOUR_PART,
            excellent_quota=Decimal("0.25"),
            excellent_quota_approval="X人社〔2024〕3号",
        )
        assert scheme.excellent_quota == Decimal("0.25")

    def test_edit_without_scores_is_in_place(self, scoring, world):
        scheme = scheme_update(scheme=scoring.scheme, bottom_ratio=Decimal("0.15"), actor=world.users["admin"])
        assert scheme.pk == scoring.scheme.pk and scheme.version == 1
        assert Scheme.objects.get(pk=scheme.pk).bottom_ratio == Decimal("0.15")

    def test_edit_with_scores_makes_a_new_version_and_the_old_keeps_its_scores(self, scoring, world):
        _save(scoring, world, "88")
        new = scheme_update(
            scheme=scoring.scheme, bottom_ratio=Decimal("0.15"), actor=world.users["admin"], reason="党组会议调整"
        )
        old = Scheme.objects.get(pk=scoring.scheme.pk)
        assert new.pk != old.pk and new.version == 2 and new.is_current
        assert old.status == Scheme.Status.SUPERSEDED and old.bottom_ratio == Decimal("0.100")
        assert Score.objects.filter(scheme=old).count() == 1
        carried = Score.objects.get(scheme=new)
        assert carried.value == Decimal("88") and carried.period.kind == "Q1"
        assert new.periods.get(kind="Q1").status == Period.Status.OPEN
        assert AuditLog.objects.filter(action="assessments.scheme.new_version", reason="党组会议调整").exists()
        with pytest.raises(ApplicationError):
            scheme_update(scheme=old, bottom_ratio=Decimal("0.2"))


class TestScores:
    def test_rater_saves_and_changes_a_score_with_its_audit(self, scoring, world):
        first = _save(scoring, world, "85.5").score
        assert first.value == Decimal("85.50") and first.revision == 1
        second = _save(scoring, world, "90", revision=1).score
        assert second.revision == 2
        rows = AuditLog.objects.filter(subject_id=str(first.pk), action__startswith="assessments.score")
        assert [(r.before or {}).get("value") for r in rows.order_by("id")] == [None, "85.50"]

    @pytest.mark.parametrize(
        ("value", "message"), [("101", "超出范围"), ("abc", "不是数字"), ("", "请填写"), ("80.123", "两位小数")]
    )
    def test_bad_values_are_refused(self, scoring, world, value, message):
        with pytest.raises(ApplicationError) as e:
            _save(scoring, world, value)
        assert message in e.value.message
        assert not Score.objects.exists()

    def test_a_stale_save_is_refused_with_the_current_value(self, scoring, world):
        _save(scoring, world, "80")
        with pytest.raises(ScoreConflict) as e:
            _save(scoring, world, "70")  # a second tab that started from an empty cell
        assert e.value.extra == {"current_value": "80.00", "current_revision": 1}
        _save(scoring, world, "81", revision=1)
        with pytest.raises(ScoreConflict):
            _save(scoring, world, "82", revision=1)
        assert Score.objects.get().value == Decimal("81")

    def test_unassigned_or_wrong_period_is_refused(self, scoring, world):
        with pytest.raises(ApplicationError, match="没有“第一季度”"):
            _save(scoring, world, "80", component=scoring.components["annual_objectives"])
        scoring.rater_ratee = world.cadre
        with pytest.raises(ApplicationError, match="未被分配"):
            score_save(
                period=scoring.q1,
                component=scoring.components["quarterly_review"],
                rater=world.other_cadre,
                ratee=world.cadre,
                value="80",
                expected_revision=0,
            )

    def test_after_close_only_hr_changes_and_only_with_a_reason(self, scoring, world):
        _save(scoring, world, "80")
        period_close(period=scoring.q1)
        with pytest.raises(ApplicationError, match="评分已结束"):
            _save(scoring, world, "85", revision=1)
        with pytest.raises(ApplicationError, match="原因"):
            _save(scoring, world, "85", revision=1, by_hr=True, actor=world.users["hr"])
        _save(scoring, world, "85", revision=1, by_hr=True, actor=world.users["hr"], reason="评分人笔误")
        row = AuditLog.objects.get(action="assessments.score.change_closed")
        assert row.actor == world.users["hr"] and row.reason == "评分人笔误"
        assert row.before["value"] == "80.00" and row.after["value"] == "85.00"

    def test_the_database_refuses_a_score_out_of_range(self, scoring, world):
        from django.db import IntegrityError, transaction

        score = _save(scoring, world, "80").score
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.filter(pk=score.pk).update(value=Decimal("100.5"))


class TestPointsAndVetoes:
    def _item(self, world, code):
        return PointItem.objects.get(organization=world.org, code=code)

    def test_points_are_recorded_then_approved_by_someone_else(self, scoring, world):
        item = self._item(world, "award_city")
        entry = point_entry_record(
            cadre=world.cadre,
            item=item,
            year=2025,
            occurred_on=datetime.date(2025, 3, 2),
            evidence="市政府通报〔2025〕5号",
            actor=world.users["hr"],
        )
        assert entry.status == ApprovalStatus.PENDING and entry.points == item.points
        with pytest.raises(ApplicationError, match="不能审批自己"):
            point_entry_decide(entry=entry, approve=True, actor=world.users["hr"])
        point_entry_decide(entry=entry, approve=True, actor=world.users["committee"])
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.APPROVED and entry.decided_by == world.users["committee"]
        with pytest.raises(ApplicationError, match="不能重复审批"):
            point_entry_decide(entry=entry, approve=False, reason="x", actor=world.users["committee"])

    def test_the_item_cap_is_enforced(self, scoring, world):
        item = self._item(world, "award_city")  # 0.3 each, 1.0 a year
        for day in (1, 2, 3):
            point_entry_record(
                cadre=world.cadre, item=item, year=2025, occurred_on=datetime.date(2025, 4, day), evidence="通报"
            )
        with pytest.raises(ApplicationError, match="最多还能登记 0.1 分"):
            point_entry_record(
                cadre=world.cadre, item=item, year=2025, occurred_on=datetime.date(2025, 4, 9), evidence="通报"
            )
        point_entry_record(
            cadre=world.cadre,
            item=item,
            year=2025,
            occurred_on=datetime.date(2025, 4, 9),
            evidence="通报",
            points="0.1",
        )

    def test_missing_evidence_and_wrong_year_are_refused_field_by_field(self, scoring, world):
        with pytest.raises(ApplicationError) as e:
            point_entry_record(
                cadre=world.cadre,
                item=self._item(world, "award_city"),
                year=2025,
                occurred_on=datetime.date(2024, 12, 31),
                evidence=" ",
            )
        assert set(e.value.field_errors) == {"evidence", "occurred_on"}

    def test_veto_rejection_needs_a_reason(self, scoring, world):
        item = VetoItem.objects.filter(organization=world.org).first()
        entry = veto_entry_record(
            cadre=world.cadre, item=item, year=2025, occurred_on=datetime.date(2025, 5, 1), evidence="事故调查报告"
        )
        with pytest.raises(ApplicationError, match="理由"):
            veto_entry_decide(entry=entry, approve=False, actor=world.users["committee"])
        veto_entry_decide(entry=entry, approve=False, reason="责任不在本人", actor=world.users["committee"])
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.REJECTED


class TestPublicationLocks:
    def _publish(self, scoring, world):
        from assessments.models import Publication, ResultRun

        run = ResultRun.objects.create(organization=world.org, year=2025, version=1, scheme=scoring.scheme)
        Publication.objects.create(
            organization=world.org,
            year=2025,
            run=run,
            state=Publication.State.PUBLISHED,
            published_on=datetime.date(2026, 1, 20),
        )

    def test_after_publication_scores_points_and_the_scheme_are_locked(self, scoring, world):
        _save(scoring, world, "80")
        self._publish(scoring, world)
        with pytest.raises(ApplicationError, match="已公布"):
            _save(scoring, world, "85", revision=1)
        with pytest.raises(ApplicationError, match="已公布"):
            point_entry_record(
                cadre=world.cadre,
                item=PointItem.objects.get(organization=world.org, code="award_city"),
                year=2025,
                occurred_on=datetime.date(2025, 3, 2),
                evidence="通报",
            )
        with pytest.raises(ApplicationError, match="已公布"):
            scheme_update(scheme=scoring.scheme, bottom_ratio=Decimal("0.2"))
        assert Score.objects.get().value == Decimal("80")
