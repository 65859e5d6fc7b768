"""Reads of annual results, scoped to the user. Other apps (step-down, recall, tenure) read published results
through here."""

from django.db.models import Q, QuerySet

from assessments.models import Publication, Result, ResultRun
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

STAFF_ROLES = (ROLE_HR, ROLE_COMMITTEE)


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


def run_list(*, user) -> QuerySet[ResultRun]:
    qs = ResultRun.objects.select_related("organization", "scheme", "group", "requested_by")
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(organization_id__in=r.organization_ids(*STAFF_ROLES))


def result_list(*, user, run: ResultRun) -> QuerySet[Result]:
    """The run's results of cadres in the user's scope (a cadre: only their own, and only once published)."""
    qs = Result.objects.filter(run=run).select_related("cadre", "cadre__unit", "group")
    r = get_roles(user)
    if r.is_admin:
        return qs
    q = r.unit_q(*STAFF_ROLES, prefix="cadre__unit__")
    if r.cadre is not None and published_run(organization_id=run.organization_id, year=run.year) == run:
        q |= Q(cadre_id=r.cadre.pk)
    return qs.filter(q)


def cadre_published_results(*, cadre) -> QuerySet[Result]:
    """A cadre's published results over the years, newest first."""
    runs = Publication.objects.filter(organization_id=cadre.organization_id, state=Publication.State.PUBLISHED).values(
        "run_id"
    )
    return Result.objects.filter(run_id__in=runs, cadre=cadre).select_related("run", "group").order_by("-run__year")
