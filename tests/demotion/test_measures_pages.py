"""The measures and protections pages: lists with waiting periods, the forms with their Chinese errors next to the
field, the prefilled form, scope, and the cadre's own waiting periods on 我的档案."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditLog
from demotion.models import DismissalProtection
from org.models import SanctionRecord
from org.services import sanction_record_create
from tests.conftest import client_for
from tests.demotion.matrix_measures import seed_national_rules
from tests.factories import CadreFactory

D = datetime.date


@pytest.fixture(autouse=True)
def national_rules(db):
    seed_national_rules()


MARCH_FIRST = D(2025, 3, 1)


def _measure(cadre, kind="admonishment", day=MARCH_FIRST):
    return sanction_record_create(cadre=cadre, kind=kind, decided_on=day, effective_from=day)


# --- the measure list -------------------------------------------------------------------------------------------


def test_the_list_shows_each_measure_with_its_waiting_period(world):
    # given an old 诫勉 of 张三 and a recent 免职 of 张三, a measure of 李四 and a sanction of 张三
    today = timezone.localdate()
    _measure(world.cadre, "admonishment", D(2020, 3, 1))
    _measure(world.cadre, "removed", today - datetime.timedelta(days=30))
    _measure(world.other_cadre, "demoted")
    _measure(world.cadre, "gov_warning")
    # when HR of 综合科 opens the list
    html = client_for(world, "hr").get(reverse("demotion:measure_list")).content.decode()
    # then it shows 张三's measures with their ends, running or not, and nothing of 李四 nor the sanction
    assert "<td>诫勉</td>" in html and "2020-09-01" in html and "已期满" in html
    assert "<td>免职</td>" in html and "影响期内" in html
    assert "<td>降职</td>" not in html and "李四" not in html and "政务警告" not in html


def test_the_list_filters_by_kind_and_year(world):
    _measure(world.cadre, "admonishment", D(2024, 3, 1))
    _measure(world.cadre, "transferred", D(2025, 3, 1))
    client = client_for(world, "committee")
    html = client.get(reverse("demotion:measure_list"), {"kind": "transferred"}).content.decode()
    assert "调离岗位" in html and "2024-03-01" not in html
    html = client.get(reverse("demotion:measure_list"), {"year": "2024"}).content.decode()
    assert "2024-03-01" in html and "2025-03-01" not in html


def test_the_list_costs_the_same_for_one_measure_or_many(world, django_assert_max_num_queries):
    client = client_for(world, "hr")
    _measure(world.cadre)
    client.get(reverse("demotion:measure_list"))  # sessions and caches warmed
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("demotion:measure_list"))
    for i in range(12):
        _measure(CadreFactory(organization=world.org, unit=world.unit_a1), "removed", D(2025, 1, 1 + i))
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("demotion:measure_list"))
    assert response.content.decode().count("免职") >= 12


# --- recording a measure ----------------------------------------------------------------------------------------


def test_the_form_is_prefilled_from_the_usage_list_link(world):
    url = reverse("demotion:measure_create") + "?cadre=A001&kind=admonishment"
    html = client_for(world, "hr").get(url).content.decode()
    assert 'value="A001"' in html and '<option value="admonishment" selected>' in html


def test_hr_records_a_measure_after_reading_it_back(world):
    seed_national_rules()
    client = client_for(world, "hr")
    data = {"cadre": "A001", "kind": "transferred", "decided_on": "2025-06-02", "effective_from": "2025-06-02"}
    readback = re.sub(r"\s+", " ", client.post(reverse("demotion:measure_create"), data).content.decode())
    assert "将对 张三 记录组织处理“调离岗位”,2025年6月2日(星期一)起生效。" in readback
    assert "影响期:" in readback and 'name="confirmed"' in readback
    assert not SanctionRecord.objects.exists() and not AuditLog.objects.filter(action="org.sanction.create")
    back = client.post(reverse("demotion:measure_create"), {**data, "back": "1"}).content.decode()
    assert 'value="2025-06-02"' in back and not SanctionRecord.objects.exists()
    response = client.post(reverse("demotion:measure_create"), {**data, "confirmed": "1"})
    assert response.status_code == 302
    record = SanctionRecord.objects.get(cadre=world.cadre, kind="transferred")
    assert record.category == "measure"
    assert AuditLog.objects.filter(action="org.sanction.create", subject_id=str(record.pk)).exists()


@pytest.mark.parametrize(
    "persona, data, error",
    [
        ("hr", {"kind": "admonishment", "effective_from": "2025-05-31"}, "生效日期不能早于决定日期。"),
        ("hr", {"kind": "", "effective_from": "2025-06-02"}, "请选择措施种类。"),
        ("hr", {"kind": "gov_warning", "effective_from": "2025-06-02"}, "请选择组织处理措施。"),
        ("hr", {"kind": "admonishment", "effective_from": "昨天"}, "请输入有效的日期(年-月-日)。"),
        ("hr_other", {"kind": "admonishment", "effective_from": "2025-06-02"}, "找不到工号为“A001”的干部"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_recorded(world, persona, data, error):
    before = (SanctionRecord.objects.count(), AuditLog.objects.count())
    response = client_for(world, persona).post(
        reverse("demotion:measure_create"), {"cadre": "A001", "decided_on": "2025-06-01", **data}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html and "invalid-feedback" in html
    assert (SanctionRecord.objects.count(), AuditLog.objects.count()) == before


def test_the_committee_does_not_record(world):
    response = client_for(world, "committee").post(
        reverse("demotion:measure_create"),
        {"cadre": "A001", "kind": "transferred", "decided_on": "2025-06-02", "effective_from": "2025-06-02"},
    )
    assert response.status_code == 403
    assert not SanctionRecord.objects.exists()


# --- dismissal protections --------------------------------------------------------------------------------------


def test_hr_records_lists_and_ends_a_protection(world):
    client = client_for(world, "hr")
    response = client.post(
        reverse("demotion:protection_create"),
        {"cadre": "A001", "kind": "nursing", "starts_on": "2025-06-01", "ends_on": "", "note": "哺乳期"},
    )
    assert response.status_code == 302
    protection = DismissalProtection.objects.get(cadre=world.cadre)
    html = client.get(reverse("demotion:protection_list")).content.decode()
    assert "哺乳期" in html and "持续中" in html
    assert reverse("demotion:protection_end", args=[protection.pk]) in html
    # when HR ends it
    response = client.post(reverse("demotion:protection_end", args=[protection.pk]), {"ends_on": "2026-05-31"})
    assert response.status_code == 302
    protection.refresh_from_db()
    assert protection.ends_on == D(2026, 5, 31)
    # then a second ending finds nothing lasting
    response = client.post(reverse("demotion:protection_end", args=[protection.pk]), {"ends_on": "2026-06-30"})
    assert response.status_code == 404


def test_a_bad_end_date_is_shown_and_changes_nothing(world):
    protection = DismissalProtection.objects.create(cadre=world.cadre, kind="medical", starts_on=D(2025, 6, 1))
    response = client_for(world, "hr").post(
        reverse("demotion:protection_end", args=[protection.pk]), {"ends_on": "2025-05-01"}
    )
    assert response.status_code == 200 and "结束日期不能早于开始日期。" in response.content.decode()
    protection.refresh_from_db()
    assert protection.ends_on is None and not AuditLog.objects.filter(action="demotion.protection.end").exists()


def test_protections_are_scoped_and_not_shown_to_the_cadre(world):
    DismissalProtection.objects.create(cadre=world.other_cadre, kind="medical", starts_on=D(2025, 6, 1))
    assert "李四" not in client_for(world, "hr").get(reverse("demotion:protection_list")).content.decode()
    assert "李四" in client_for(world, "hr_other").get(reverse("demotion:protection_list")).content.decode()
    assert client_for(world, "other_cadre").get(reverse("demotion:protection_list")).status_code == 403


def test_a_bad_protection_form_says_why(world):
    response = client_for(world, "hr").post(
        reverse("demotion:protection_create"),
        {"cadre": "A001", "kind": "maternity", "starts_on": "2025-06-01", "ends_on": "2025-05-01"},
    )
    assert response.status_code == 200 and "结束日期不能早于开始日期。" in response.content.decode()
    assert not DismissalProtection.objects.exists()


# --- 我的档案 -----------------------------------------------------------------------------------------------------


def test_the_cadre_sees_their_own_running_waiting_periods(world):
    today = timezone.localdate()
    _measure(world.cadre, "admonishment", today - datetime.timedelta(days=10))
    _measure(world.other_cadre, "demoted", today - datetime.timedelta(days=10))
    html = client_for(world, "cadre").get(reverse("me")).content.decode()
    assert "影响期" in html and "诫勉" in html and "降职" not in html
    # and a cadre with nothing running gets no such section
    DismissalProtection.objects.all().delete()
    SanctionRecord.objects.filter(cadre=world.other_cadre).delete()
    assert "不得提拔至" not in client_for(world, "other_cadre").get(reverse("me")).content.decode()
