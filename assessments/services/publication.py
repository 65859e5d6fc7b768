"""From a confirmed version to published results, and a published year moving to a later version.

1. The party committee confirms a whole-year run once every tie of it is decided (services.ties): the year's
   Publication points to it.
2. HR posts the 优秀 candidates (公示) for five working days (公务员考核规定: 优秀 candidates are posted for at least
   5 working days before the grade is final),
3. then publishes: the year is locked (score, point and scheme services refuse changes once
   `selectors.publication.is_published` is true) and every cadre of the run is told once.
4. A published year changes only through an appeal or an error-tolerance exemption: the publication adopts the new
   version (`publication_adopt_run`, audited with both versions).

Other apps hear of a publication's change through a listener they register here (`register_publication_listener`),
so that assessments never imports them: a listener takes the publication's id and runs after the change has
committed (`transaction.on_commit`, robust: a failing listener is logged and never undoes the publication). Listeners
enqueue their own work; they must be safe to run twice, since a publication may change again.

Every refusal raises ApplicationError and leaves everything as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Publication, Result, ResultRun, TieDecision
from assessments.results.rules import BOTTOM, EXCELLENT
from assessments.selectors.readiness import run_completeness, run_is_stale, stale_message
from assessments.selectors.ties import group_counts
from assessments.services.ties import check_group
from common.audit import audit_log_record, snapshot
from common.errors import ApplicationError
from common.workdays import add_working_days, format_date_zh
from notices.services import notices_announce
from org.models import Organization
from org.roles import ROLE_COMMITTEE, get_roles
from org.selectors import organization_wide_hr

# 优秀 candidates are posted (公示) for five working days before the grades become final.
POSTING_WORKING_DAYS = 5


PUBLISHED_NOTICE_KIND = "assessments.published"


PUBLICATION_FIELDS = [
    "run_id",
    "state",
    "confirmed_by_id",
    "confirmed_at",
    "posted_on",
    "posting_ends_on",
    "published_on",
    "published_by_id",
]


Listener = Callable[[int], None]


_listeners: list[Listener] = []


def register_publication_listener(fn: Listener) -> Listener:
    """Adds `fn(publication_id)`; registering the same function twice registers it once."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_publication_listener(fn: Listener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def publication_changed(publication) -> None:
    """A publication was published or moved to a newer run: tell every listener once the transaction commits."""
    publication_id = publication.pk
    for fn in list(_listeners):
        transaction.on_commit(lambda fn=fn: fn(publication_id), robust=True)  # type: ignore[misc]  # binds this listener


def _require_committee_of_organization(actor, organization_id: int) -> None:
    """Confirming a year is the whole organization's party committee's act, not the administrator's."""
    scopes = get_roles(actor).scopes.get(ROLE_COMMITTEE, [])
    if (organization_id, None) not in scopes:
        raise ApplicationError(_("只有本机构党组(党委)可以确认考核结果。"), code="permission_denied")


def _require_hr(actor, organization_id: int) -> None:
    """HR of the whole organization (or the administrator); None is a command run by the operator. Posting and
    publication act on every group of the year (publication locks the whole year's scores), so HR scoped to a
    subtree may not."""
    if actor is None:
        return
    if not organization_wide_hr(actor, organization_id):
        raise ApplicationError(
            _("只有本机构的组织人事部门(全机构范围)可以办理考核结果的公示和公布。"), code="permission_denied"
        )


def _require_fresh(run: ResultRun) -> None:
    """A version whose inputs changed since it was computed goes no further (selectors.readiness)."""
    if run_is_stale(run):
        raise ApplicationError(stale_message(), code="stale")


def _require_complete(run: ResultRun, *, step: str) -> None:
    """Nothing of the year unresolved (selectors.readiness.run_completeness): no incomplete cadre without a no-grade
    state, no period still open, no point or veto awaiting a decision, no sanction changed since. The refusal lists
    them; the pages show each with its link."""
    completeness = run_completeness(run)
    if completeness.stale:
        raise ApplicationError(stale_message(), code="stale")
    if not completeness.resolved:
        message = (
            _("还有未解决的事项,不能确认:%(items)s。")
            if step == "confirm"
            else _("还有未解决的事项,不能公布:%(items)s。")
        )
        raise ApplicationError(message % {"items": completeness.summary()}, code="incomplete")


def _undecided_count(run: ResultRun) -> int:
    bottom_decided = TieDecision.objects.filter(run=run, kind=BOTTOM).values("cadre_id")
    excellent_decided = TieDecision.objects.filter(run=run, kind=EXCELLENT).values("cadre_id")
    return (
        Result.objects.filter(run=run)
        .filter(
            Q(boundary_tie=True) & ~Q(cadre_id__in=bottom_decided)
            | Q(excellent_tie=True) & ~Q(cadre_id__in=excellent_decided)
        )
        .count()
    )


