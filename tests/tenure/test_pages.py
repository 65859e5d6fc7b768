"""The tenure pages as their users see them: the term register (its columns, its query count whatever the number of
terms), the policy page (a new version, errors next to the fields, nothing saved on a bad one), the committee's
placement form, the goal pages, the round page's gate, the cadre's own pages and the staff's section on a cadre's
page."""

import datetime

from django.utils import timezone

from tenure.models import EvaluationRound, TenurePolicy
from tenure.services import audits
from tests.tenure.conftest import appoint, dismiss, make_policy, person, principal_post

D = datetime.date


def test_the_register_shows_each_term_and_costs_the_same_for_many(
    world, policy, as_persona, django_assert_max_num_queries
):
    client = as_persona("hr")
    post = principal_post(world, parent=world.unit_a)
    appoint(person(world, "甲", unit=post.unit), post, D(2025, 7, 1), decided=D(2025, 6, 30))
    with django_assert_max_num_queries(30) as few:
        body = client.get("/tenure/terms/").content.decode()
    assert "甲" in body and "2025-01-01" in body and "2029-12-31" in body and "第1任期" in body
    for i in range(15):
        post = principal_post(world, parent=world.unit_a)
        first = appoint(person(world, f"乙{i}", unit=post.unit), post, D(2012, 3, 1))
        dismiss(first, D(2017, 1, 1), reason="term_end")
        appoint(first.cadre, post, D(2017, 1, 1), decided=D(2016, 12, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/tenure/terms/").content.decode()
    assert "同一职务连续任职满 2 个任期" in body  # the caps reached are shown


def test_a_new_policy_version_from_the_page(world, policy, as_persona):
    client = as_persona("admin")
    form = client.get("/tenure/policy/").context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data |= {"effective_from": "2026-01-01", "performance_weight": "70", "democratic_weight": "20"}
    response = client.post("/tenure/policy/", {**data, "organization": world.org.pk})
    # the weights do not add up to 100: the page says so next to the field, nothing is saved
    assert response.status_code == 200
    assert "权重之和须为 100" in str(response.context["form"].errors["democratic_weight"])
    assert TenurePolicy.objects.filter(organization=world.org).count() == 1
    response = client.post("/tenure/policy/", {**data, "democratic_weight": "30", "organization": world.org.pk})
    assert response.status_code == 302
    assert TenurePolicy.objects.filter(organization=world.org).latest("version").performance_weight == 70
    # HR of a subtree reads it but may not change it
    assert as_persona("hr").post("/tenure/policy/", data).status_code == 403


def test_the_committee_places_from_the_term_page(world, policy, as_persona):
    # 李四's term as 城关所所长 ends on 31 December 2026: the form is offered to the committee only
    term = world.other_cadre.tenure_terms.order_by("seq").first()
    assert as_persona("hr_other").get(f"/tenure/terms/{term.pk}/").context["form"] is None
    client = as_persona("committee")
    assert client.get(f"/tenure/terms/{term.pk}/").context["form"] is not None
    response = client.post(
        f"/tenure/terms/{term.pk}/",
        {
            "outcome": "exchange",
            "effective_on": "2027-01-01",
            "document_no": "党组〔2026〕9号",
            "document_date": "2026-11-20",
        },
    )
    # an exchange needs the new post: said next to the field, nothing written
    assert response.status_code == 200 and "new_post" in response.context["form"].errors
    assert world.other_cadre.appointments.get(post=world.post_b).end_date is None


def test_the_round_page_lists_what_keeps_the_committee_from_confirming(world, policy, as_persona):
    EvaluationRound.objects.create(
        organization=world.org, year=2025, policy=policy, performance_weight=60, democratic_weight=40,
        basic_below=70, incompetent_below=60, excellent_quota="0.2",
    )  # fmt: skip
    from tenure.services.evaluations import evaluation_rows_sync

    round_ = EvaluationRound.objects.get()
    evaluation_rows_sync(round_=round_, actor=world.users["admin"])
    body = as_persona("committee").get(f"/tenure/evaluations/{round_.pk}/").content.decode()
    assert "尚未排序" in body and "李四缺少工作实绩得分" in body
    assert as_persona("committee").post(f"/tenure/evaluations/{round_.pk}/", {"action": "close"}).status_code == 302
    assert EvaluationRound.objects.get().state == "scoring"


def test_the_cadre_sees_their_terms_and_their_audit_reply(world, policy, as_persona):
    hr = world.users["hr_other"]
    audit = audits.audit_plan(
        cadre=world.other_cadre, actor=hr, kind="in_term", period_from=D(2022, 1, 10), period_to=D(2025, 12, 31)
    )
    audits.audit_notify(audit=audit, actor=hr, notice_no="审通", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5))
    audits.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    audits.audit_draft_send(audit=audit, actor=hr, sent_on=timezone.localdate())
    client = as_persona("other_cadre")
    me = client.get("/me/").content.decode()
    assert "我的任期" in me and "城关所所长" in me and "提出书面意见" in me
    mine = client.get("/tenure/mine/").content.decode()
    assert "第1任期" in mine and "2022-01-01" in mine
    response = client.post(f"/tenure/audits/{audit.pk}/", {"action": "reply", "reply-text": "无异议"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.reply_text == "无异议"


def test_the_cadre_page_shows_the_terms_and_a_hold(world, policy, as_persona):
    hr = world.users["hr_other"]
    audits.audit_notify(
        audit=audits.audit_plan(cadre=world.other_cadre, actor=hr, kind="in_term", period_from=D(2022, 1, 10), period_to=D(2025, 12, 31)),
        actor=hr, notice_no="审通", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5),
    )  # fmt: skip
    body = as_persona("hr_other").get(f"/org/cadres/{world.other_cadre.pk}/").content.decode()
    assert "第1任期" in body and "审计正在进行" in body


def test_goal_pages_propose_review_and_approve(world, policy, as_persona):
    data = {"unit": world.unit_a1.pk, "scope": "annual", "year": "2026", "area": "duties", "title": "快检",
            "kind": "quantified", "target": "", "responsibility": "shared", "weight": "10"}  # fmt: skip
    client = as_persona("hr")
    response = client.post("/tenure/goals/new/", data)
    assert response.status_code == 200 and "target" in response.context["form"].errors
    response = client.post("/tenure/goals/new/", data | {"target": "5"})
    assert response.status_code == 302
    url = response["Location"]
    assert client.post(url, {"action": "review", "review-note": ""}).status_code == 302
    # HR may not approve; the committee does
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert as_persona("committee").post(url, {"action": "approve", "approve-note": "通过"}).status_code == 302
    assert "已批准" in as_persona("cadre").get(url).content.decode()


def test_a_policy_that_puts_no_post_under_a_regime_is_refused(world, as_persona):
    make_policy(world)
    client = as_persona("admin")
    form = client.get("/tenure/policy/").context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False) and not k.startswith("regime_")}
    response = client.post("/tenure/policy/", {**data, "effective_from": "2026-02-01", "organization": world.org.pk})
    assert response.status_code == 200 and "请至少指定一类" in response.content.decode()
