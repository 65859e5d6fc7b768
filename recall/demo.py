"""The demo's 回炉再造 (registered with org.demo; runs after the scoring demo, which publishes the year before the demo
year): the bureau's recall policy (in force three years back), one recall batch in progress with

- a red card from two yellow cards on a 所长, proposed and waiting for the party group, and one yellow card on another
  所长 (one more makes a red card: the early warning);
- a cadre graded 基本称职 ordered back and now in frontline retraining (the demo's step-down applicant, who signs
  in as `rangxian`; a cadre without an account gets `zhaohui`);
- a competition loser whose evaluation failed, now in a secondary assignment with its follow-up running;
- the other 基本称职 / 不称职 cadres of the published year proposed from the data, waiting for the party group.

Everything goes through the services, dated in the past as an office would have done it."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.selectors import published
from org.models import Cadre, Organization, Post, Unit
from org.services import cadre_update
from recall.models import Card, RecallCase, TrainingRecord
from recall.services.batches import recall_batch_create, recall_batch_propose
from recall.services.cards import card_approve, card_record
from recall.services.cases import recall_case_decide
from recall.services.competitions import competition_loss_record
from recall.services.outcomes import recall_case_reassign
from recall.services.policies import recall_policy_create
from recall.services.stages import (
    recall_case_evaluate,
    recall_case_start_evaluation,
    recall_case_start_retraining,
    training_record_add,
)

RECALLED_USERNAME = "zhaohui"
DAY = datetime.timedelta(days=1)


def _account(cadre: Cadre):
    if cadre.user_id:
        return cadre.user
    account = get_user_model().objects.create_user(
        username=RECALLED_USERNAME, password=settings.CADRE_DEMO_PASSWORD, first_name=cadre.name
    )
    cadre_update(cadre=cadre, user=account, reason="演示:召回干部登录账号")
    return account


def _train(case: RecallCase, hr, start: datetime.date, today: datetime.date) -> None:
    training_record_add(
        case=case, actor=hr, kind=TrainingRecord.Kind.TALK, held_on=min(start + 2 * DAY, today),
        content="组织部门与本人谈心谈话,指出存在问题,明确回炉锻炼要求。", today=today,
    )  # fmt: skip
    training_record_add(
        case=case, actor=hr, kind=TrainingRecord.Kind.PARTY_EDUCATION, held_on=min(start + 5 * DAY, today),
        content="参加专题党性教育集训,学习党章党规,撰写党性分析材料。", today=today,
    )  # fmt: skip


def _frontline(organization: Organization) -> Unit | None:
    return Unit.objects.filter(organization=organization, kind=Unit.Kind.STATION).order_by("sort_order").last()


def demo_recall_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    publication = published.publication_state(organization_id=organization.pk, year=year - 1)
    if not publication.published:
        return
    User = get_user_model()
    hr, dangzu = User.objects.get(username="hr"), User.objects.get(username="dangzu")
    today = timezone.localdate()
    recall_policy_create(
        organization=organization,
        actor=hr,
        effective_from=datetime.date(year - 3, 5, 1),
        name="不胜任现职干部召回管理办法(试行)",
        document_no=f"党组发〔{year - 3}〕8号",
        reason="党组会议审议通过",
    )
    batch = recall_batch_create(
        organization=organization,
        name=f"{year}年第一批召回",
        year=year - 1,
        actor=hr,
        note="综合全程积分、竞聘和年度考核结果",
    )
    frontline = _frontline(organization)

    # A competition loser, recalled months ago: retrained, failed the evaluation, now in a secondary assignment.
    staff = (
        Cadre.objects.filter(organization=organization, user__isnull=True, appointments__isnull=True)
        .order_by("employee_no")
        .first()
    )
    start = today - 250 * DAY
    loss = None
    if staff is not None:
        loss = competition_loss_record(
            cadre=staff, competition="机关中层岗位全员竞聘", held_on=start - 40 * DAY, post_sought="综合执法科副科长",
            actor=hr, today=today,
        )  # fmt: skip

    # A 所长 with two yellow cards from the points assessment: the second one makes a red card, proposed at once.
    heads = Post.objects.filter(unit__organization=organization, unit__kind=Unit.Kind.STATION, name="所长")
    head = (
        Cadre.objects.filter(appointments__post__in=heads, appointments__end_date__isnull=True, user__isnull=True)
        .order_by("-employee_no")
        .first()
    )
    if head is not None:
        for days, reason in (
            (200, "全程积分考核:辖区食品安全专项整治推进不力,被通报"),
            (30, "全程积分考核:投诉举报处置超时"),
        ):
            card = card_record(
                cadre=head, color=Card.Color.YELLOW, issued_on=today - days * DAY, reason=reason,
                evidence_note="局党组会议纪要", actor=hr, today=today,
            )  # fmt: skip
            card_approve(card=card, actor=dangzu, reason="经局党组研究,予以认定。")

    # Another 所长 with one yellow card: one more within the window makes a red card (黄牌临界预警).
    second = (
        Cadre.objects.filter(appointments__post__in=heads, appointments__end_date__isnull=True, user__isnull=True)
        .exclude(pk=getattr(head, "pk", None))
        .order_by("-employee_no")
        .first()
    )
    if second is not None:
        card = card_record(
            cadre=second, color=Card.Color.YELLOW, issued_on=today - 45 * DAY,
            reason="全程积分考核:市场主体年报抽查任务未按期完成", evidence_note="局党组会议纪要", actor=hr, today=today,
        )  # fmt: skip
        card_approve(card=card, actor=dangzu, reason="经局党组研究,予以认定。")

    recall_batch_propose(batch=batch, actor=hr)
    proposed = {case.cadre_id: case for case in RecallCase.objects.filter(batch=batch)}

    if loss is not None and staff.pk in proposed:
        case = proposed[staff.pk]
        recall_case_decide(case=case, actor=dangzu, recall=True, reason="经局党组研究,予以召回。", today=start)
        _train(case, hr, start, today)
        recall_case_start_retraining(
            case=case, actor=hr, start=start + 10 * DAY, placement="一线执法岗位", placement_unit=frontline, today=today
        )
        end = case.retraining_end
        recall_case_start_evaluation(case=case, actor=hr, today=end)
        recall_case_evaluate(
            case=case, actor=hr, home_opinion="回炉期间工作被动,仍不能胜任原岗位要求。", home_passed=False,
            org_opinion="考核不合格。", org_passed=False, evaluated_on=end + 3 * DAY, today=today,
        )  # fmt: skip
        recall_case_reassign(
            case=case, actor=hr, reassigned_on=end + 7 * DAY, reassignment="调配至档案管理岗位", today=today
        )

    basic = [
        r.cadre_id
        for r in published.final_results(organization_id=organization.pk, year=year - 1, grades=[published.BASIC])
        if r.cadre_id in proposed and proposed[r.cadre_id].state == RecallCase.State.PROPOSED
    ]
    candidates = Cadre.objects.filter(pk__in=basic).order_by("employee_no")
    cadre = candidates.first()
    if cadre is not None:
        case = proposed[cadre.pk]
        _account(cadre)
        ordered_on = min(max(publication.published_on or today, today - 40 * DAY), today)
        recall_case_decide(case=case, actor=dangzu, recall=True, reason="经局党组研究,予以召回。", today=ordered_on)
        _train(case, hr, ordered_on, today)
        recall_case_start_retraining(
            case=case, actor=hr, start=min(ordered_on + 10 * DAY, today), placement="基层所一线监管岗位",
            placement_unit=frontline, today=today,
        )  # fmt: skip
