"""Page and API access by role. Everything is denied unless a view names the roles it admits."""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from rest_framework.permissions import BasePermission

from org.roles import ROLE_ADMIN, ROLE_CADRE, ROLE_COMMITTEE, ROLE_HR, get_roles


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user_roles = get_roles(request.user)
            if not any(user_roles.has(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]  # a mark on the view naming its roles
        return wrapped

    return decorator


CADRE_CHOICES = 2000  # the 工号 suggestions a cadre picker offers


@dataclass(frozen=True)
class ActingFor:
    """Whose filing a page takes, and what its cadre picker shows (the form's context)."""

    cadre: object | None
    employee_no: str  # the 工号 typed
    for_others: bool  # the user files for others (HR, the admin), so the page shows the picker
    on_behalf: bool  # the cadre is not the user himself
    candidates: QuerySet

    def context(self) -> dict:
        return {
            "cadre": self.cadre,
            "on_behalf": self.on_behalf,
            "for_others": self.for_others,
            "employee_no": self.employee_no,
            "cadre_not_found": self.for_others and bool(self.employee_no) and self.cadre is None,
            "cadre_choices": self.candidates.order_by("employee_no")[:CADRE_CHOICES] if self.for_others else [],
        }


def cadre_acted_for(request, *, candidates: QuerySet) -> ActingFor:
    """Whose filing a page takes (an appeal, an exemption request): HR (and the admin) name a cadre by 工号, the
    `cadre` field or query parameter, among `candidates` (their scope); anyone else files their own, whatever the
    query string says."""
    roles = get_roles(request.user)
    own = roles.cadre
    for_others = roles.is_admin or roles.has(ROLE_HR)
    employee_no = ""
    if not for_others:
        cadre = own
    else:
        employee_no = (request.POST.get("cadre") or request.GET.get("cadre") or "").strip()
        if own is not None and employee_no in ("", own.employee_no):
            cadre = own
        elif employee_no:
            matches = list(candidates.filter(employee_no=employee_no)[:2])
            cadre = matches[0] if len(matches) == 1 else None
        else:
            cadre = None
    on_behalf = cadre is not None and (own is None or own.pk != cadre.pk)
    return ActingFor(
        cadre=cadre, employee_no=employee_no, for_others=for_others, on_behalf=on_behalf, candidates=candidates
    )


class HasRole(BasePermission):
    """DRF: `permission_classes = [HasRole.of("hr", "committee")]`."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str):
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        user_roles = get_roles(request.user)
        return bool(request.user and request.user.is_authenticated) and any(user_roles.has(r) for r in self.roles)


# The role groups the endpoints of several apps admit.
Staff = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE)
HRWrite = HasRole.of(ROLE_ADMIN, ROLE_HR)
# The party committee's decisions are its own, not the system administrator's by virtue of being one.
Committee = HasRole.of(ROLE_COMMITTEE)
StaffOrCadre = HasRole.of(ROLE_ADMIN, ROLE_HR, ROLE_COMMITTEE, ROLE_CADRE)
