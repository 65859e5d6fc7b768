"""The demo's three administrators (三员分立). The demo's `admin` stays the installer superuser."""

from django.conf import settings
from django.contrib.auth import get_user_model

from security.models import AdminRole
from security.services.admins import admin_role_assign

DEMO_ADMINISTRATORS = [
    ("sysadmin", "系统管理员", AdminRole.Role.SYSTEM),
    ("secadmin", "安全管理员", AdminRole.Role.SECURITY),
    ("auditadmin", "审计管理员", AdminRole.Role.AUDIT),
]


def load_administrators(*, organization, year, rng) -> None:
    User = get_user_model()
    for username, name, role in DEMO_ADMINISTRATORS:
        user = User.objects.create_user(username=username, password=settings.CADRE_DEMO_PASSWORD, first_name=name)
        admin_role_assign(user=user, role=role, actor=None, reason="演示数据")