@transaction.atomic
def run_confirm(*, run: ResultRun, actor) -> Publication:
    """The committee confirms a whole-year run with every tie decided: it becomes the year's results to post and
    publish. Confirming a newer run replaces an earlier confirmation; one whose posting had begun is posted again."""
    _require_committee_of_organization(actor, run.organization_id)
    # One confirmation or publication of an organization's year at a time; the run's lock makes a tie decision
    # taken meanwhile wait and then find the run confirmed.
    Organization.objects.select_for_update().filter(pk=run.organization_id).first()
    run = ResultRun.objects.select_for_update(of=("self",)).select_related("scheme", "organization").get(pk=run.pk)
    if run.status != ResultRun.Status.SUCCEEDED:
        raise ApplicationError(_("该版本尚未计算完成,不能确认。"))
    if run.group_id is not None:
        raise ApplicationError(_("这是单个考核组的试算版本,只能确认全年度计算的版本。"))
    publication = (
        Publication.objects.select_for_update().filter(organization_id=run.organization_id, year=run.year).first()
    )
    if publication is not None and publication.state == Publication.State.PUBLISHED:
        raise ApplicationError(_("%(year)s年考核结果已公布,不能再确认其他版本。") % {"year": run.year})
    if publication is not None and publication.run_id == run.pk:
        raise ApplicationError(_("本版本结果已确认(%(state)s)。") % {"state": publication.get_state_display()})
    newer = (
        ResultRun.objects.filter(
            organization_id=run.organization_id,
            year=run.year,
            group__isnull=True,
            status=ResultRun.Status.SUCCEEDED,
            version__gt=run.version,
        )
        .order_by("-version")
        .first()
    )
    if newer is not None:
        raise ApplicationError(_("已有更新的计算版本(第%(version)s版),请确认最新版本。") % {"version": newer.version})
    _require_complete(run, step="confirm")
    undecided = _undecided_count(run)
    if undecided:
        raise ApplicationError(_("还有 %(n)d 名边界并列的干部未经党组(党委)裁定,不能确认。") % {"n": undecided})
    for group_id, counts in group_counts(run).items():
        for kind in (BOTTOM, EXCELLENT):
            if counts.ties(kind):
                check_group(run, group_id, kind, complete=True)
    before = snapshot(publication, PUBLICATION_FIELDS) if publication else None
    if publication is None:
        publication = Publication(organization_id=run.organization_id, year=run.year)
    publication.run = run
    publication.state = Publication.State.CONFIRMED
    publication.confirmed_by = actor
    publication.confirmed_at = timezone.now()
    # A posting of an earlier version's candidates does not count for this one.
    publication.posted_on = publication.posting_ends_on = None
    publication.save()
    audit_log_record(
        actor=actor,
        action="assessments.results.confirm",
        subject=publication,
        before=before,
        after=snapshot(publication, PUBLICATION_FIELDS),
        reason=_("确认第%(version)s版结果") % {"version": run.version},
    )
    return publication


def posting_end(start: datetime.date) -> datetime.date:
    return add_working_days(start, POSTING_WORKING_DAYS)


@transaction.atomic
def posting_start(*, publication: Publication, actor, start_date: datetime.date | None = None) -> Publication:
    """HR posts the 优秀 candidates of the confirmed run for five working days (the start day does not count),
    starting no earlier than the day of the confirmation and no later than today."""
    _require_hr(actor, publication.organization_id)
    today = timezone.localdate()
    start = start_date or today
    if start > today:
        raise ApplicationError(
            _("公示开始日期不能晚于今天。"), field_errors={"start_date": [_("公示开始日期不能晚于今天。")]}
        )
    confirmed_on = timezone.localdate(publication.confirmed_at) if publication.confirmed_at else today
    if start < confirmed_on:
        # Never back-dated: the candidates are posted from the day the committee confirmed them at the earliest.
        message = _("公示开始日期不能早于党组(党委)确认结果的日期(%(date)s)。") % {"date": format_date_zh(confirmed_on)}
        raise ApplicationError(message, field_errors={"start_date": [message]})
    _require_fresh(publication.run)
    ends = posting_end(start)
    before = snapshot(publication, PUBLICATION_FIELDS)
    # Guarded: only a confirmed publication of the run it was read with starts its posting.
    changed = Publication.objects.filter(
        pk=publication.pk, state=Publication.State.CONFIRMED, run_id=publication.run_id
    ).update(state=Publication.State.POSTED, posted_on=start, posting_ends_on=ends, updated_at=timezone.now())
    if changed != 1:
        current = Publication.objects.filter(pk=publication.pk).first()
        if current is not None and current.run_id != publication.run_id:
            raise ApplicationError(_("党组(党委)已改为确认其他版本,请刷新后再办理。"))
        state = current.get_state_display() if current else _("不存在")
        raise ApplicationError(
            _("只有党组(党委)已确认、尚未公示的结果可以开始公示(当前状态:%(state)s)。") % {"state": state}
        )
    publication.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="assessments.results.post",
        subject=publication,
        before=before,
        after=snapshot(publication, PUBLICATION_FIELDS),
        reason=_("优秀人选公示至%(date)s") % {"date": format_date_zh(ends)},
    )
    return publication


