"""The measures' services: who may record, what is checked, the audit row, and that a refusal changes nothing."""

import datetime

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from demotion.models import DismissalProtection
from demotion.services.measures import dismissal_protection_end, dismissal_protection_record, measure_record
from org.models import SanctionRecord

D = datetime.date


def _state():
    return (
        list(SanctionRecord.objects.order_by("pk").values()),
        list(DismissalProtection.objects.order_by("pk").values()),
        AuditLog.objects.count(),
    )


def _refused(call, field: str, **kwargs) -> ApplicationError:
    before = _state()
    with pytest.raises(ApplicationError) as raised:
        call(**kwargs)
    assert field in raised.value.field_errors, raised.value.field_errors
    assert _state() == before
    return raised.value


def _measure(world, **overrides):
    return {
        "cadre": world.cadre,
        "kind": "admonishment",
        "decided_on": D(2025, 3, 1),
        "effective_from": D(2025, 3, 1),
        "document_no": "党组会议纪要〔2025〕3号",
        "actor": world.users["hr"],
        **overrides,
    }


# --- measures ---------------------------------------------------------------------------------------------------


def test_hr_records_a_measure_as_a_sanction_record_with_its_audit_row(world):
    # when HR of 综合科 records a 诫勉 of 张三
    record = measure_record(**_measure(world))
    # then it is an organizational measure the results read, audited under the HR user's name
    assert (record.category, record.kind, record.cadre) == ("measure", "admonishment", world.cadre)
    audit = AuditLog.objects.get(action="org.sanction.create", subject_id=str(record.pk))
    assert audit.actor == world.users["hr"]
    assert audit.after["kind"] == "admonishment"


def test_the_admin_records_for_anyone(world):
    record = measure_record(**_measure(world, cadre=world.other_cadre, actor=world.users["admin"]))
    assert record.cadre == world.other_cadre


@pytest.mark.parametrize("persona", ["hr_other", "committee", "cadre", "norole"])
def test_only_hr_in_scope_records(world, persona):
    error = _refused(measure_record, "cadre", **_measure(world, actor=world.users[persona]))
    assert "管理范围" in error.message


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kind": "gov_warning"}, "kind", "处分不在此登记"),
        ({"kind": "dismissal"}, "kind", "请选择组织处理措施"),
        ({"effective_from": D(2025, 2, 28)}, "effective_from", "生效日期不能早于决定日期"),
        ({"decided_on": D(2999, 1, 1), "effective_from": D(2999, 1, 1)}, "decided_on", "决定日期不能晚于今天"),
        ({"document_no": "文" * 101}, "document_no", "文号不能超过100个字"),
    ],
)
def test_bad_input_is_refused_field_by_field(world, overrides, field, message):
    error = _refused(measure_record, field, **_measure(world, **overrides))
    assert message in error.field_errors[field][0]


def test_the_same_measure_twice_is_refused(world):
    measure_record(**_measure(world))
    _refused(measure_record, "kind", **_measure(world))


# --- dismissal protections --------------------------------------------------------------------------------------


def _protection(world, **overrides):
    return {
        "cadre": world.cadre,
        "kind": "maternity",
        "starts_on": D(2025, 6, 1),
        "ends_on": D(2025, 11, 5),
        "note": "产假",
        "actor": world.users["hr"],
        **overrides,
    }


def test_hr_records_a_protection_with_its_audit_row(world):
    protection = dismissal_protection_record(**_protection(world))
    assert protection.recorded_by == world.users["hr"]
    audit = AuditLog.objects.get(action="demotion.protection.record")
    assert audit.subject_id == str(protection.pk) and audit.after["kind"] == "maternity"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "holiday"}, "kind"),
        ({"ends_on": D(2025, 5, 31)}, "ends_on"),
        ({"note": "长" * 201}, "note"),
        ({"actor": "hr_other"}, "cadre"),
        ({"actor": "committee"}, "cadre"),
    ],
)
def test_a_bad_protection_is_refused(world, overrides, field):
    if "actor" in overrides:
        overrides["actor"] = world.users[overrides["actor"]]
    _refused(dismissal_protection_record, field, **_protection(world, **overrides))


def test_an_overlapping_protection_of_the_same_kind_is_refused(world):
    dismissal_protection_record(**_protection(world, ends_on=None))
    _refused(dismissal_protection_record, "starts_on", **_protection(world, starts_on=D(2026, 1, 1), ends_on=None))
    # another kind at the same time is a different fact
    dismissal_protection_record(**_protection(world, kind="nursing", starts_on=D(2025, 11, 6), ends_on=None))


def test_hr_ends_a_lasting_protection_once(world):
    protection = dismissal_protection_record(**_protection(world, ends_on=None))
    # when HR ends it
    ended = dismissal_protection_end(
        protection=protection, ends_on=D(2025, 11, 5), actor=world.users["hr"], reason="产假结束"
    )
    # then it has its last day, audited with before and after
    assert ended.ends_on == D(2025, 11, 5)
    audit = AuditLog.objects.get(action="demotion.protection.end")
    assert (audit.before, audit.after, audit.reason) == ({"ends_on": None}, {"ends_on": "2025-11-05"}, "产假结束")
    # and ending it again is refused, changing nothing
    error = _refused(
        dismissal_protection_end, "ends_on", protection=protection, ends_on=D(2025, 12, 1), actor=world.users["hr"]
    )
    assert "已于2025-11-05结束" in error.message


def test_ending_before_the_start_or_out_of_scope_is_refused(world):
    protection = dismissal_protection_record(**_protection(world, ends_on=None))
    _refused(dismissal_protection_end, "ends_on", protection=protection, ends_on=D(2025, 5, 1), actor=world.users["hr"])
    _refused(
        dismissal_protection_end,
        "cadre",
        protection=protection,
        ends_on=D(2025, 11, 5),
        actor=world.users["hr_other"],
    )
