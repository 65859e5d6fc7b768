"""Error tolerance (容错免责): the request, the committee's decision on the three tests, and what an exemption does
to the year's results. A refused action changes nothing."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import ApprovalStatus, PointEntry, Publication, ResultRun, VetoEntry
from common.errors import ApplicationError
from common.models import AuditLog
from demotion.models import Correction, ToleranceCase
from demotion.services.tolerance import tolerance_decide, tolerance_request
from notices.models import Notice
from org.models import RoleAssignment
from org.services import role_assign
from tests.assessments.conftest import make_scoring
from tests.assessments.test_appeals_services import compute, deduction, publish, result_of, score_everything, veto
from tests.factories import UserFactory

EVENT = "推进“双随机”抽查改革时先行先试,程序衔接出现疏漏"
REASON = "出于推进改革的公心,勤勉履职,未谋私利"


@pytest.fixture
def scored(world):
    """The 2025 scheme; 张三 80, 李四 90 on every component."""
    scoring = make_scoring(world)
    score_everything(scoring, world, {world.cadre: "80", world.other_cadre: "90"})
    return scoring


def request(world, entry, *, persona="hr", target="deduction", event=EVENT, reason=REASON, cadre=None):
    return tolerance_request(
        cadre=cadre or entry.cadre, target=target, entry=entry, event=event, reason=reason, actor=world.users[persona]
    )


def decide(
    world, case, *, approve=True, persona="committee", tests=(True, True, True), reason="党组会议认定符合容错情形"
):
    public_interest, diligent, no_private_gain = tests
    return tolerance_decide(
        case=case,
        approve=approve,
        public_interest=public_interest,
        diligent=diligent,
        no_private_gain=no_private_gain,
        reason=reason,
        actor=world.users[persona],
    )


def state(*entries):
    """Everything a refused action must leave as it was."""
    return (
        [(type(e).__name__, e.pk, type(e).objects.get(pk=e.pk).status) for e in entries],
        list(
            ToleranceCase.objects.order_by("pk").values_list(
                "pk", "state", "public_interest", "diligent", "no_private_gain", "decided_by_id", "decision_reason"
            )
        ),
        Correction.objects.count(),
        AuditLog.objects.count(),
        Notice.objects.count(),
        ResultRun.objects.count(),
        list(Publication.objects.values_list("pk", "run_id")),
    )


class TestRequest:
    def test_hr_requests_for_a_cadre_in_scope_and_the_committee_is_told(self, scored, world):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))

        case = request(world, entry)

        assert case.state == ToleranceCase.State.REQUESTED and case.point_entry == entry and case.year == 2025
        assert case.organization == world.org and case.requested_by == world.users["hr"]
        row = AuditLog.objects.get(action="demotion.tolerance.request")
        assert row.subject_id == str(case.pk) and row.after["event"] == EVENT and row.reason == "人事部门代为申请"
        told = Notice.objects.filter(kind="demotion.tolerance", subject_id=str(case.pk))
        assert [n.recipient.username for n in told] == ["committee"]
        assert PointEntry.objects.get(pk=entry.pk).status == ApprovalStatus.APPROVED  # nothing exempted yet

    def test_the_cadre_requests_for_himself(self, scored, world):
        entry = veto(world, occurred_on=datetime.date(2025, 6, 1))
        case = request(world, entry, persona="cadre", target="veto")
        assert case.veto_entry == entry and case.target == "veto"
        assert AuditLog.objects.get(action="demotion.tolerance.request").reason == ""

    @pytest.fixture
    def entry(self, scored, world):
        return deduction(world, occurred_on=datetime.date(2025, 6, 1))

    def _refused(self, match, call, *entries, field=None):
        before = state(*entries)
        with pytest.raises(ApplicationError, match=match) as caught:
            call()
        assert state(*entries) == before
        if field:
            assert field in caught.value.field_errors
        return caught.value

    @pytest.mark.parametrize("persona", ["hr_other", "other_cadre", "committee", "rater", "norole"])
    def test_by_someone_neither_the_cadre_nor_his_hr(self, world, entry, persona):
        self._refused("只能为本人或管理范围内的干部申请", lambda: request(world, entry, persona=persona), entry)

    def test_someone_elses_entry(self, world, entry):
        other = deduction(world, world.other_cadre, occurred_on=datetime.date(2025, 6, 1))
        self._refused(
            "只能对该干部本人的", lambda: request(world, other, cadre=world.cadre), entry, other, field="entry"
        )

    def test_a_bonus(self, world, entry):
        bonus = deduction(world, code="award_provincial", occurred_on=datetime.date(2025, 6, 1))
        self._refused("加分不能申请容错免责", lambda: request(world, bonus), bonus, field="entry")

    def test_an_entry_not_approved(self, world, entry):
        pending = deduction(world, occurred_on=datetime.date(2025, 7, 1), approve=False)
        self._refused("只能对已批准的记录申请容错免责", lambda: request(world, pending), pending, field="entry")

    def test_a_target_that_does_not_match(self, world, entry):
        self._refused("请选择要申请容错免责的", lambda: request(world, entry, target="veto"), entry, field="entry")

    def test_event_and_reason_are_required(self, world, entry):
        error = self._refused("请填写事件经过", lambda: request(world, entry, event=" ", reason=""), entry)
        assert set(error.field_errors) == {"event", "reason"}

    def test_once_while_open_or_approved(self, world, entry):
        case = request(world, entry)
        self._refused("该事项已申请容错免责", lambda: request(world, entry, persona="cadre"), entry, field="entry")
        decide(world, case, approve=False, tests=(True, False, True), reason="未能勤勉尽责")
        # A rejected request may be made again with new facts.
        again = request(world, entry, event="补充了新的事实材料")
        decide(world, again)
        entry.refresh_from_db()
        assert entry.status == ApprovalStatus.REVOKED

    def test_the_constraint_is_the_last_word(self, world, entry, monkeypatch):
        request(world, entry)
        # Two requests at once: the second passes the check before the first has committed.
        monkeypatch.setattr(
            "demotion.services.tolerance.ToleranceCase.objects.filter",
            lambda *a, **k: ToleranceCase.objects.none(),
        )
        self._refused("该事项已申请容错免责", lambda: request(world, entry, persona="cadre"), entry)


class TestDecision:
    @pytest.fixture
    def case(self, scored, world):
        return request(world, deduction(world, code="admonishment", occurred_on=datetime.date(2025, 6, 1)))

    @pytest.mark.parametrize(
        ("tests", "failing"),
        [
            ((False, True, True), {"public_interest": "未认定出于公心,不能予以容错"}),
            ((True, False, True), {"diligent": "未认定勤勉尽责,不能予以容错"}),
            ((True, True, False), {"no_private_gain": "未认定不谋私利,不能予以容错"}),
            ((False, False, True), {"public_interest": "出于公心", "diligent": "勤勉尽责"}),
        ],
    )
    def test_approval_needs_all_three_tests(self, world, case, tests, failing):
        before = state(case.point_entry)
        with pytest.raises(ApplicationError) as caught:
            decide(world, case, tests=tests)
        assert set(caught.value.field_errors) == set(failing)
        for field, text in failing.items():
            assert text in caught.value.field_errors[field][0]
        assert state(case.point_entry) == before

    @pytest.mark.parametrize(
        ("persona", "kwargs", "match"),
        [
            ("committee", {"reason": " "}, "请填写认定意见"),
            ("committee", {"tests": (None, True, True)}, "请认定是否出于公心"),
            ("hr", {}, r"只有党组\(党委\)可以认定"),
            ("admin", {}, r"只有党组\(党委\)可以认定"),
            ("cadre", {}, r"只有党组\(党委\)可以认定"),
        ],
    )
    def test_refused_decisions_change_nothing(self, world, case, persona, kwargs, match):
        before = state(case.point_entry)
        with pytest.raises(ApplicationError, match=match):
            decide(world, case, persona=persona, **kwargs)
        assert state(case.point_entry) == before

    def test_a_committee_outside_the_cadres_units(self, world, case):
        member = UserFactory(username="committee_b")
        role_assign(user=member, role=RoleAssignment.Role.COMMITTEE, organization=world.org, unit=world.unit_b)
        before = state(case.point_entry)
        with pytest.raises(ApplicationError, match=r"只有党组\(党委\)可以认定"):
            tolerance_decide(
                case=case,
                approve=True,
                public_interest=True,
                diligent=True,
                no_private_gain=True,
                reason="认定",
                actor=member,
            )
        assert state(case.point_entry) == before

    def test_not_ones_own_case(self, world, case):
        role_assign(user=world.users["cadre"], role=RoleAssignment.Role.COMMITTEE, organization=world.org)
        before = state(case.point_entry)
        with pytest.raises(ApplicationError, match="不能认定本人的容错免责申请"):
            decide(world, case, persona="cadre")
        assert state(case.point_entry) == before

    def test_rejection_records_the_answers_and_changes_nothing_else(self, world, case):
        decided = decide(world, case, approve=False, tests=(True, True, False), reason="存在谋取私利情形")

        assert decided.state == ToleranceCase.State.REJECTED
        assert (decided.public_interest, decided.diligent, decided.no_private_gain) == (True, True, False)
        assert decided.decided_by == world.users["committee"] and decided.decision_reason == "存在谋取私利情形"
        assert PointEntry.objects.get(pk=case.point_entry_id).status == ApprovalStatus.APPROVED
        assert not Correction.objects.exists() and decided.run is None
        row = AuditLog.objects.get(action="demotion.tolerance.reject")
        assert row.before["state"] == "requested" and row.after["state"] == "rejected"
        assert row.after["no_private_gain"] is False
        # The requester (HR) and the cadre are told.
        told = Notice.objects.filter(kind="demotion.tolerance", occurrence="decided")
        assert sorted(n.recipient.username for n in told) == ["cadre", "hr"]

    def test_decided_once(self, world, case):
        decide(world, case, approve=False, tests=(False, False, False), reason="不符合")
        before = state(case.point_entry)
        with pytest.raises(ApplicationError, match="该申请当前状态为“不予容错”,不能再作认定"):
            decide(world, case)
        assert state(case.point_entry) == before


class TestExemption:
    def test_an_exempted_deduction_re_versions_a_published_year(
        self, scored, world, django_capture_on_commit_callbacks
    ):
        entry = deduction(world, code="admonishment", occurred_on=datetime.date(2025, 6, 1))  # −1
        first = compute(world)
        assert result_of(first, world.cadre).composite == Decimal("79.00")
        publication = publish(world, first, on=datetime.date.today())
        case = request(world, entry)

        with django_capture_on_commit_callbacks(execute=True):
            decided = decide(world, case, reason="属探索性失误,予以免责")

        entry.refresh_from_db()
        assert decided.state == ToleranceCase.State.APPROVED and entry.status == ApprovalStatus.REVOKED
        assert (decided.public_interest, decided.diligent, decided.no_private_gain) == (True, True, True)
        second = ResultRun.objects.get(pk=decided.run_id)
        assert second.version == 2 and second.status == ResultRun.Status.SUCCEEDED
        assert second.reason.startswith("容错免责:张三") and second.requested_by == world.users["committee"]
        # The composite rises by the deduction's points; the old version stays as it was.
        assert result_of(second, world.cadre).composite == Decimal("80.00")
        assert result_of(first, world.cadre).composite == Decimal("79.00")
        publication.refresh_from_db()
        assert publication.run == second and publication.state == Publication.State.PUBLISHED

        exempt = AuditLog.objects.get(action="assessments.points.exempt")
        assert exempt.subject_id == str(entry.pk) and exempt.before == {"status": "approved"}
        assert exempt.after == {"status": "revoked"} and "属探索性失误" in exempt.reason
        adopt = AuditLog.objects.get(action="assessments.results.publication_adopt")
        assert adopt.before == {"run_id": first.pk, "version": 1} and adopt.after == {"run_id": second.pk, "version": 2}
        approve = AuditLog.objects.get(action="demotion.tolerance.approve")
        assert approve.after["state"] == "approved" and approve.after["run_id"] == second.pk
        # The correction opens, at its first step.
        assert Correction.objects.get(tolerance_case=case).steps.count() == 0
        assert AuditLog.objects.filter(action="demotion.correction.open").count() == 1

    def test_an_exempted_veto_no_longer_counts(self, scored, world, django_capture_on_commit_callbacks):
        entry = veto(world, occurred_on=datetime.date(2025, 6, 1))
        first = compute(world)
        assert result_of(first, world.cadre).vetoed
        case = request(world, entry, target="veto")

        with django_capture_on_commit_callbacks(execute=True):
            decided = decide(world, case)

        assert VetoEntry.objects.get(pk=entry.pk).status == ApprovalStatus.REVOKED
        second = ResultRun.objects.get(pk=decided.run_id)
        assert second.status == ResultRun.Status.SUCCEEDED and not result_of(second, world.cadre).vetoed
        assert result_of(first, world.cadre).vetoed
        assert AuditLog.objects.filter(action="assessments.veto.exempt", subject_id=str(entry.pk)).count() == 1
        assert not AuditLog.objects.filter(action="assessments.results.publication_adopt").exists()

    def test_a_year_never_computed_is_not_computed(self, scored, world, django_capture_on_commit_callbacks):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        case = request(world, entry)
        with django_capture_on_commit_callbacks(execute=True):
            decided = decide(world, case)
        assert decided.run is None and not ResultRun.objects.exists()
        assert PointEntry.objects.get(pk=entry.pk).status == ApprovalStatus.REVOKED

    def test_an_item_taken_out_meanwhile_refuses_the_approval(self, scored, world):
        entry = deduction(world, occurred_on=datetime.date(2025, 6, 1))
        case = request(world, entry)
        # Revoked by an upheld appeal after the request was made.
        PointEntry.objects.filter(pk=entry.pk).update(status=ApprovalStatus.REVOKED)
        before = state(entry)
        with pytest.raises(ApplicationError, match="该记录目前为“已撤销”,不能容错免责"):
            decide(world, case)
        assert state(entry) == before
