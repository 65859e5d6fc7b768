"""One-time codes: how they are made and stored, issuing a batch, voiding a code or a batch."""

import hashlib
import hmac
import math
import re

import pytest
from django.db import connection

from ballots import codes as code_rules
from ballots.models import BallotCode, CodeBatch
from ballots.services.codes import code_batch_issue, code_batch_void, code_void
from ballots.services.evaluations import evaluation_close
from common.errors import ApplicationError
from common.models import AuditLog
from tests.ballots.conftest import cast, issue, make_evaluation


def test_a_code_has_at_least_40_bits_and_no_character_that_reads_like_another():
    # given the alphabet and the length
    assert math.log2(len(code_rules.ALPHABET)) * code_rules.LENGTH >= 40
    assert math.log2(len(code_rules.ALPHABET)) * code_rules.LENGTH >= code_rules.ENTROPY_BITS
    assert not set("01OIL") & set(code_rules.ALPHABET)
    # when codes are made
    made = {code_rules.generate() for _ in range(2000)}
    # then they use the alphabet, all of it, and do not repeat
    assert all(re.fullmatch(f"[{code_rules.ALPHABET}]{{{code_rules.LENGTH}}}", c) for c in made)
    assert set("".join(made)) == set(code_rules.ALPHABET)
    assert len(made) == 2000


