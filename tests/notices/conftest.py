"""A deadline kind for tests: every open appointment owes a letter one month after it began (the shape of the
主动让贤承诺书 deadline), told to the cadre, escalated to HR users of the organization."""

import pytest
from django.contrib.auth import get_user_model

from common.workdays import add_months
from notices import registry
from org.models import Appointment, RoleAssignment

TEST_KIND = "tests.letter"


def hr_users_of(appointment):
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=RoleAssignment.Role.HR,
            role_assignments__organization_id=appointment.cadre.organization_id,
        )
        .distinct()
    )


def make_kind(**overrides):
    options = {
        "code": TEST_KIND,
        "label": "测试承诺书",
        "queryset": lambda: Appointment.objects.filter(end_date__isnull=True).select_related("cadre__user", "post"),
        "due_date": lambda a: add_months(a.start_date, 1),
        "recipients": lambda a: [a.cadre.user],
        "describe": lambda a: (f"签署承诺书:{a.post.name}", "请登录系统签署。", f"/org/cadres/{a.cadre_id}/"),
        "reminders": (registry.Reminder.before(3), registry.Reminder.on_due(), registry.Reminder.after(1)),
        "escalate_to": hr_users_of,
        "escalate_after": 2,
        "unit_of": lambda a: a.cadre.unit,
        "unit_field": "cadre__unit",
    }
    options.update(overrides)
    return registry.DeadlineKind(**options)


@pytest.fixture
def letter_kind():
    kind = registry.register(make_kind())
    yield kind
    registry.unregister(TEST_KIND)
