"""Every action tenure writes to the audit log has its name for the pages."""

import re
from pathlib import Path

from django.conf import settings

from common.audit_display import action_label

ACTION_CODE = re.compile(r'"(tenure\.[a-z_]+\.[a-z_]+)"')


def test_every_tenure_action_has_a_label():
    written = {
        code
        for path in (Path(settings.BASE_DIR) / "tenure").rglob("*.py")
        if "migrations" not in path.parts
        for code in ACTION_CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 25
    assert [code for code in sorted(written) if action_label(code) == code] == []
