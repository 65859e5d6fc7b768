"""Write-matrix entries for the papers, merged into tests/test_write_matrix.py (which passes Case and api in). The
deadline is organization-wide HR's; a paper summary is filed by HR whose units hold the cadre (城关所's HR is told
张三 does not exist); each cadre writes their own summary."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from papers.models import SummaryDeadline

READ_ONLY: set = {"papers:index", "papers:forms_pdf", "papers:pack_pdf"}


def _open_summaries(world) -> None:
    SummaryDeadline.objects.create(organization=world.org, year=2024, deadline=datetime.date(2099, 12, 31))


def writes(Case, api) -> dict:
    return {
        "papers:deadline_set": [
            Case(
                "the 2024 deadline",
                data=lambda w, p: {"year": "2024", "deadline": "2025-01-15"},
                writers=frozenset({"admin", "hr_all"}),
            )
        ],
        "papers:paper_upload": [
            Case(
                "张三's paper summary",
                kwargs=lambda w: {"pk": w.cadre.pk},
                data=lambda w, p: {"year": "2024", "paper": SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n%%EOF\n")},
                writers=frozenset({"admin", "hr", "hr_all"}),
                hidden=frozenset({"hr_other"}),
            )
        ],
        "papers:mine": [
            Case(
                "one's own summary",
                data=lambda w, p: {"action": "summary", "year": "2024", "text": "一年来,认真履职。"},
                prepare=_open_summaries,
                writers=frozenset({"cadre", "other_cadre", "pingyi"}),
            )
        ],
    }
