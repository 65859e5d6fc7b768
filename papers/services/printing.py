"""Printing a paper discloses personnel data: each print is recorded in the audit log (who, which paper, of what),
then the PDF is made (papers.pdf)."""

from __future__ import annotations

from django.db import transaction

from common.audit import audit_log_record
from org.models import Organization
from papers.pdf.pack import pack_pdf
from papers.pdf.registration import registration_pdf
from papers.selectors.forms import RegistrationForm
from papers.selectors.pack import MeetingPack

FORMS = "forms"
PACK = "pack"


@transaction.atomic
def print_record(*, actor, organization: Organization, year: int, what: str, scope: str, rows: int) -> None:
    audit_log_record(
        actor=actor,
        action="papers.print",
        subject=organization,
        after={"what": what, "year": year, "scope": scope, "rows": rows},
    )


def forms_print(*, actor, organization: Organization, year: int, forms: list[RegistrationForm], scope: str) -> bytes:
    print_record(actor=actor, organization=organization, year=year, what=FORMS, scope=scope, rows=len(forms))
    return registration_pdf(forms)


def pack_print(*, actor, pack: MeetingPack, scope: str) -> bytes:
    rows = sum(g.size for g in pack.groups)
    print_record(actor=actor, organization=pack.organization, year=pack.year, what=PACK, scope=scope, rows=rows)
    return pack_pdf(pack)