def test_what_a_rater_types_is_read_leniently():
    assert code_rules.normalize(" abcde-fghjk ") == "ABCDEFGHJK"
    assert code_rules.normalize("ABCDE\u3000FGHJK") == "ABCDEFGHJK"
    assert code_rules.display("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert not code_rules.well_formed("ABCDEFGHJ0")  # 0 is not in the alphabet


def test_a_code_is_stored_as_an_hmac_under_a_server_key(settings):
    # given a code key
    settings.BALLOT_CODE_KEY = "k" * 32
    # then the stored value is the HMAC-SHA256 under it, not a plain hash, and another key gives another value
    expected = hmac.new(b"k" * 32, b"ABCDEFGHJK", hashlib.sha256).hexdigest()
    assert code_rules.code_hash("ABCDEFGHJK") == expected
    assert code_rules.code_hash("ABCDEFGHJK") != hashlib.sha256(b"ABCDEFGHJK").hexdigest()
    settings.BALLOT_CODE_KEY = ""
    assert code_rules.code_hash("ABCDEFGHJK") != expected


def _all_text_in_the_database() -> str:
    """Every table of the project dumped as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — names from the schema
            parts.append(repr(cursor.fetchall()))
    return "\n".join(parts)


def test_issuing_stores_only_the_hashes_and_audits_without_the_codes(made, world):
    # when HR issues six codes for 中层干部 of 综合科
    plain = issue(made, world, size=6)
    # then six codes, each stored as its hash, in the batch's serial order
    batch = CodeBatch.objects.get(evaluation=made.evaluation)
    stored = list(BallotCode.objects.filter(batch=batch).order_by("serial"))
    assert [c.serial for c in stored] == [1, 2, 3, 4, 5, 6]
    assert [c.code_hash for c in stored] == [code_rules.code_hash(p) for p in plain]
    assert {c.state for c in stored} == {"issued"} and {c.unit_id for c in stored} == {world.unit_a.pk}
    # and no table holds any code in plain text, in either way it is written
    dump = _all_text_in_the_database()
    for code in plain:
        assert code not in dump and code_rules.display(code) not in dump
    # and the audit row says how many, for whom, never which
    row = AuditLog.objects.get(action="ballots.codes.issue")
    assert row.after == {"batch": 1, "unit_name": "综合科", "category_name": "中层干部", "size": 6, "format": "pdf"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit": "unit_b"}, "unit"),  # 城关所 is not under 综合科
        ({"size": 0}, "size"),
        ({"size": 1001}, "size"),
        ({"file_format": "doc"}, "file_format"),
    ],
)
def test_a_refused_issue_writes_nothing(made, world, change, field):
    values = {"unit": world.unit_a, "category": made.categories["职工代表"], "size": 3, "file_format": "pdf"}
    values.update({k: getattr(world, v) if k == "unit" else v for k, v in change.items()})
    with pytest.raises(ApplicationError) as refused:
        code_batch_issue(evaluation=made.evaluation, actor=world.users["hr"], **values)
    assert field in refused.value.field_errors
    assert not CodeBatch.objects.exists() and not BallotCode.objects.exists()


def test_hr_of_another_subtree_cannot_issue(made, world):
    with pytest.raises(ApplicationError):
        code_batch_issue(
            evaluation=made.evaluation,
            actor=world.users["hr_other"],
            unit=world.unit_a,
            category=made.categories["职工代表"],
            size=3,
            file_format="pdf",
        )
    assert not BallotCode.objects.exists()


def test_a_lost_slip_is_voided_by_its_code_or_by_batch_and_serial(made, world):
    plain = issue(made, world, size=3)
    hr = world.users["hr"]
    # when one code is voided by its text and another by the numbers printed on its slip
    code_void(evaluation=made.evaluation, actor=hr, reason="遗失", code=code_rules.display(plain[0]).lower())
    code_void(evaluation=made.evaluation, actor=hr, reason="未发出", batch_number=1, serial=2)
    # then both are voided, with the time and who, and audited; the third is untouched
    states = dict(BallotCode.objects.values_list("serial", "state"))
    assert states == {1: "voided", 2: "voided", 3: "issued"}
    assert BallotCode.objects.filter(state="voided", voided_at__isnull=False, voided_by=hr).count() == 2
    assert AuditLog.objects.filter(action="ballots.code.void").count() == 2


def test_a_used_code_cannot_be_voided_so_no_ballot_is_withdrawn(made, world):
    plain = issue(made, world, size=2)
    cast(made, plain[0], {"张三": "competent", "王五": "competent"})
    with pytest.raises(ApplicationError) as refused:
        code_void(evaluation=made.evaluation, actor=world.users["hr"], reason="误发", code=plain[0])
    assert "已经投票" in refused.value.message
    assert BallotCode.objects.get(serial=1).state == "used"
    assert not AuditLog.objects.filter(action="ballots.code.void").exists()


def test_an_unknown_code_or_serial_is_said_to_be_unknown(made, world):
    issue(made, world, size=1)
    hr = world.users["hr"]
    with pytest.raises(ApplicationError, match="没有这个测评码"):
        code_void(evaluation=made.evaluation, actor=hr, reason="x", code="ABCDE-FGHJK")
    with pytest.raises(ApplicationError, match="找不到第1批第9号"):
        code_void(evaluation=made.evaluation, actor=hr, reason="x", batch_number=1, serial=9)
    with pytest.raises(ApplicationError, match="作废原因"):
        code_void(evaluation=made.evaluation, actor=hr, reason=" ", batch_number=1, serial=1)
    assert BallotCode.objects.get().state == "issued"


def test_a_batch_voids_its_unused_codes_only(made, world):
    plain = issue(made, world, size=4)
    cast(made, plain[1], {"张三": "competent", "王五": "competent"})
    batch = CodeBatch.objects.get()
    assert code_batch_void(batch=batch, actor=world.users["hr"], reason="测评码单遗失") == 3
    assert dict(BallotCode.objects.values_list("serial", "state")) == {1: "voided", 2: "used", 3: "voided", 4: "voided"}
    with pytest.raises(ApplicationError, match="没有未使用"):
        code_batch_void(batch=batch, actor=world.users["hr"], reason="再次")


def test_no_codes_for_a_closed_evaluation(world):
    made = make_evaluation(world, min_ballots=1)
    issue(made, world, size=1)
    BallotCode.objects.update(state="voided", voided_at="2025-01-01T00:00:00Z")
    evaluation_close(evaluation=made.evaluation, actor=world.users["hr"])
    with pytest.raises(ApplicationError, match="已结束"):
        issue(made, world, size=1)
    assert BallotCode.objects.count() == 1
