"""Writes of evaluations: set up (while in preparation), publish, reschedule and close. Keyword-only, atomic,
validated, audited. Closing seals the tally (ballots.services.tally).

An evaluation's form (subjects, items, rater categories and weights, the minimum of ballots, the cap, the points) is
fixed when it is published: every ballot is cast on the same form, and the seal counts them on it.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import scales
from ballots.form_rules import CategorySpec, ItemSpec, Problems, check_form, check_settings
from ballots.models import BallotCode, CodeBatch, Evaluation, Item, RaterCategory, Subject
from ballots.selectors.evaluations import can_manage, organizing_units, top_cap_allowed
from ballots.services.tally import tally_seal
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from notices.services import notices_announce
from org.models import Unit

CLOSED_NOTICE = "ballots.closed"

SETTINGS_FIELDS = ["title", "year", "unit_id", "subject_kind", "opens_at", "closes_at", "min_ballots",
                   "top_cap_percent", "points", "state"]  # fmt: skip


def _require_manager(*, actor, evaluation: Evaluation | None = None, unit: Unit | None = None) -> None:
    if evaluation is not None:
        allowed = can_manage(user=actor, evaluation=evaluation)
    else:
        assert unit is not None  # a new evaluation names its unit
        allowed = organizing_units(user=actor).filter(pk=unit.pk).exists()
    if not allowed:
        raise ApplicationError(
            _("该单位不在您的管理范围内。"),
            code="permission_denied",
            field_errors={"unit": [_("该单位不在您的管理范围内。")]},
        )


def _write_form(
    evaluation: Evaluation, *, subjects: list, items: list[ItemSpec], categories: list[CategorySpec]
) -> None:
    Subject.objects.filter(evaluation=evaluation).delete()
    Item.objects.filter(evaluation=evaluation).delete()
    is_cadre = evaluation.subject_kind == Evaluation.SubjectKind.CADRE
    Subject.objects.bulk_create(
        Subject(evaluation=evaluation, sort_order=i, **({"cadre": s} if is_cadre else {"team": s}))
        for i, s in enumerate(subjects)
    )
    Item.objects.bulk_create(
        Item(evaluation=evaluation, text=item.text.strip(), scale=item.scale, sort_order=i)
        for i, item in enumerate(items)
    )
    # A category keeps its row (and the codes issued for it) while its name stays; one with codes cannot go.
    existing = {c.name: c for c in RaterCategory.objects.filter(evaluation=evaluation)}
    names = [c.name.strip() for c in categories]
    gone = [c for name, c in existing.items() if name not in names]
    with_codes = [c.name for c in gone if CodeBatch.objects.filter(category=c).exists()]
    if with_codes:
        raise ApplicationError(
            _("类别“%(names)s”已发放测评码,不能删除或改名;请先作废其测评码批次。") % {"names": "、".join(with_codes)},
            field_errors={"categories": [_("类别“%(names)s”已发放测评码。") % {"names": "、".join(with_codes)}]},
        )
    RaterCategory.objects.filter(pk__in=[c.pk for c in gone]).delete()
    for i, spec in enumerate(categories):
        row = existing.get(spec.name.strip())
        if row is None:
            RaterCategory.objects.create(
                evaluation=evaluation, name=spec.name.strip(), weight=spec.weight, sort_order=i
            )
        else:
            RaterCategory.objects.filter(pk=row.pk).update(weight=spec.weight, sort_order=i)


def _form_snapshot(evaluation: Evaluation) -> dict:
    return {
        **snapshot(evaluation, SETTINGS_FIELDS),
        "subjects": [str(s) for s in Subject.objects.filter(evaluation=evaluation).select_related("cadre", "team")],
        "items": [f"{i.text}({i.get_scale_display()})" for i in Item.objects.filter(evaluation=evaluation)],
        "categories": [
            f"{c.name} {c.weight.normalize():f}%" for c in RaterCategory.objects.filter(evaluation=evaluation)
        ],
    }


@transaction.atomic
def evaluation_create(
    *,
    actor,
    unit: Unit,
    title: str,
    year: int,
    subject_kind: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    subjects: list,
    items: list[ItemSpec],
    categories: list[CategorySpec],
    min_ballots: int = 5,
    top_cap_percent: int | None = None,
    points: dict | None = None,
) -> Evaluation:
    """Set up an evaluation in preparation: nothing is public until it is published."""
    _require_manager(actor=actor, unit=unit)
    points = dict(points) if points is not None else dict(scales.DEFAULT_POINTS)
    p = Problems()
    check_settings(p, title=title, year=year, opens_at=opens_at, closes_at=closes_at, min_ballots=min_ballots,
                    top_cap_percent=top_cap_percent, points=points)  # fmt: skip
    check_form(p, subject_kind=subject_kind, subjects=subjects, items=items, categories=categories, unit=unit)
    p.raise_if_any()
    evaluation = Evaluation.objects.create(
        organization_id=unit.organization_id,
        unit=unit,
        title=title.strip(),
        year=year,
        subject_kind=subject_kind,
        opens_at=opens_at,
        closes_at=closes_at,
        min_ballots=min_ballots,
        top_cap_percent=top_cap_percent,
        points=points,
        created_by=actor,
    )
    _write_form(evaluation, subjects=subjects, items=items, categories=categories)
    audit_log_record(
        actor=actor, action="ballots.evaluation.create", subject=evaluation, after=_form_snapshot(evaluation)
    )
    return evaluation


@transaction.atomic
def evaluation_update(
    *,
    evaluation: Evaluation,
    actor,
    title: str,
    year: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    subjects: list,
    items: list[ItemSpec],
    categories: list[CategorySpec],
    min_ballots: int,
    top_cap_percent: int | None,
    points: dict,
    reason: str = "",
) -> Evaluation:
    """Change an evaluation still in preparation (its organizing unit and kind of subjects stay)."""
    _require_manager(actor=actor, evaluation=evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_draft:
        raise ApplicationError(_("测评已发布,测评表不能再修改;如需延长截止时间,请使用“调整截止时间”。"))
    p = Problems()
    check_settings(p, title=title, year=year, opens_at=opens_at, closes_at=closes_at, min_ballots=min_ballots,
                    top_cap_percent=top_cap_percent, points=points)  # fmt: skip
    check_form(p, subject_kind=evaluation.subject_kind, subjects=subjects, items=items, categories=categories,
                unit=evaluation.unit)  # fmt: skip
    p.raise_if_any()
    before = _form_snapshot(evaluation)
    for field, value in {"title": title.strip(), "year": year, "opens_at": opens_at, "closes_at": closes_at,
                         "min_ballots": min_ballots, "top_cap_percent": top_cap_percent, "points": dict(points)}.items():  # fmt: skip
        setattr(evaluation, field, value)
    evaluation.save()
    _write_form(evaluation, subjects=subjects, items=items, categories=categories)
    audit_log_record(
        actor=actor,
        action="ballots.evaluation.update",
        subject=evaluation,
        before=before,
        after=_form_snapshot(evaluation),
        reason=reason,
    )
    return evaluation


def publish_problems(evaluation: Evaluation, now: datetime.datetime) -> list[str]:
    """What keeps an evaluation from being published (empty: nothing)."""
    problems = []
    subject_count = Subject.objects.filter(evaluation=evaluation).count()
    items = list(Item.objects.filter(evaluation=evaluation))
    categories = list(RaterCategory.objects.filter(evaluation=evaluation))
    if not subject_count:
        problems.append(_("还没有测评对象。"))
    if not items:
        problems.append(_("还没有测评项目。"))
    if not categories:
        problems.append(_("还没有参评人员类别。"))
    elif sum(c.weight for c in categories) != Decimal("100"):
        problems.append(_("各类别权重合计不是100%。"))
    if evaluation.closes_at <= now:
        problems.append(_("截止时间已过,请先修改截止时间。"))
    allowed = top_cap_allowed(evaluation, subject_count)
    if allowed == 0 and any(scales.is_graded(i.scale) for i in items):
        problems.append(
            _("按%(percent)s%%的上限、%(n)s名测评对象计算,每张票一个最高等次也不能评;请调高比例或增加测评对象。")
            % {"percent": evaluation.top_cap_percent, "n": subject_count}
        )
    return problems


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation, actor) -> Evaluation:
    """Publish: the form is fixed and the vote page takes ballots from the opening time to the closing time."""
    _require_manager(actor=actor, evaluation=evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_draft:
        raise ApplicationError(_("该测评已发布,不能重复发布。"), code="conflict")
    now = timezone.now()
    problems = publish_problems(evaluation, now)
    if problems:
        raise ApplicationError(_("不能发布:") + "".join(problems))
    before = snapshot(evaluation, ["state"])
    Evaluation.objects.filter(pk=evaluation.pk, state=Evaluation.State.DRAFT).update(
        state=Evaluation.State.OPEN, opened_at=now, updated_at=now
    )
    evaluation.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="ballots.evaluation.publish",
        subject=evaluation,
        before=before,
        after=snapshot(evaluation, ["state"]),
    )
    return evaluation


@transaction.atomic
def evaluation_reschedule(*, evaluation: Evaluation, actor, closes_at: datetime.datetime, reason: str) -> Evaluation:
    """Move the closing time of a published evaluation (say, to wait for a unit's raters), with a reason."""
    _require_manager(actor=actor, evaluation=evaluation)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise ApplicationError(_("只有已发布、尚未结束的测评可以调整截止时间。"))
    if not reason.strip():
        raise ApplicationError(_("请填写调整原因。"), field_errors={"reason": [_("请填写调整原因。")]})
    if closes_at <= timezone.now() or closes_at <= evaluation.opens_at:
        message = _("新的截止时间应晚于现在和开始时间。")
        raise ApplicationError(message, field_errors={"closes_at": [message]})
    before = snapshot(evaluation, ["closes_at"])
    evaluation.closes_at = closes_at
    evaluation.save(update_fields=["closes_at", "updated_at"])
    audit_log_record(
        actor=actor,
        action="ballots.evaluation.reschedule",
        subject=evaluation,
        before=before,
        after=snapshot(evaluation, ["closes_at"]),
        reason=reason.strip(),
    )
    return evaluation


def close_problems(evaluation: Evaluation, now: datetime.datetime) -> list[str]:
    """What keeps HR from closing before the closing time: codes still out (empty: may close)."""
    if now >= evaluation.closes_at:
        return []
    unused = BallotCode.objects.filter(evaluation=evaluation, state=BallotCode.State.ISSUED).count()
    if not unused:
        return []
    return [
        _("测评尚未截止(截止时间%(at)s),还有%(n)s张测评码未使用;请待截止后结束,或先作废未发出的测评码。")
        % {"at": timezone.localtime(evaluation.closes_at).strftime("%Y-%m-%d %H:%M"), "n": unused}
    ]


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation, actor, now: datetime.datetime | None = None) -> Evaluation:
    """End the vote and seal the tally (chain, counts, results). HR may close once the closing time has passed, or
    earlier when every code issued has been used or voided; the periodic job closes what is past its time
    (`actor` None). Guarded: an evaluation is sealed once."""
    if actor is not None:
        _require_manager(actor=actor, evaluation=evaluation)
    now = now or timezone.now()
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise ApplicationError(_("只有已发布、尚未结束的测评可以结束。"), code="conflict")
    problems = close_problems(evaluation, now)
    if problems:
        raise ApplicationError(problems[0])
    before = snapshot(evaluation, ["state"])
    changed = Evaluation.objects.filter(pk=evaluation.pk, state=Evaluation.State.OPEN).update(
        state=Evaluation.State.CLOSED, closed_at=now, updated_at=now
    )
    if not changed:
        raise ApplicationError(_("该测评已结束。"), code="conflict")
    evaluation.refresh_from_db()
    tally = tally_seal(evaluation=evaluation, actor=actor, now=now)
    audit_log_record(
        actor=actor,
        action="ballots.evaluation.close",
        subject=evaluation,
        before=before,
        after={**snapshot(evaluation, ["state"]), "ballots": tally.ballot_count, "head": tally.head},
    )
    if evaluation.created_by_id:
        notices_announce(
            recipients=[evaluation.created_by],
            kind=CLOSED_NOTICE,
            subject=evaluation,
            occurrence="closed",
            title=_("民主测评已结束计票:%(title)s") % {"title": evaluation.title},
            body=_("共收到有效票%(n)s张,测评结果和结果单已生成。") % {"n": tally.ballot_count},
            url=reverse("ballots:evaluation_detail", kwargs={"pk": evaluation.pk}),
        )
    transaction.on_commit(_vacuum_later)
    return evaluation


def _vacuum_later() -> None:
    from ballots.tasks.evaluations import vacuum_pool

    vacuum_pool.delay()


def due_for_closing(now: datetime.datetime | None = None) -> list[int]:
    """Ids of the published evaluations whose closing time has passed."""
    now = now or timezone.now()
    return list(
        Evaluation.objects.filter(Q(state=Evaluation.State.OPEN) & Q(closes_at__lte=now)).values_list("pk", flat=True)
    )
