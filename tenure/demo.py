"""The tenure part of the demo bureau (org.demo): the bureau's 任期制 policy (principals serve terms, deputies
contracts), four subordinate institutions (局属事业单位) with their 主任 and 副主任, and, through the services:

- two principals appointed across the 30 June line of last year — decided on 30 June (the term starts on 1 January
  of last year) and on 1 July (on 1 January of this year);
- a principal who left 信息中心 mid-term by exchange, and the successor who finishes (inherits) that term;
- a principal re-appointed (连任) by the committee at the end of a first term, now in the second: at the two-term cap;
- goals of last year approved and of this year in every state, and overall goals of a term;
- last year's annual term evaluation, scored by its team, ranked and confirmed by the committee;
- a departure audit of the exchanged principal in rectification, which holds her (待岗).

The dates are the demo's own (relative to the demo year and today), so the pages look alive whenever it is loaded.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from common.workdays import add_working_days
from org import services as org_services
from org.models import Appointment, Organization, Post, Unit
from tenure.models import EconomicAudit, EvaluationRound, GoalArea, Placement, Term, TermEvaluation
from tenure.selectors.evaluations import goals_of
from tenure.services import audits, evaluation_decisions, evaluations, goals, placements
from tenure.services.policy import evaluation_system_save, policy_defaults, tenure_policy_create

INSTITUTIONS = ["食品药品检验检测中心", "消费者投诉举报中心", "信息中心", "特种设备检验所"]
NAMES = ["秦立华", "韩思远", "龚晓梅", "邱建平", "邵文博", "殷红霞", "尹国强", "覃雪松", "严春雨"]
DOC = "示市监任〔{year}〕{n}号"
ANNUAL_GOALS = [
    (GoalArea.DUTIES, "完成年度检验检测任务", "quantified", 1200, "批次"),
    (GoalArea.INTEGRITY, "落实党风廉政建设责任制", "described", None, ""),
    (GoalArea.TEAM, "干部职工业务培训", "quantified", 4, "期"),
]


def _users():
    users = get_user_model().objects
    return users.get(username="hr"), users.get(username="dangzu"), users.get(username="pingyi")


def _cadre(organization, unit, index: int, birth_year: int):
    return org_services.cadre_create(
        organization=organization,
        employee_no=f"YYT{index + 1:03d}",
        unit=unit,
        name=NAMES[index],
        gender="F" if NAMES[index] in ("龚晓梅", "殷红霞", "严春雨") else "M",
        birth_date=datetime.date(birth_year, 5, 1),
        rank_grade="二级主任科员",
        work_start_date=datetime.date(birth_year + 22, 7, 1),
    )


def _appoint(cadre, post, start, decided, n):
    return org_services.appointment_start(
        cadre=cadre,
        post=post,
        start_date=start,
        document_no=DOC.format(year=decided.year, n=n),
        document_date=decided,
        reason="示例数据",
    )


def _structure(organization: Organization, year: int) -> dict:
    root = Unit.objects.get(organization=organization, parent__isnull=True)
    parent = org_services.unit_create(
        organization=organization, parent=root, name="局属事业单位", kind=Unit.Kind.OTHER, sort_order=4
    )
    posts = {}
    for i, name in enumerate(INSTITUTIONS, 1):
        unit = org_services.unit_create(
            organization=organization, parent=parent, name=name, kind=Unit.Kind.OTHER, sort_order=i
        )
        posts[name] = (
            org_services.post_create(unit=unit, name="主任", kind=Post.Kind.PRINCIPAL),
            org_services.post_create(unit=unit, name="副主任", kind=Post.Kind.DEPUTY),
        )
    team = Unit.objects.get(organization=organization, name="局领导班子")
    return {"root": root, "institutions": parent, "team": team, "posts": posts}


def _people(organization: Organization, year: int, s: dict, dangzu) -> dict:
    center, complaints, info, special = (s["posts"][name] for name in INSTITUTIONS)
    home = {"秦立华": center, "韩思远": complaints, "龚晓梅": special, "邱建平": info, "邵文博": special}
    home |= {"殷红霞": center, "尹国强": complaints, "覃雪松": info, "严春雨": center}
    p = {name: _cadre(organization, home[name][0].unit, i, 1968 + i) for i, name in enumerate(NAMES)}
    # Across the 30 June line: decided on 30 June (term from 1 January that year), on 1 July (from the next).
    _appoint(p["秦立华"], center[0], datetime.date(year - 1, 7, 1), datetime.date(year - 1, 6, 30), 31)
    _appoint(p["韩思远"], complaints[0], datetime.date(year - 1, 7, 8), datetime.date(year - 1, 7, 1), 32)
    # Inherited: 龚晓梅 leaves 信息中心 mid-term by exchange; 邱建平 finishes her term.
    gong = _appoint(p["龚晓梅"], info[0], datetime.date(year - 4, 3, 1), datetime.date(year - 4, 2, 20), 5)
    org_services.appointment_end(
        appointment=gong,
        end_date=datetime.date(year - 2, 6, 1),
        end_reason=Appointment.EndReason.EXCHANGE,
        document_no=DOC.format(year=year - 2, n=12),
        document_date=datetime.date(year - 2, 5, 25),
        reason="示例数据:交流任职",
    )
    _appoint(p["龚晓梅"], special[1], datetime.date(year - 2, 6, 1), datetime.date(year - 2, 5, 25), 13)
    _appoint(p["邱建平"], info[0], datetime.date(year - 2, 6, 1), datetime.date(year - 2, 5, 25), 14)
    # Two terms in one post: re-appointed by the committee at the end of the first.
    first = _appoint(p["邵文博"], special[0], datetime.date(year - 9, 3, 1), datetime.date(year - 9, 2, 15), 3)
    term = Term.objects.get(appointment=first, seq=1)
    placements.placement_record(
        term=term,
        actor=dangzu,
        outcome=Placement.Outcome.REAPPOINT,
        effective_on=term.ends_on + datetime.timedelta(days=1),
        document_no=DOC.format(year=year - 5, n=40),
        document_date=datetime.date(year - 5, 12, 20),
        note="示例数据:第一任期考核称职,群众拥护,予以连任",
    )
    # Deputies on contracts (聘任制).
    _appoint(p["殷红霞"], center[1], datetime.date(year - 3, 9, 1), datetime.date(year - 3, 8, 25), 21)
    _appoint(p["尹国强"], complaints[1], datetime.date(year - 2, 4, 1), datetime.date(year - 2, 3, 20), 9)
    return p


def _goals(organization, year: int, s: dict, hr, dangzu) -> None:
    units = [s["team"], *(posts[0].unit for posts in s["posts"].values())]
    for unit in units:
        for area, title, kind, target, measure in ANNUAL_GOALS:
            values = {"responsibility": "shared", "scope": "annual", "year": year - 1, "area": area, "kind": kind}
            values |= {"title": title, "target": target, "measure_unit": measure, "weight": 10}
            if kind == "described":
                values["description"] = "签订党风廉政建设责任书,开展廉政风险排查,全年无违纪违法案件。"
            goal = goals.goal_propose(unit=unit, actor=hr, values=values, reason="示例数据")
            goals.goal_review(goal=goal, actor=hr)
            goals.goal_approve(goal=goal, actor=dangzu, note="示例数据:党组会议研究通过")
    center = s["posts"][INSTITUTIONS[0]][0].unit
    this_year = [
        ("approved", GoalArea.DUTIES, "全年完成食品抽检", 1500),
        ("approved", GoalArea.PRIORITIES, "建成快检实验室", 1),
        ("reviewed", GoalArea.GRASSROOTS, "党支部标准化建设达标", 1),
        ("proposed", GoalArea.CIVILITY, "创建文明单位", 1),
        ("returned", GoalArea.OTHER, "检测报告出具时限压缩", 5),
    ]
    for state, area, title, target in this_year:
        values = {"responsibility": "shared", "scope": "annual", "year": year, "area": area, "kind": "quantified"}
        goal = goals.goal_propose(unit=center, actor=hr, values={**values, "title": title, "target": target})
        if state in ("approved", "reviewed"):
            goals.goal_review(goal=goal, actor=hr)
        if state == "approved":
            goals.goal_approve(goal=goal, actor=dangzu)
        if state == "returned":
            goals.goal_return(goal=goal, actor=hr, note="目标值偏低,请结合上年完成情况调整")
    overall = {"responsibility": "shared", "scope": "overall", "year": year - 1, "end_year": year + 3}
    goal = goals.goal_propose(
        unit=center,
        actor=hr,
        values={**overall, "area": GoalArea.PLANNING, "kind": "described", "title": "任期内通过国家级资质认定",
                "description": "任期内完成检验检测机构资质认定扩项,通过国家级复评审。"},
    )  # fmt: skip
    goals.goal_review(goal=goal, actor=hr)
    goals.goal_approve(goal=goal, actor=dangzu)


def _evaluation(organization, year: int, hr, dangzu, pingyi, rng) -> None:
    round_ = evaluations.evaluation_round_open(
        organization=organization, year=year - 1, stage=EvaluationRound.Stage.ANNUAL, actor=hr
    )
    evaluations.evaluation_team_set(round_=round_, users=[pingyi], actor=hr, reason="示例数据:局考评组")
    scored = set()
    for row in TermEvaluation.objects.filter(round=round_).select_related("post", "cadre"):
        for goal in goals_of(row, round_):
            if goal.pk not in scored:
                evaluations.attainment_record(
                    round_=round_, goal=goal, score=rng.randint(72, 99), actual="已完成", actor=pingyi
                )
                scored.add(goal.pk)
    scores = {row.pk: rng.randint(78, 96) for row in TermEvaluation.objects.filter(round=round_)}
    evaluations.democratic_apply(
        round_=round_, scores=scores, source="import", actor=hr, reason="示例数据:民意测评汇总"
    )
    evaluations.evaluation_round_rank(round_=round_, actor=hr)
    chosen = [g["tied"][i].pk for g in evaluation_decisions.tie_groups(round_) for i in range(g["slots"])]
    if chosen or evaluation_decisions.tie_groups(round_):
        evaluation_decisions.evaluation_round_settle(
            round_=round_, chosen_ids=chosen, actor=dangzu, reason="示例数据:党组会议研究"
        )
    evaluation_decisions.evaluation_round_close(round_=round_, actor=dangzu)


def _audit(people: dict, hr, today: datetime.date) -> None:
    gong = people["龚晓梅"]
    audit = audits.audit_plan(
        cadre=gong,
        actor=hr,
        kind=EconomicAudit.Kind.DEPARTURE,
        period_from=datetime.date(today.year - 4, 3, 1),
        period_to=datetime.date(today.year - 2, 5, 31),
        appointment=Appointment.objects.filter(cadre=gong, end_date__isnull=False).first(),
        reason="示例数据:离任经济责任审计",
    )
    served = today - datetime.timedelta(days=100)
    fieldwork = add_working_days(served, 3)
    audits.audit_notify(audit=audit, actor=hr, notice_no=f"示审通〔{served.year}〕8号", served_on=served,
                        fieldwork_from=fieldwork)  # fmt: skip
    audits.audit_fieldwork_start(audit=audit, actor=hr, on=fieldwork)
    draft = today - datetime.timedelta(days=60)
    audits.audit_draft_send(audit=audit, actor=hr, sent_on=draft)
    audits.audit_reply(
        audit=audit, actor=hr, text="对审计发现的问题无异议,将认真整改。", replied_on=draft + datetime.timedelta(days=5)
    )
    audits.audit_report(
        audit=audit,
        actor=hr,
        reported_on=today - datetime.timedelta(days=40),
        report_no=f"示审报〔{today.year}〕3号",
        rating=EconomicAudit.Rating.MINOR,
        findings="部分政府采购项目未按规定履行比选程序;固定资产账实不符。",
    )
    audits.audit_rectify(audit=audit, actor=hr, due=today + datetime.timedelta(days=40))


def demo_tenure_load(*, organization: Organization, year: int, rng) -> None:
    hr, dangzu, pingyi = _users()
    today = timezone.localdate()
    values = policy_defaults() | {"basis": "示例县市场监管局科级领导干部任期制实施办法"}
    tenure_policy_create(
        organization=organization, actor=hr, effective_from=datetime.date(year - 20, 1, 1), values=values
    )
    structure = _structure(organization, year)
    evaluation_system_save(organization=organization, name="局领导班子", units=[structure["team"]], actor=hr)
    evaluation_system_save(organization=organization, name="局属事业单位", units=[structure["institutions"]], actor=hr)
    people = _people(organization, year, structure, dangzu)
    _goals(organization, year, structure, hr, dangzu)
    _evaluation(organization, year, hr, dangzu, pingyi, rng)
    _audit(people, hr, today)
