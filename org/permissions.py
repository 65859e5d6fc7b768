"""Page and API access by role. Everything is denied unless a view names the roles it admits."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from org.roles import get_roles


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user_roles = get_roles(request.user)
            if not any(user_roles.has(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


class HasRole(BasePermission):
    """DRF: `permission_classes = [HasRole.of("hr", "committee")]`."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str):
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        user_roles = get_roles(request.user)
        return bool(request.user and request.user.is_authenticated) and any(user_roles.has(r) for r in self.roles)
