"""The demo's error tolerance (容错免责): one case the party group has approved this year, its correction under way
(启动纠错 and 发送通知 recorded, 谈话教育 next), and one request awaiting the party group.

Only the current year's items are used: the year before is published, and exempting one of its items would
re-version the published results (and could withdraw step-down cases opened from them)."""

import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.selectors import published
from assessments.selectors.published import EntryFacts
from demotion.services.tolerance import correction_step_record, tolerance_decide, tolerance_request
from org.models import Cadre, Organization

# The scoring demo's items, most fitting first: a missed deadline and an upheld complaint.
APPROVED_CODES = ["task_missed", "circulated_criticism"]
AWAITING_CODES = ["complaint_upheld", "circulated_criticism"]


def _deduction(organization: Organization, year: int, codes: list[str], exclude=()) -> EntryFacts | None:
    taken = {e.entry_id for e in exclude if e is not None}
    entries = sorted(
        (
            e
            for e in published.tolerance_entries(organization_id=organization.pk, year=year)
            if e.kind == published.DEDUCTION and e.entry_id not in taken
        ),
        key=lambda e: e.entry_id,
    )
    for code in codes:
        entry = next((e for e in entries if e.item_code == code), None)
        if entry is not None:
            return entry
    return entries[0] if entries else None


def _cadre(entry: EntryFacts) -> Cadre:
    return Cadre.objects.select_related("user").get(pk=entry.cadre_id)


def demo_tolerance_load(*, organization: Organization, year: int, rng: random.Random) -> None:
    User = get_user_model()
    hr, dangzu = User.objects.get(username="hr"), User.objects.get(username="dangzu")
    today = timezone.localdate()
    approved = _deduction(organization, year, APPROVED_CODES)
    if approved is None:
        return
    case = tolerance_request(
        cadre=_cadre(approved),
        target="deduction",
        entry=approved,
        event="为推进重点项目,在上级要求时限内先行组织现场观摩,因施工方延误未能按期完成整改,已主动报告并补救。",
        reason="属于推进改革中的探索性失误,出于公心、勤勉尽责,未谋取私利。",
        actor=hr,
    )
    case = tolerance_decide(
        case=case,
        approve=True,
        public_interest=True,
        diligent=True,
        no_private_gain=True,
        reason="经党组会议研究,符合容错情形,予以免责;同时启动纠错。",
        actor=dangzu,
    )
    correction = case.correction
    # The first two steps the day of the decision (the demo decides today).
    for step, note in [(1, "党组会议决定启动纠错程序。"), (2, "向本人送达纠错通知书。")]:
        correction_step_record(
            correction=correction,
            step=step,
            done_on=today,
            note=note,
            actor=hr,
        )
    awaiting = _deduction(organization, year, AWAITING_CODES, exclude=[approved])
    if awaiting is None:
        return
    cadre = _cadre(awaiting)
    requester = cadre.user if cadre.user_id else hr
    tolerance_request(
        cadre=cadre,
        target="deduction",
        entry=awaiting,
        event="处理群众投诉时按当时规定程序办理,后因政策调整被认定投诉成立。",
        reason="办理时依规履职,不存在谋私情形,请求容错免责。",
        actor=requester,
    )
