"""Reads of a year's publication: where it stands (the version confirmed, posted or published), whether its scores are
locked, and the scheme facts people print — for assessments' own pages and, as plain frozen values, for other apps
through `assessments.selectors.published`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Grade, Publication, ResultRun, Scheme
from assessments.results.display import bottom_label, grade_label_of, percent_text
from common.audit import AuditSubject
from common.models import AuditLog


def publication_for(*, organization_id: int, year: int) -> Publication | None:
    return Publication.objects.filter(organization_id=organization_id, year=year).select_related("run").first()


def current_run(*, organization_id: int, year: int) -> ResultRun | None:
    """The run people look at: the one under confirmation, posting or published once there is a publication, else
    the newest successful whole-year run."""
    publication = publication_for(organization_id=organization_id, year=year)
    if publication is not None:
        return publication.run
    return (
        ResultRun.objects.filter(
            organization_id=organization_id, year=year, status=ResultRun.Status.SUCCEEDED, group__isnull=True
        )
        .order_by("-version")
        .first()
    )


def published_run(*, organization_id: int, year: int) -> ResultRun | None:
    publication = publication_for(organization_id=organization_id, year=year)
    if publication is not None and publication.state == Publication.State.PUBLISHED:
        return publication.run
    return None


def is_published(*, organization_id: int, year: int) -> bool:
    return Publication.objects.filter(
        organization_id=organization_id, year=year, state=Publication.State.PUBLISHED
    ).exists()


ADOPT_ACTION = "assessments.results.publication_adopt"


# --- the scheme's facts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeFacts:
    """What people print of a year's scheme (the version a result was computed with)."""

    scheme_id: int
    organization_id: int
    year: int
    version: int
    name: str
    bottom_ratio: Decimal  # 0.100
    bottom_percent: str  # "10"
    bottom_label: str  # "后10%"
    excellent_quota: Decimal  # 0.200
    excellent_percent: str  # "20"
    grade_scale: str  # "cadre" (优秀/称职/基本称职/不称职) or "institution" (优秀/合格/基本合格/不合格)
    grade_scale_label: str
    grade_labels: tuple[tuple[str, str], ...]  # (national code, label under the scale), 1 优秀 … 6 不进行考核

    def grade_label(self, code: str) -> str:
        """The label of a grade code under the scheme's scale; "未定" for no grade yet."""
        return dict(self.grade_labels).get(code, "") if code else _("未定")


def _facts(scheme: Scheme) -> SchemeFacts:
    return SchemeFacts(
        scheme_id=scheme.pk,
        organization_id=scheme.organization_id,
        year=scheme.year,
        version=scheme.version,
        name=scheme.name,
        bottom_ratio=scheme.bottom_ratio,
        bottom_percent=percent_text(scheme.bottom_ratio),
        bottom_label=bottom_label(scheme.bottom_ratio),
        excellent_quota=scheme.excellent_quota,
        excellent_percent=percent_text(scheme.excellent_quota),
        grade_scale=scheme.grade_scale,
        grade_scale_label=str(Scheme.GradeScale(scheme.grade_scale).label),
        grade_labels=tuple((code, grade_label_of(code, scheme.grade_scale)) for code in Grade.values),
    )


def scheme_facts(*, organization_id: int, year: int, run_id: int | None = None) -> SchemeFacts | None:
    """The scheme of a result version (`run_id`), else of the year's publication, else the year's scheme in force.
    None when the year has no scheme. One query."""
    if run_id is not None:
        run = (
            ResultRun.objects.filter(pk=run_id, organization_id=organization_id, year=year)
            .select_related("scheme")
            .first()
        )
        return _facts(run.scheme) if run is not None else None
    publication = (
        Publication.objects.filter(organization_id=organization_id, year=year).select_related("run__scheme").first()
    )
    if publication is not None:
        return _facts(publication.run.scheme)
    scheme = Scheme.objects.filter(organization_id=organization_id, year=year, status=Scheme.Status.CURRENT).first()
    return _facts(scheme) if scheme is not None else None


