"""What every tenure page shares: a form that, once valid, calls one service — a refusal shown next to the fields it
names (or above the form), a success said once before going on — and the organization a page is about."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from common.errors import ApplicationError, add_error_to_form
from org.roles import get_roles

STAFF_ROLES = ("admin", "hr", "committee")


def submitted(request, form, *, write: Callable[[dict], object], message: str | Callable, to: str | Callable):
    """POST with a valid form: call `write(cleaned_data)`; on success say `message` and redirect to `to` (each may be
    a function of the result). Returns the redirect, or None when the form is shown again (with its errors)."""
    if request.method != "POST" or not form.is_bound or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ApplicationError as error:
        add_error_to_form(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(to(result) if callable(to) else to)


def chosen_organization(request, organizations):
    """The organization named by `organization` (GET or POST) among those offered, else the first; 404 if none."""
    organizations = list(organizations)
    chosen = request.POST.get("organization") or request.GET.get("organization") or ""
    if chosen:
        match = [o for o in organizations if str(o.pk) == chosen]
        if not match:
            raise Http404
        return match[0], organizations
    if not organizations:
        raise Http404
    return organizations[0], organizations


def roles_or_team(*roles: str):
    """Like org.permissions.role_required, also admitting a member of a term evaluation's 考评组 (who may hold no
    role at all); what such a member may see is the view's selector's to say."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from tenure.selectors.evaluations import scoring_rounds

            user_roles = get_roles(request.user)
            if not any(user_roles.has(role) for role in roles) and not scoring_rounds(user=request.user).exists():
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = (*roles, "evaluation_team")
        return wrapped

    return decorator
