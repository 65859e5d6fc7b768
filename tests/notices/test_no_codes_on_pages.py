"""Pages never show internal codes where a label exists: the Django admin's notice and audit lists, the usage
export's audit history, the scheme's components."""

import re

import pytest
from django.urls import reverse

from common.audit import audit_log_record
from notices.services import notices_announce
from tests.conftest import client_for


def shown(response) -> str:
    """The text a person reads: tags and their attributes (links, form values) left out."""
    return re.sub(r"<[^>]+>", " ", response.content.decode())


@pytest.fixture
def rows(world):
    notices_announce(
        recipients=[world.users["cadre"]],
        kind="demotion.tolerance",
        subject=world.cadre,
        occurrence="before:3",
        title="容错免责申请待认定",
    )
    audit_log_record(actor=world.users["hr"], action="demotion.tolerance.request", subject=world.cadre, after={})
    audit_log_record(
        actor=world.users["hr"],
        action="demotion.usage.export",
        subject=world.cadre,
        after={"format": "csv", "year": 2024, "lists": ["admonish", "not_reappointed"], "rows": 0},
    )


def test_the_admin_audit_list_says_actions_in_words(rows, world):
    page = shown(client_for(world, "auditadmin").get(reverse("admin:common_auditlog_changelist")))
    assert "申请容错免责" in page
    assert "demotion.tolerance.request" not in page and "demotion.usage.export" not in page


def test_the_admin_notice_list_says_kinds_and_reminders_in_words(rows, world):
    from django.contrib.auth.models import Permission

    viewer = world.users["auditadmin"]
    viewer.user_permissions.add(Permission.objects.get(codename="view_notice"))
    page = client_for(world, "auditadmin").get(reverse("admin:notices_notice_changelist"))
    assert page.status_code == 200
    html = shown(page)
    assert "容错免责" in html and "截止前3个工作日" in html
    assert "demotion.tolerance" not in html and "before:3" not in html


def test_the_audit_history_names_the_exported_lists(rows, world):
    from common.audit_display import audit_entries
    from common.models import AuditLog

    entry = audit_entries(AuditLog.objects.filter(action="demotion.usage.export"))[0]
    shown = " ".join(f"{c.label} {c.new}" for c in entry.changes)
    assert "基本称职:诫勉并限期改正" in shown and "admonish" not in shown and "not_reappointed" not in shown