# --- publication --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationState:
    """Where an organization's year stands on its way out. `run_id`/`version`: the version the committee confirmed
    or, once published, the version in force (moved on by an appeal or an exemption: `adopted_on` is the day the
    latest such version was adopted)."""

    organization_id: int
    year: int
    publication_id: int | None
    state: str  # "" (nothing confirmed yet), "confirmed", "posted", "published"
    state_label: str
    published: bool
    published_on: datetime.date | None
    run_id: int | None
    version: int | None
    adopted_on: datetime.date | None
    scheme: SchemeFacts | None
    audit_subject: AuditSubject | None  # the publication, to name in another app's audit row about it


def _with_adoption(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    """Annotates `adopted_at`, the latest adoption of a later version (audited), in the same statement."""
    adoptions = AuditLog.objects.filter(
        action=ADOPT_ACTION,
        subject_type__app_label="assessments",
        subject_type__model="publication",
        subject_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-created_at")
    return qs.select_related("run__scheme", "organization").annotate(
        adopted_at=Subquery(adoptions.values("created_at")[:1])
    )


def _state(publication: Publication) -> PublicationState:
    adopted_at = getattr(publication, "adopted_at", None)
    return PublicationState(
        organization_id=publication.organization_id,
        year=publication.year,
        publication_id=publication.pk,
        state=publication.state,
        state_label=publication.get_state_display(),
        published=publication.state == Publication.State.PUBLISHED,
        published_on=publication.published_on,
        run_id=publication.run_id,
        version=publication.run.version,
        adopted_on=timezone.localdate(adopted_at) if adopted_at else None,
        scheme=_facts(publication.run.scheme),
        audit_subject=AuditSubject("assessments", "publication", publication.pk, str(publication)),
    )


def publication_state(*, organization_id: int, year: int) -> PublicationState:
    """The year's state; a year nothing has been confirmed for says so (state "", not published). One query."""
    publication = _with_adoption(Publication.objects.filter(organization_id=organization_id, year=year)).first()
    if publication is not None:
        return _state(publication)
    return PublicationState(
        organization_id=organization_id,
        year=year,
        publication_id=None,
        state="",
        state_label=_("未确认"),
        published=False,
        published_on=None,
        run_id=None,
        version=None,
        adopted_on=None,
        scheme=None,
        audit_subject=None,
    )


def publication_state_by_id(*, publication_id: int, lock: bool = False) -> PublicationState | None:
    """The state of one publication (the id a publication listener is given). `lock`: hold the publication's row
    until the caller's transaction ends, so that two jobs following the same publication run one after the other."""
    qs = Publication.objects.filter(pk=publication_id)
    if lock:
        qs = qs.select_for_update(of=("self",))
    publication = _with_adoption(qs).first()
    return _state(publication) if publication is not None else None


def publication_states(*, organization_id: int, years: Iterable[int] | None = None) -> dict[int, PublicationState]:
    """The organization's published years (of `years`, when given): {year: state}. One query."""
    qs = Publication.objects.filter(organization_id=organization_id, state=Publication.State.PUBLISHED)
    if years is not None:
        qs = qs.filter(year__in=list(years))
    return {p.year: _state(p) for p in _with_adoption(qs)}


def published_years(*, organization_id: int) -> list[int]:
    """The organization's published years, newest first."""
    return list(
        Publication.objects.filter(organization_id=organization_id, state=Publication.State.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def recently_published(*, since: datetime.date) -> list[PublicationState]:
    """Every published year published on or after `since`, or changed since (a later version adopted), in the order
    they were first confirmed: what a periodic sweep over recent publications looks at."""
    recent = Q(published_on__gte=since) | Q(updated_at__date__gte=since)
    qs = Publication.objects.filter(recent, state=Publication.State.PUBLISHED).order_by("pk")
    return [_state(p) for p in _with_adoption(qs)]
