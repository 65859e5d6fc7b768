"""任期制 end to end through the real pages: HR appoints one principal decided on 30 June 2025 and another on 1 July
2025 and finds their terms in the register (from 1 January 2025 and from 1 January 2026); the committee approves a
goal from 待决事项; a member of the evaluation team scores the year's goal; an open audit finding blocks a cadre's
transfer until HR closes the audit, after which the transfer goes through."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from org.models import Post
from org.services import post_create, unit_create
from tenure.models import EconomicAudit, EvaluationRound, GoalAttainment, TermGoal
from tenure.services import audits, evaluations, goals
from tests.browser.test_stepdown_flow import sign_in, sign_out
from tests.factories import CadreFactory
from tests.tenure.conftest import make_policy

pytestmark = pytest.mark.browser
D = datetime.date


def appoint_on_the_page(page, cadre, post, decided: str):
    page.goto(reverse("org:cadre_detail", kwargs={"pk": cadre.pk}))
    page.locator("#cadre-actions").get_by_role("link", name="任职").click()
    page.get_by_label("职务").select_option(label=f"{post.unit.name} · {post.name}")
    page.get_by_label("任职日期").fill(decided)
    page.get_by_label("任免文号").fill(f"测任〔2025〕{cadre.pk}号")
    page.get_by_label("任免决定日期").fill(decided)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已任命")).to_be_visible()


def test_terms_goals_scores_and_an_audit_hold_through_the_pages(page, browser_world):
    world = browser_world
    broken = []
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    make_policy(world)
    hr, admin = world.users["hr"], world.users["admin"]
    centers = [unit_create(organization=world.org, parent=world.unit_a, name=n) for n in ("检测中心", "投诉中心")]
    posts = [post_create(unit=u, name="主任", kind=Post.Kind.PRINCIPAL) for u in centers]
    jia = CadreFactory(organization=world.org, unit=centers[0], name="秦立华", employee_no="A101")
    yi = CadreFactory(organization=world.org, unit=centers[1], name="韩思远", employee_no="A102")

    # HR appoints the two principals, one on each side of 30 June, and sees their terms
    sign_in(page, "hr")
    appoint_on_the_page(page, jia, posts[0], "2025-06-30")
    appoint_on_the_page(page, yi, posts[1], "2025-07-01")
    page.goto(reverse("tenure:term_list"))
    register = page.locator("#term-register")
    expect(register.locator("tr", has_text="秦立华")).to_contain_text("2025-01-01")
    expect(register.locator("tr", has_text="秦立华")).to_contain_text("2029-12-31")
    expect(register.locator("tr", has_text="韩思远")).to_contain_text("2026-01-01")
    expect(register.locator("tr", has_text="韩思远")).to_contain_text("2030-12-31")
    sign_out(page)

    # The committee approves a reviewed goal from 待决事项
    values = {"responsibility": "shared", "scope": "annual", "year": 2025, "area": "duties", "kind": "quantified",
              "title": "全年食品抽检", "target": 1200, "measure_unit": "批次", "weight": 20}  # fmt: skip
    goal = goals.goal_propose(unit=centers[0], actor=hr, values=values)
    goals.goal_review(goal=goal, actor=hr)
    sign_in(page, "committee")
    page.goto(reverse("committee_home"))
    page.locator("#panel-tenure-goals").get_by_role("link", name=re.compile("全年食品抽检")).click()
    page.get_by_role("button", name="批准").click()
    expect(page.get_by_role("alert").filter(has_text="党组已批准")).to_be_visible()
    assert TermGoal.objects.get(pk=goal.pk).state == "approved"
    sign_out(page)

    # A member of the evaluation team scores the year's goal
    round_ = evaluations.evaluation_round_open(organization=world.org, year=2025, stage="annual", actor=admin)
    evaluations.evaluation_team_set(round_=round_, users=[world.users["rater"]], actor=admin)
    sign_in(page, "rater")
    page.goto(reverse("tenure:round_list"))
    page.get_by_role("link", name="2025年年度考评").click()
    page.locator("#round-rows").get_by_role("link", name="秦立华").click()
    page.get_by_label("完成得分 全年食品抽检").fill("92")
    page.get_by_label("完成情况 全年食品抽检").fill("完成 1350 批次")
    page.locator("#goal-lines").get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    expect(page.locator("#scores")).to_contain_text("92.00")
    assert GoalAttainment.objects.get(round=round_, goal=goal).score == 92
    sign_out(page)

    # An audit finding holds 秦立华: the transfer is refused with the reason until HR closes the audit
    audit = audits.audit_plan(cadre=jia, actor=hr, kind="in_term", period_from=D(2025, 7, 1), period_to=D(2025, 12, 31))
    audits.audit_notify(
        audit=audit, actor=hr, notice_no="审通1号", served_on=D(2026, 3, 2), fieldwork_from=D(2026, 3, 5)
    )
    audits.audit_fieldwork_start(audit=audit, actor=hr, on=D(2026, 3, 5))
    audits.audit_draft_send(audit=audit, actor=hr, sent_on=D(2026, 4, 1))
    audits.audit_report(audit=audit, actor=hr, reported_on=D(2026, 4, 20), rating="minor", findings="采购未比选")
    audits.audit_rectify(audit=audit, actor=hr, due=D(2026, 9, 30))
    sign_in(page, "hr")
    page.goto(reverse("org:cadre_edit", kwargs={"pk": jia.pk}))
    page.get_by_label("所在单位").select_option(value=str(centers[1].pk))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback", has_text="待岗")).to_be_visible()
    jia.refresh_from_db()
    assert jia.unit_id == centers[0].pk
    page.goto(reverse("tenure:audit_detail", kwargs={"pk": audit.pk}))
    close = page.locator("#step-close")
    close.get_by_label("整改情况").fill("已完成整改,补办比选手续")
    close.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert").filter(has_text="审计已办结")).to_be_visible()
    assert EconomicAudit.objects.get(pk=audit.pk).state == "closed"
    page.goto(reverse("org:cadre_edit", kwargs={"pk": jia.pk}))
    page.get_by_label("所在单位").select_option(value=str(centers[1].pk))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    jia.refresh_from_db()
    assert jia.unit_id == centers[1].pk
    assert EvaluationRound.objects.get(pk=round_.pk).state == "scoring"
    assert broken == []
