"""The demo's scoring: the year's four-part scheme (沂源县市场监管局's), the party group rating the 32 heads, scores in every
period that has ended (the current one half done), and a few points and vetoes, approved or awaiting the
committee.

For the fairness analytics to have something to show, two things are planted:
- a panel of five deputies (考核组) also rates every head on the quarterly review, and one of them, the
  first by 工号, rates LENIENT_POINTS above what the others give: the rater leniency page flags that rater alone;
- the year before ranked all 32 heads in one group (中层正职组), and there the station heads (所) scored
  STATION_SHIFT points above the office heads (科室): the group fairness page finds the difference and suggests
  the split into two groups this year's groups already make.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import PointItem, Publication, Scheme, VetoItem
from assessments.selectors.ties import tie_groups
from assessments.services import (
    period_close,
    period_open,
    point_entry_decide,
    point_entry_record,
    rater_assign_bulk,
    scheme_create,
    scores_write_many,
    veto_entry_decide,
    veto_entry_record,
)
from assessments.services.publication import posting_start, publication_publish, run_confirm
from assessments.services.results import results_run_create, results_run_execute
from assessments.services.scores import ScoreRow
from assessments.services.ties import tie_group_decide
from org.models import AssessmentGroup, Cadre, Organization, Unit
from org.services import cadre_update, group_create, group_member_set

LENIENT_POINTS = 6.0
STATION_SHIFT = 6.0
PANEL_SIZE = 5
EARLIER_GROUP = "中层正职组"


def _value(rng: random.Random, ability: float) -> Decimal:
    raw = min(99.0, max(55.0, rng.gauss(ability, 3.0)))
    return Decimal(round(raw * 2) / 2).quantize(Decimal("0.01"))


def demo_scoring_load(*, organization: Organization, year: int, rng: random.Random) -> Scheme:
    """The demo year (scored up to today) and the year before it (fully scored, its groups as this year's)."""
    User = get_user_model()
    hr = User.objects.get(username="hr")
    leaders = list(Cadre.objects.filter(organization=organization, unit__name="局领导班子").order_by("employee_no"))
    for number, leader in enumerate(leaders, 1):
        if leader.user_id is None:  # every rater signs in to score; the other deputies get quiet accounts
            account = User.objects.create_user(
                username=f"fujuzhang{number}", password=settings.CADRE_DEMO_PASSWORD, first_name=leader.name
            )
            cadre_update(cadre=leader, user=account)
            leader.user = account
    for number, member in enumerate(_panel(organization), 1):
        if member.user_id is None:  # the 考核组's members sign in to score too
            account = User.objects.create_user(
                username=f"kaohezu{number}", password=settings.CADRE_DEMO_PASSWORD, first_name=member.name
            )
            cadre_update(cadre=member, user=account)
    # The year before, every head was ranked in one group.
    earlier = group_create(organization=organization, year=year - 1, name=EARLIER_GROUP, actor=hr)
    for group in AssessmentGroup.objects.filter(organization=organization, year=year).order_by("name"):
        for membership in group.memberships.select_related("cadre").order_by("cadre__employee_no"):
            group_member_set(group=earlier, cadre=membership.cadre, actor=hr)
    _scheme_load(organization=organization, year=year - 1, rng=rng, leaders=leaders, station_shift=STATION_SHIFT)
    _publish(organization=organization, year=year - 1)
    return _scheme_load(organization=organization, year=year, rng=rng, leaders=leaders)


def _publish(*, organization: Organization, year: int) -> None:
    """The year before goes all the way: computed, ties settled and confirmed by the party group, 优秀 posted for five
    working days in January, then published; its cadres see their results and its bottom set is known."""
    User = get_user_model()
    hr, dangzu = User.objects.get(username="hr"), User.objects.get(username="dangzu")
    run = results_run_execute(
        run_id=results_run_create(organization=organization, year=year, actor=hr, reason="年终考核", enqueue=False).pk
    )
    for tie in tie_groups(run):
        # The party group settles each tie in its meeting; the demo's minutes simply take them in 工号 order.
        rows = sorted((result for result, _ in tie.rows), key=lambda r: r.cadre.employee_no)
        tie_group_decide(
            run=run,
            group_id=tie.group_id,
            kind=tie.kind,
            chosen_cadre_ids=[r.cadre_id for r in rows[: tie.slots]],
            reason="党组会议研究决定",
            actor=dangzu,
        )
    publication = run_confirm(run=run, actor=dangzu)
    start = datetime.date(year + 1, 1, 12)
    # History: the party group met on the morning the posting began (a posting never starts before the confirmation).
    confirmed_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9, 0)))
    Publication.objects.filter(pk=publication.pk).update(confirmed_at=confirmed_at)
    publication.refresh_from_db()
    publication = posting_start(publication=publication, actor=hr, start_date=start)
    publication_publish(
        publication=publication, published_on=publication.posting_ends_on + datetime.timedelta(days=1), actor=hr
    )


def _panel(organization: Organization) -> list[Cadre]:
    """The 考核组: deputies of the offices, who rate but are not rated."""
    return list(
        Cadre.objects.filter(
            organization=organization, appointments__post__name__in=["副科长", "副主任"], appointments__end_date=None
        )
        .distinct()
        .order_by("employee_no")[:PANEL_SIZE]
    )


