"""The commitment letters' pages: the staff list with its filters, the cadre's reading and signing, the print
page, the cadre's own list and 我的档案 panel, and the policy page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditLog
from demotion.models import CommitmentLetter, StepDownPolicy
from demotion.services.letters import commitment_letter_sign, commitment_letters_sync
from org.models import Post, RoleAssignment
from org.services import appointment_start, role_assign
from tests.demotion.test_letters_support import zhang_letter
from tests.factories import CadreFactory, PostFactory, UserFactory


def _text(response) -> str:
    return response.content.decode()


def _fresh_letter(world, name="赵六", days_ago=3):
    """A letter not yet due: a middle manager appointed a few days ago in 综合科一组."""
    cadre = CadreFactory(unit=world.unit_a1, organization=world.org, name=name)
    post = PostFactory(unit=world.unit_a1, name=f"{name}的职务", kind=Post.Kind.MIDDLE)
    appointment = appointment_start(
        cadre=cadre, post=post, start_date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    commitment_letters_sync(organization=world.org)
    return CommitmentLetter.objects.get(appointment=appointment)


# --- the list -------------------------------------------------------------------------------------------------


def test_the_list_shows_overdue_letters_highlighted_with_days_overdue(world, as_persona):
    letter = zhang_letter(world)
    response = as_persona("hr").get(reverse("demotion:letter_list"))
    body = _text(response)
    days = (timezone.localdate() - letter.due_date).days
    assert response.status_code == 200
    assert "张三" in body and "table-danger" in body
    assert f"逾期 {days} 天" in body


def test_the_list_filters_and_counts(world, as_persona):
    zhang_letter(world)
    fresh = _fresh_letter(world)
    signed = _fresh_letter(world, name="钱七")
    CommitmentLetter.objects.filter(pk=signed.pk).update(signed_at=timezone.now(), signed_name="钱七")
    client = as_persona("hr")
    counts = client.get(reverse("demotion:letter_list")).context["counts"]
    assert counts == {"all": 3, "unsigned": 2, "overdue": 1, "signed": 1}

    def names(status):
        page = client.get(reverse("demotion:letter_list"), {"status": status}).context["page"]
        return sorted(letter.cadre.name for letter in page)

    assert names("unsigned") == sorted(["张三", fresh.cadre.name])
    assert names("overdue") == ["张三"]
    assert names("signed") == ["钱七"]
    assert names("bogus") == sorted(["张三", "赵六", "钱七"])


def test_the_list_is_scoped(world, as_persona):
    zhang_letter(world)
    assert "张三" not in _text(as_persona("hr_other").get(reverse("demotion:letter_list")))
    assert "张三" in _text(as_persona("committee").get(reverse("demotion:letter_list")))


def test_the_list_has_a_fixed_number_of_queries(world, as_persona, django_assert_max_num_queries):
    zhang_letter(world)
    client = as_persona("hr")
    client.get(reverse("demotion:letter_list"))  # warm the session and the caches
    with django_assert_max_num_queries(13) as few:  # +1: the read is recorded (common.read_audit)
        client.get(reverse("demotion:letter_list"))
    for i in range(6):
        _fresh_letter(world, name=f"新任{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("demotion:letter_list"))
    assert response.context["page"].paginator.count == 7


# --- reading and signing --------------------------------------------------------------------------------------


def test_the_cadre_reads_and_signs_his_letter(world, as_persona):
    letter = zhang_letter(world)
    client = as_persona("cadre")
    page = _text(client.get(reverse("demotion:letter_detail", kwargs={"pk": letter.pk})))
    assert "主动让贤申请书" in page and 'name="signed_name"' in page

    response = client.post(
        reverse("demotion:letter_detail", kwargs={"pk": letter.pk}), {"signed_name": " 张三 ", "confirm": "1"}
    )

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.signed_name == "张三" and letter.signed_by == world.users["cadre"]
    page = _text(client.get(reverse("demotion:letter_detail", kwargs={"pk": letter.pk})))
    assert 'name="signed_name"' not in page
    assert "逾期签署" in page  # due 2023-04-01, signed today
    assert timezone.localtime(letter.signed_at).strftime("%Y-%m-%d %H:%M") in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"signed_name": "李四", "confirm": "1"}, "签名须与本人姓名一致"),
        ({"signed_name": "", "confirm": "1"}, "请输入本人姓名作为签名。"),
        ({"signed_name": "张三"}, "请确认已阅读并同意承诺书内容。"),
    ],
)
def test_a_wrong_signature_is_shown_next_to_the_field_and_changes_nothing(world, as_persona, data, message):
    letter = zhang_letter(world)
    audit = AuditLog.objects.count()
    response = as_persona("cadre").post(reverse("demotion:letter_detail", kwargs={"pk": letter.pk}), data)
    assert response.status_code == 200
    assert message in _text(response) and "invalid-feedback" in _text(response)
    letter.refresh_from_db()
    assert not letter.is_signed and AuditLog.objects.count() == audit


def test_staff_read_but_cannot_sign(world, as_persona):
    letter = zhang_letter(world)
    client = as_persona("hr")
    page = _text(client.get(reverse("demotion:letter_detail", kwargs={"pk": letter.pk})))
    assert "张三" in page and 'name="signed_name"' not in page and "等待承诺人本人" in page
    response = client.post(
        reverse("demotion:letter_detail", kwargs={"pk": letter.pk}), {"signed_name": "张三", "confirm": "1"}
    )
    assert response.status_code == 403
    letter.refresh_from_db()
    assert not letter.is_signed


def test_the_print_page(world, as_persona, settings):
    letter = zhang_letter(world)
    commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    letter.refresh_from_db()
    body = _text(as_persona("hr").get(reverse("demotion:letter_print", kwargs={"pk": letter.pk})))
    # the A4 print layout is a stylesheet of its own (no inline style under the Content-Security-Policy)
    assert "css/letter-print.css" in body
    assert "@media print" in (settings.BASE_DIR / "static" / "css" / "letter-print.css").read_text()
    assert "主动让贤承诺书" in body and "张三" in body
    assert 'class="letter-signed-name">张三<' in body
    assert timezone.localtime(letter.signed_at).strftime("%Y年%-m月%-d日 %H:%M") in body


def test_my_letters_and_the_panel(world, as_persona):
    letter = zhang_letter(world)
    client = as_persona("cadre")
    assert "综合科一组组长" in _text(client.get(reverse("demotion:my_letters")))
    me = _text(client.get(reverse("me")))
    assert "待签署的主动让贤承诺书" in me
    assert reverse("demotion:letter_detail", kwargs={"pk": letter.pk}) in me
    # 李四 has no letter
    assert "综合科" not in _text(as_persona("other_cadre").get(reverse("demotion:my_letters")))
    # once signed, the panel is gone
    commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    assert "待签署的主动让贤承诺书" not in _text(client.get(reverse("me")))


# --- the policy -----------------------------------------------------------------------------------------------


def _hr_all(world, as_persona):
    user = UserFactory(username="hr_all")
    role_assign(user=user, role=RoleAssignment.Role.HR, organization=world.org)
    client = as_persona("hr")
    client.force_login(user)
    return client


def test_subtree_hr_and_the_committee_read_the_policy(world, as_persona):
    zhang_letter(world)
    for persona in ["hr", "committee"]:
        body = _text(as_persona(persona).get(reverse("demotion:policy")))
        assert "2020-01-01" in body and '<form method="post"' not in body


def test_organization_wide_hr_edit_the_policy(world, as_persona):
    zhang_letter(world)
    client = _hr_all(world, as_persona)
    assert '<form method="post"' in _text(client.get(reverse("demotion:policy")))
    response = client.post(
        reverse("demotion:policy"),
        {"letters_from": "2024-01-01", "letter_months": "2", "application_working_days": "5", "reason": "纪要"},
    )
    assert response.status_code == 302
    policy = StepDownPolicy.objects.get()
    assert (policy.letters_from, policy.letter_months, policy.application_working_days) == (
        datetime.date(2024, 1, 1),
        2,
        5,
    )
    assert AuditLog.objects.filter(action="demotion.policy.update").count() == 1
    assert "修改主动让贤办法" in _text(client.get(reverse("demotion:policy")))


def test_a_bad_policy_value_is_shown_next_to_its_field(world, as_persona):
    zhang_letter(world)
    client = _hr_all(world, as_persona)
    response = client.post(
        reverse("demotion:policy"),
        {"letters_from": "2024-01-01", "letter_months": "0", "application_working_days": "5"},
    )
    assert response.status_code == 200
    assert "签署期限至少 1 个月。" in _text(response)
    assert StepDownPolicy.objects.get().letter_months == 1


def test_subtree_hr_cannot_post_the_policy(world, as_persona):
    zhang_letter(world)
    response = as_persona("hr").post(
        reverse("demotion:policy"),
        {"letters_from": "2024-01-01", "letter_months": "2", "application_working_days": "5"},
    )
    assert response.status_code == 403
    assert StepDownPolicy.objects.get().letter_months == 1


def test_signing_twice_on_the_page_says_why(world, as_persona):
    letter = zhang_letter(world)
    client = as_persona("cadre")
    url = reverse("demotion:letter_detail", kwargs={"pk": letter.pk})
    client.post(url, {"signed_name": "张三", "confirm": "1"})
    response = client.post(url, {"signed_name": "张三", "confirm": "1"})
    assert response.status_code == 200 and "不能重复签署" in _text(response)
    assert AuditLog.objects.filter(action="demotion.letter.sign").count() == 1


def test_staff_see_the_letters_history_in_words(world, as_persona):
    letter = zhang_letter(world)
    commitment_letter_sign(letter=letter, actor=world.users["cadre"], signed_name="张三")
    body = _text(as_persona("hr").get(reverse("demotion:letter_detail", kwargs={"pk": letter.pk})))
    assert "生成主动让贤承诺书" in body and "签署主动让贤承诺书" in body
