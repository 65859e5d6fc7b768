"""The three administrators' permissions in the Django admin come from security.admin_policy, not from Django's
permission rows, so nobody can widen them by editing groups; the superuser keeps Django's own (ModelBackend)."""

from django.contrib.auth.backends import BaseBackend

from org.roles import get_roles
from security.admin_policy import granted, granted_apps


def _role(user_obj) -> str | None:
    if not (user_obj.is_active and user_obj.is_staff) or user_obj.is_superuser or user_obj.is_anonymous:
        return None
    return get_roles(user_obj).admin_role


class AdminRoleBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None  # only permissions come from here

    def has_perm(self, user_obj, perm, obj=None):
        app_label, _dot, codename = perm.partition(".")
        action, _sep, model = codename.partition("_")
        return granted(_role(user_obj), app_label, action, model)

    def has_module_perms(self, user_obj, app_label):
        return app_label in granted_apps(_role(user_obj))