def _scheme_load(
    *, organization: Organization, year: int, rng: random.Random, leaders: list, station_shift: float = 0.0
) -> Scheme:
    User = get_user_model()
    today = timezone.localdate()
    hr = User.objects.get(username="hr")
    dangzu = User.objects.get(username="dangzu")
    scheme = scheme_create(
        organization=organization,
        year=year,
        template=Scheme.Template.FOUR_PART,
        effective_date=datetime.date(year, 1, 1),
        actor=hr,
    )
    components = list(scheme.components.all())
    groups = list(AssessmentGroup.objects.filter(organization=organization, year=year).order_by("name"))
    heads = list(Cadre.objects.filter(memberships__group__in=groups).select_related("unit").order_by("employee_no"))
    rater_assign_bulk(scheme=scheme, components=components, raters=leaders, ratees=heads, actor=hr)
    # Peer view: the office director (kezhang) also scores the station heads on the on-site review.
    kezhang = Cadre.objects.get(user__username="kezhang")
    station_heads = [h for h in heads if h.unit.kind == Unit.Kind.STATION]
    onsite = next(c for c in components if c.code == "onsite_review")
    rater_assign_bulk(scheme=scheme, components=[onsite], raters=[kezhang], ratees=station_heads, actor=hr)
    # The 考核组 joins the quarterly review; its scores come from random numbers of their own, so the party group's
    # stay what they were.
    panel = _panel(organization)
    quarterly = next(c for c in components if c.code == "quarterly_review")
    rater_assign_bulk(scheme=scheme, components=[quarterly], raters=panel, ratees=heads, actor=hr)
    panel_rng = random.Random(year)

    ability = {h.pk: rng.gauss(84, 5) for h in heads}
    for h in station_heads:
        ability[h.pk] += station_shift
    assignments = [(c, r, h) for c in components for r in leaders for h in heads] + [
        (onsite, kezhang, h) for h in station_heads
    ]
    for period in scheme.periods.order_by("end_date", "start_date"):
        if period.start_date > today:
            continue
        period = period_open(period=period, actor=hr)
        ended = period.end_date < today
        rows = [
            ScoreRow(period=period, component=c, rater_id=r.pk, ratee_id=h.pk, value=_value(rng, ability[h.pk]))
            for c, r, h in assignments
            if period.kind in c.period_kinds
            # The period in progress is half scored, by the first rater only, to show the grid's progress.
            and (ended or (r.user and r.user.username == "pingyi" and rng.random() < 0.5))
        ]
        if ended and period.kind in quarterly.period_kinds:
            rows += [
                ScoreRow(
                    period=period,
                    component=quarterly,
                    rater_id=r.pk,
                    ratee_id=h.pk,
                    value=_value(panel_rng, ability[h.pk] + (LENIENT_POINTS if i == 0 else 0.0)),
                )
                for i, r in enumerate(panel)
                for h in heads
            ]
        scores_write_many(scheme=scheme, rows=rows, actor=hr, reason="演示数据")
        if ended:
            period_close(period=period, actor=hr)

    last_day = min(today, datetime.date(year, 12, 31))
    past = datetime.date(year, 12, 31) < today  # a year gone by has nothing left waiting for the committee
    shift = year % 5  # other cadres each year

    def day(month: int) -> datetime.date:
        return min(datetime.date(year, month, 15), last_day)

    items = {i.code: i for i in PointItem.objects.filter(organization=organization)}
    points = [
        (heads[0 + shift], "award_provincial", 3, "省市场监管局通报表扬〔{y}〕12号", True),
        (heads[3 + shift], "award_city", 5, "市政府现场会承办通知〔{y}〕7号", True),
        (heads[7 + shift], "innovation", 6, "信用监管经验被市局推广", True),
        (station_heads[2 + shift], "emergency", 7, "汛期特种设备安全保障表现突出", True),
        (heads[5 + shift], "circulated_criticism", 4, "县纪委通报〔{y}〕3号", True),
        (station_heads[4], "task_missed", 8, "重点项目观摩点评未按期完成整改", True),
        (heads[11 + shift], "complaint_upheld", 9, "12315 投诉核查报告", True),
        (station_heads[6], "award_city", 10, "市级食品安全示范所通报", past),
    ]
    for cadre, code, month, evidence, approve in points:
        entry = point_entry_record(
            cadre=cadre,
            item=items[code],
            year=year,
            occurred_on=day(month),
            evidence=evidence.format(y=year),
            actor=hr,
        )
        if approve:
            point_entry_decide(entry=entry, approve=True, actor=dangzu)
    vetoes = {v.code: v for v in VetoItem.objects.filter(organization=organization)}
    veto = veto_entry_record(
        cadre=station_heads[7 + shift % 3],
        item=vetoes["safety_incident"],
        year=year,
        occurred_on=day(6),
        evidence="辖区电梯困人事故调查报告,认定监管责任",
        actor=hr,
    )
    veto_entry_decide(entry=veto, approve=True, actor=dangzu)
    if past:
        return scheme
    veto_entry_record(
        cadre=heads[15],
        item=vetoes["public_opinion"],
        year=year,
        occurred_on=day(9),
        evidence="网络舆情处置情况报告",
        actor=hr,
    )
    return scheme
