"""The audit of reads (安全审计, GB/T 22239-2019 8.1.4.3; 个人信息保护法 art. 51): every view of a person's scores,
results, cases, cards, evaluations or personal data by someone other than that person is recorded — who, whom,
what, when, from where (common.models.ReadLog). A list records the query that was asked, not every row it showed.

Each app declares its pages by URL name in its own `read_audit` module (imported from its AppConfig.ready()):

    register("org:cadre_detail", _("干部详情"), person=person_of("org.Cadre"))
    register("org:cadre_list", _("干部名册"), listing=True)

`person` names the cadre a page is about from the URL's arguments; it costs one query, run only for a page that
answered 200. The middleware writes the row after the view has answered, so a refused or missing page records
nothing (the request log has it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from common.audit import request_address
from common.audit_chain import seal_after_commit
from common.client import client_address


@dataclass(frozen=True)
class Person:
    cadre_id: int
    label: str  # name and 工号 as they are at the time of the read
    user_id: int | None  # the cadre's own account: reading oneself is not recorded


@dataclass(frozen=True)
class ReadSpec:
    what: str  # what the page shows, for the audit administrator's page
    person: Callable[[dict], Person | None] | None = None
    listing: bool = False


_pages: dict[str, ReadSpec] = {}
# Whether a user's lists can only hold their own records (a cadre's own cases), so that reading them is not a read of
# anyone else; org decides it from the user's roles (set in org.read_audit).
_sees_only_own: Callable[[object], bool] = lambda user: False  # noqa: E731


def register(url_name: str, what, *, person: Callable[[dict], Person | None] | None = None, listing: bool = False):
    if (person is None) == (not listing):
        raise ValueError(f"{url_name}: a page is either about one person or a listing")
    _pages[url_name] = ReadSpec(what=what, person=person, listing=listing)


def set_own_records_only(predicate: Callable[[object], bool]) -> None:
    global _sees_only_own
    _sees_only_own = predicate


def registered() -> dict[str, ReadSpec]:
    return dict(_pages)


def what_label(url_name: str) -> str:
    spec = _pages.get(url_name)
    return str(spec.what) if spec else url_name


def person_of(model_label: str, path: str = "", kwarg: str = "pk") -> Callable[[dict], Person | None]:
    """The cadre a page is about: the row named by the URL's `kwarg`, followed along `path` to its cadre ("" when
    the row is the cadre)."""
    prefix = f"{path}__" if path else ""

    def find(kwargs: dict) -> Person | None:
        model = apps.get_model(model_label)
        found = (
            model._base_manager.filter(pk=kwargs.get(kwarg))
            .values_list(f"{prefix}id", f"{prefix}name", f"{prefix}employee_no", f"{prefix}user_id")
            .first()
        )
        if found is None or found[0] is None:
            return None
        cadre_id, name, number, user_id = found
        return Person(cadre_id=cadre_id, label=f"{name}({number})", user_id=user_id)

    return find


def reads_of_person(*, cadre_id: int, own_user_id: int | None, limit: int = 50):
    """Who read a person's records, newest first (the person's own reads left out)."""
    rows = apps.get_model("common", "ReadLog").objects.filter(cadre_id=cadre_id).select_related("actor")
    if own_user_id:
        rows = rows.exclude(actor_id=own_user_id)
    return rows.order_by("-created_at", "-id")[:limit]


def _url_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def read_record(*, actor, view: str, path: str, query: str, person: Person | None, address: str | None):
    ReadLog = apps.get_model("common", "ReadLog")
    row = ReadLog.objects.create(
        actor=actor,
        view=view,
        path=path[:500],
        query=query[:1000],
        cadre_id=person.cadre_id if person else None,
        person=person.label[:100] if person else "",
        address=address,
    )
    seal_after_commit("common.readlog")
    return row


def record_read(request, response) -> None:
    view = _url_name(request)
    spec = _pages.get(view or "")
    user = getattr(request, "user", None)
    if spec is None or view is None or user is None or response.status_code != 200:
        return
    if not getattr(user, "is_authenticated", False):
        return
    person = None
    if spec.listing:
        if _sees_only_own(user):
            return
    else:
        assert spec.person is not None  # register(): a page that is no listing names its person
        person = spec.person(request.resolver_match.kwargs)
        if person is None or person.user_id == user.pk:
            return
    read_record(
        actor=user,
        view=view,
        path=request.path,
        query=request.GET.urlencode() if spec.listing else "",
        person=person,
        address=client_address(request),
    )


class AuditContextMiddleware:
    """Every audit row a request writes carries its client address; every read of a person's records is recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_address.set(client_address(request))
        try:
            response = self.get_response(request)
            record_read(request, response)
        finally:
            request_address.reset(token)
        return response