def _my_results_url() -> str:
    # The cadre's own results page belongs to another part of the app; until it exists, the landing page.
    try:
        return reverse("assessments:my_results")
    except NoReverseMatch:
        return "/me/"


def publication_notify(publication: Publication) -> int:
    """Tell every cadre of the published run, once per run version (repeating adds nothing)."""
    run = publication.run
    users = (
        get_user_model()
        .objects.filter(is_active=True, cadre__in=Result.objects.filter(run=run).values("cadre_id"))
        .order_by("pk")
    )
    assert publication.published_on is not None  # told once published
    when = format_date_zh(publication.published_on)
    return notices_announce(
        recipients=users.iterator(chunk_size=2000),
        kind=PUBLISHED_NOTICE_KIND,
        subject=publication,
        occurrence=f"published:{run.version}",
        title=_("%(year)s年度考核结果已公布") % {"year": publication.year},
        body=_("%(org)s%(year)s年度考核结果已于%(date)s公布,请查看本人的考核结果。如有异议,可按规定申请复核。")
        % {"org": run.organization.name, "year": publication.year, "date": when},
        url=_my_results_url(),
    )


@transaction.atomic
def publication_publish(*, publication: Publication, published_on: datetime.date, actor) -> Publication:
    """HR publishes the posted results once the posting has ended: the year's scores are locked from then on, and
    every cadre of the run is told."""
    _require_hr(actor, publication.organization_id)
    if published_on is None:
        raise ApplicationError(_("请填写公布日期。"), field_errors={"published_on": [_("请填写公布日期。")]})
    if published_on > timezone.localdate():
        raise ApplicationError(
            _("公布日期不能晚于今天。"), field_errors={"published_on": [_("公布日期不能晚于今天。")]}
        )
    Organization.objects.select_for_update().filter(pk=publication.organization_id).first()
    current = Publication.objects.select_related("run", "run__organization").filter(pk=publication.pk).first()
    if current is None or current.state != Publication.State.POSTED:
        state = current.get_state_display() if current else _("不存在")
        raise ApplicationError(_("只有优秀人选公示期满的结果可以公布(当前状态:%(state)s)。") % {"state": state})
    assert current.posting_ends_on is not None  # a posted result has its posting's end
    if published_on <= current.posting_ends_on:
        message = _("优秀人选公示到%(date)s截止,公布日期须在公示期满之后。") % {
            "date": format_date_zh(current.posting_ends_on)
        }
        raise ApplicationError(message, field_errors={"published_on": [message]})
    _require_complete(current.run, step="publish")
    before = snapshot(current, PUBLICATION_FIELDS)
    changed = Publication.objects.filter(
        pk=current.pk, state=Publication.State.POSTED, run_id=current.run_id, posting_ends_on__lt=published_on
    ).update(
        state=Publication.State.PUBLISHED,
        published_on=published_on,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        updated_at=timezone.now(),
    )
    if changed != 1:  # pragma: no cover - the organization lock above serialises publications
        raise ApplicationError(_("考核结果的状态已变化,请刷新后再办理。"))
    current.refresh_from_db()
    publication_notify(current)
    audit_log_record(
        actor=actor,
        action="assessments.results.publish",
        subject=current,
        before=before,
        after=snapshot(current, PUBLICATION_FIELDS),
        reason=_("公布第%(version)s版结果") % {"version": current.run.version},
    )
    from assessments.services.publication import publication_changed

    publication_changed(current)  # listeners (the step-down workflow) run after commit
    return current


@transaction.atomic
def publication_adopt_run(*, run: ResultRun, actor=None, reason: str = "") -> Publication | None:
    """A published year moves to a newer successful whole-year run (a re-computation after an appeal or tolerance
    case), audited with both versions. Anything else (unpublished year, group run, older version) is left alone."""
    if run.status != ResultRun.Status.SUCCEEDED or run.group_id is not None:
        return None
    publication = (
        Publication.objects.select_for_update()
        .filter(organization_id=run.organization_id, year=run.year, state=Publication.State.PUBLISHED)
        .select_related("run")
        .first()
    )
    if publication is None or publication.run_id == run.pk or publication.run.version > run.version:
        return None
    old = publication.run
    changed = Publication.objects.filter(pk=publication.pk, run_id=old.pk).update(run=run, updated_at=timezone.now())
    if changed != 1:  # pragma: no cover - the row lock above makes this unreachable on PostgreSQL
        return None
    publication.refresh_from_db()
    audit_log_record(
        actor=actor,
        action="assessments.results.publication_adopt",
        subject=publication,
        before={"run_id": old.pk, "version": old.version},
        after={"run_id": run.pk, "version": run.version},
        reason=reason,
    )
    from assessments.services.publication import publication_changed

    publication_changed(publication)  # listeners (the step-down workflow) run after commit
    return publication
