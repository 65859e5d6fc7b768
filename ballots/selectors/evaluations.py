"""Reads of evaluations, scoped to the user in one place.

HR and the party committee see the evaluations whose organizing unit is in their scope; HR of those units runs them
(the admin: all). The public vote page finds an evaluation by its public key only, never by id.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ballots.models import Evaluation, Item, RaterCategory, Subject
from ballots.tallying import FormSpec
from org import selectors as org_selectors
from org.models import Cadre, Unit
from org.roles import ROLE_COMMITTEE, ROLE_HR, get_roles

READER_ROLES = (ROLE_HR, ROLE_COMMITTEE)


def _scoped(qs: QuerySet, user, roles) -> QuerySet:
    r = get_roles(user)
    if r.is_admin:
        return qs
    return qs.filter(r.unit_q(*roles, prefix="unit__"))


def evaluation_list(*, user) -> QuerySet[Evaluation]:
    """The evaluations the user may read: HR and the committee within their units."""
    return _scoped(Evaluation.objects.select_related("organization", "unit"), user, READER_ROLES)


def manageable_evaluations(*, user) -> QuerySet[Evaluation]:
    """The evaluations the user may run: HR within its units (the admin: all)."""
    return _scoped(Evaluation.objects.select_related("organization", "unit"), user, (ROLE_HR,))


def can_manage(*, user, evaluation: Evaluation) -> bool:
    return manageable_evaluations(user=user).filter(pk=evaluation.pk).exists()


def organizing_units(*, user) -> QuerySet[Unit]:
    """The units HR may organize an evaluation for (its scope)."""
    return org_selectors.unit_list(user=user, roles=(ROLE_HR,)).order_by("organization__code", "path")


def units_under(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.filter(organization_id=unit.organization_id, path__startswith=unit.path).order_by("path")


def cadres_under(unit: Unit) -> QuerySet[Cadre]:
    return Cadre.objects.filter(organization_id=unit.organization_id, unit__path__startswith=unit.path).select_related(
        "unit"
    )


def with_form(qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Evaluations with their subjects, items and categories fetched (three queries, whatever their number)."""
    return qs.prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.select_related("cadre", "cadre__unit", "team")),
        Prefetch("items", queryset=Item.objects.all()),
        Prefetch("categories", queryset=RaterCategory.objects.all()),
    )


def public_evaluation(*, key: str) -> Evaluation | None:
    """The evaluation behind a vote page's address; a draft has no public page yet."""
    return (
        with_form(Evaluation.objects.select_related("organization", "unit"))
        .exclude(state=Evaluation.State.DRAFT)
        .filter(public_key=key)
        .first()
    )


def window_state(evaluation: Evaluation, now=None) -> str:
    """'draft', 'not_yet', 'open', 'ended' (closing time passed, not yet sealed) or 'closed'."""
    now = now or timezone.now()
    if evaluation.is_draft:
        return "draft"
    if evaluation.is_closed:
        return "closed"
    if now < evaluation.opens_at:
        return "not_yet"
    if now >= evaluation.closes_at:
        return "ended"
    return "open"


def form_spec(evaluation: Evaluation) -> FormSpec:
    """What the count needs to know of the form. Three queries."""
    return FormSpec(
        subject_ids=tuple(
            Subject.objects.filter(evaluation=evaluation).order_by("sort_order", "id").values_list("pk", flat=True)
        ),
        items=tuple(Item.objects.filter(evaluation=evaluation).order_by("sort_order", "id").values_list("pk", "scale")),
        categories=tuple(
            RaterCategory.objects.filter(evaluation=evaluation).order_by("sort_order", "id").values_list("pk", "weight")
        ),
        min_ballots=evaluation.min_ballots,
        points=dict(evaluation.points),
    )


def top_cap_allowed(evaluation: Evaluation, subject_count: int) -> int | None:
    """How many subjects one ballot may give the top grade on each graded item (None: no cap). Floored, as the
    national quotas are (《公务员考核规定》: 优秀 at most 20%)."""
    if evaluation.top_cap_percent is None:
        return None
    return evaluation.top_cap_percent * subject_count // 100
