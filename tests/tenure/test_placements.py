"""The committee's placement at term end writes the appointment changes through org: each outcome ends the post
with its reason and starts the new one; re-appointment is refused at the cap, early retirement without 30 years of
service or the cadre's consent, a placement by anyone but the committee — and a refused placement changes nothing."""

import datetime

import pytest

from common.errors import ApplicationError
from common.models import AuditLog
from org.models import Appointment, Post
from tenure.models import Placement, Term
from tenure.services.placements import placement_record
from tests.tenure.conftest import appoint, dismiss, person, principal_post

D = datetime.date


@pytest.fixture
def term(world, policy):
    """甲, principal of a unit under 综合科 since 2022 (term 2022–2026)."""
    post = principal_post(world, parent=world.unit_a)
    return appoint(person(world, "甲", unit=post.unit), post, D(2022, 3, 1)).tenure_terms.get()


def place(term, actor, outcome, **kwargs):
    values = {"effective_on": term.ends_on + datetime.timedelta(days=1), "document_no": "党组〔2026〕1号"}
    values |= {"document_date": D(2026, 11, 20)} | kwargs
    return placement_record(term=term, actor=actor, outcome=outcome, **values)


def snapshot():
    return (Appointment.objects.count(), Placement.objects.count(), AuditLog.objects.count(), Term.objects.count())


def test_re_appointment_ends_the_term_and_starts_a_new_one(term, world):
    placement = place(term, world.users["committee"], "reappoint", note="连任")
    old = Appointment.objects.get(pk=term.appointment_id)
    assert (old.end_date, old.end_reason, old.end_document_no) == (D(2027, 1, 1), "term_end", "党组〔2026〕1号")
    new = placement.new_appointment
    assert (new.post_id, new.start_date, new.end_date) == (term.post_id, D(2027, 1, 1), None)
    assert new.tenure_terms.get().number == 2
    assert AuditLog.objects.filter(action="tenure.placement.record", subject_id=str(placement.pk)).exists()


def test_exchange_needs_another_unit_and_the_subordinate_post_lies_below(term, world):
    committee = world.users["committee"]
    same_unit = Post.objects.create(unit=term.post.unit, name="副主任", kind=Post.Kind.DEPUTY)
    before = snapshot()
    with pytest.raises(ApplicationError) as refused:
        place(term, committee, "exchange", new_post=same_unit)
    assert "new_post" in refused.value.field_errors and snapshot() == before
    with pytest.raises(ApplicationError):
        place(term, committee, "subordinate", new_post=world.post_b)  # 城关所 is not below this unit
    assert snapshot() == before
    below = principal_post(world, parent=term.post.unit)
    placement = place(term, committee, "subordinate", new_post=below)
    assert placement.new_appointment.post_id == below.pk
    assert Appointment.objects.get(pk=term.appointment_id).end_reason == "reassigned"


def test_early_retirement_needs_thirty_years_and_consent(term, world):
    committee = world.users["committee"]
    before = snapshot()
    with pytest.raises(ApplicationError) as refused:
        place(term, committee, "early_retirement")
    assert "consent_on" in refused.value.field_errors
    # 甲 began work on 1 July 1990: 36 years by 2027, enough; a cadre who began in 2000 is not
    Term.objects.get(pk=term.pk).cadre.__class__.objects.filter(pk=term.cadre_id).update(work_start_date=D(2000, 7, 1))
    with pytest.raises(ApplicationError) as refused:
        place(term, committee, "early_retirement", consent_on=D(2026, 11, 1))
    assert "工龄满 30 年" in refused.value.message and snapshot() == before
    term.cadre.__class__.objects.filter(pk=term.cadre_id).update(work_start_date=D(1990, 7, 1))
    place(term, committee, "early_retirement", consent_on=D(2026, 11, 1))
    assert Appointment.objects.get(pk=term.appointment_id).end_reason == "retired"


def test_waiting_ends_the_post_without_a_new_one(term, world):
    placement = place(term, world.users["committee"], "waiting")
    assert placement.new_appointment is None
    assert not Appointment.objects.filter(cadre=term.cadre, end_date__isnull=True).exists()


def test_only_the_committee_places_and_only_once(term, world):
    before = snapshot()
    for persona in ("hr", "admin", "cadre"):
        with pytest.raises(ApplicationError):
            place(term, world.users[persona], "waiting")
    assert snapshot() == before
    place(term, world.users["committee"], "waiting")
    with pytest.raises(ApplicationError):
        place(term, world.users["committee"], "waiting")


def test_a_contract_is_renewed_not_reappointed(world, policy):
    post = principal_post(world, parent=world.unit_a, kind=Post.Kind.DEPUTY)
    term = appoint(person(world, "乙"), post, D(2022, 3, 1)).tenure_terms.get()
    with pytest.raises(ApplicationError) as refused:
        place(term, world.users["committee"], "reappoint")
    assert "outcome" in refused.value.field_errors
    placement = place(term, world.users["committee"], "renew")
    assert placement.new_appointment.start_reason == "hired"


def test_re_appointment_at_the_cap_is_refused_and_nothing_changes(world, policy):
    post = principal_post(world, parent=world.unit_a)
    cadre = person(world, "丙")
    first = appoint(cadre, post, D(2017, 3, 1))
    dismiss(first, D(2022, 1, 1), reason="term_end")
    term = appoint(cadre, post, D(2022, 1, 1), decided=D(2021, 12, 20)).tenure_terms.get()
    before = snapshot()
    with pytest.raises(ApplicationError) as refused:
        place(term, world.users["committee"], "reappoint")
    assert "任职上限" in refused.value.message
    assert snapshot() == before
    assert Appointment.objects.get(pk=term.appointment_id).end_date is None
