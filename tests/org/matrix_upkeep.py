"""Permission-matrix entries for HR's upkeep of the organization and the logins (merged into
tests/test_permission_matrix.py): every page and endpoint with the roles it admits.

The pages about one row aim at 张三's side of the tree (综合科一组, 张三, his post and appointment): 城关所's HR does
not find them (404); the committee, raters and cadres may not open them (403). The activation page is public.
"""

from org.models import Appointment

HR = {"admin", "hr", "hr_other"}
STAFF = {"admin", "hr", "hr_other", "committee"}
HR_OF_A = {"admin", "hr"}


def _page(ok: set, hidden: set = frozenset()):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 404 if persona in hidden else 403

    return expect


def _api(ok: set):
    def expect(persona):
        if persona == "anonymous":
            return 401
        return 200 if persona in ok else 403

    return expect


def _post_only_page(persona):
    return 302 if persona == "anonymous" else 405


def _post_only_api(admitted: set):
    """A POST-only route: 405 to the roles the view admits, 403 to the rest, 401 to anonymous callers."""

    def expect(persona):
        if persona == "anonymous":
            return 401
        return 405 if persona in admitted else 403

    return expect


def _unit(w) -> dict:
    return {"pk": w.unit_a1.pk}


def _cadre(w) -> dict:
    return {"pk": w.cadre.pk}


def _appointment(w) -> dict:
    return {"pk": Appointment.objects.filter(cadre=w.cadre, end_date__isnull=True).order_by("pk").first().pk}


A_ONLY = _page(HR_OF_A, hidden={"hr_other"})

ENTRIES: dict = {
    "account_activate": (None, lambda persona: 200),
    "org:unit_add": (None, _page(HR)),
    "org:unit_rename": (_unit, A_ONLY),
    "org:unit_move": (_unit, A_ONLY),
    "org:unit_close": (_unit, A_ONLY),
    "org:post_add": (_unit, A_ONLY),
    "org:post_end": (lambda w: {"pk": w.post_a.pk}, A_ONLY),
    "org:cadre_add": (None, _page(HR)),
    "org:cadre_edit": (_cadre, A_ONLY),
    "org:cadre_appoint": (_cadre, A_ONLY),
    "org:cadre_group": (_cadre, A_ONLY),
    "org:cadre_leave": (_cadre, A_ONLY),
    "org:appointment_end": (_appointment, A_ONLY),
    "org:account_list": (None, _page(HR)),
    "org:account_sheet": (None, _page(HR)),
    "org:account_create": (None, _post_only_page),
    "org:account_lock": (None, _post_only_page),
    "org:account_unlock": (None, _post_only_page),
    "org_api:unit-move": (_unit, _post_only_api(STAFF)),
    "org_api:unit-close": (_unit, _post_only_api(STAFF)),
    "org_api:post-end": (lambda w: {"pk": w.post_a.pk}, _post_only_api(STAFF)),
    "org_api:cadre-group": (_cadre, _post_only_api(STAFF)),
    "org_api:cadre-leave": (_cadre, _post_only_api(STAFF)),
    "org_api:appointment-end": (_appointment, _post_only_api(STAFF)),
    "org_api:account-list": (None, _api(HR)),
    "org_api:account-logins": (None, _post_only_api(HR)),
    "org_api:account-lock": (None, _post_only_api(HR)),
    "org_api:account-unlock": (None, _post_only_api(HR)),
}


def setup(world) -> None:
    """Nothing beyond the world: the pages read 张三's side of the tree as it is."""
