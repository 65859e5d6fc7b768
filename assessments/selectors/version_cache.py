"""What a published result version shows, computed once and kept in Django's cache (settings.CACHES: Redis in
production, local memory in the embedded default and the tests).

A published version never changes: a revision, a re-computation after an appeal or an exemption is a new ResultRun,
which a publication adopts (services.publication.publication_adopt_run). So a value is keyed by the run (its id and
creation time, so that a re-created or restored database never meets another run's values), by the publication row
as it was last saved (its id and update time: any change of the publication is a new key) and by the language of the
labels; nothing else invalidates it. Only the published run of a year is cached: before publication the committee's
tie decisions still change what a run shows, and a year not yet published (the running chart) is computed on each
request.

A value is the data of the version — every row of a group, a cadre's rows over the years — never a page of one user:
each request still asks the database which rows the user may see (the scoped queries of selectors.results) and takes
only those from the value. Nothing cached here names a rater (rater_privacy's rule depends on the viewer, so its
results are never cached).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from assessments.models import Publication, ResultRun

# A published version never changes; the timeout only bounds what an old year keeps in the cache.
CACHE_SECONDS = 7 * 24 * 60 * 60
KEY_VERSION = 2  # raise when the shape of a cached value changes


def published_publication(run: ResultRun) -> Publication | None:
    """The publication row when `run` is the published version of its year, else None. One query."""
    publication = (
        Publication.objects.filter(
            organization_id=run.organization_id, year=run.year, state=Publication.State.PUBLISHED
        )
        .only("pk", "run_id", "state", "updated_at")
        .first()
    )
    return publication if publication is not None and publication.run_id == run.pk else None


def _stamp(value) -> int:
    return int(value.timestamp() * 1_000_000)


def version_key(publications: Iterable[tuple[int, Any, int, Any]], *parts) -> str:
    """The key of a value drawn from these published versions: (run id, run created_at, publication id, publication
    updated_at) each, the language and `parts`."""
    versions = ",".join(f"{r}.{_stamp(rc)}.{p}.{_stamp(pu)}" for r, rc, p, pu in sorted(publications))
    return ":".join(["assessments", f"v{KEY_VERSION}", versions, get_language() or "", *map(str, parts)])


def cached(key: str, compute: Callable[[], Any]) -> Any:
    return cache.get_or_set(key, compute, CACHE_SECONDS)


def run_key(run: ResultRun, publication: Publication, *parts) -> str:
    return version_key([(run.pk, run.created_at, publication.pk, publication.updated_at)], *parts)
