"""Terms computed from appointments through the services: appointing, ending and editing an appointment recompute
the post's terms in the same transaction, audited with who changed what and why; a new policy version recomputes
them; caps refuse a re-appointment through org's check, and nothing is written then."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from common.errors import ApplicationError
from common.models import AuditLog
from org.appointment_hooks import appointments_changed
from org.models import Appointment, Post
from tenure.models import Term
from tenure.services.terms import terms_sync
from tests.tenure.conftest import appoint, dismiss, make_policy, person, principal_post

D = datetime.date


def terms_of(post):
    return list(Term.objects.filter(post=post).order_by("starts_on", "seq"))


def test_a_principal_decided_on_30_june_starts_the_year_a_day_later_the_next(world, policy):
    # given two principal posts
    first, second = principal_post(world), principal_post(world)
    # when one principal is decided on 30 June and another on 1 July
    appoint(person(world, "甲"), first, D(2025, 7, 1), decided=D(2025, 6, 30))
    appoint(person(world, "乙"), second, D(2025, 7, 2), decided=D(2025, 7, 1))
    # then the first term starts on 1 January of that year, the second on 1 January of the next
    [a] = terms_of(first)
    [b] = terms_of(second)
    assert (a.starts_on, a.ends_on, a.number, a.regime) == (D(2025, 1, 1), D(2029, 12, 31), 1, "term")
    assert (b.starts_on, b.ends_on) == (D(2026, 1, 1), D(2030, 12, 31))


def test_a_successor_inherits_and_the_change_is_audited(world, policy):
    post = principal_post(world)
    admin = world.users["admin"]
    first = appoint(person(world, "甲"), post, D(2022, 3, 1), decided=D(2022, 2, 20))
    # when the principal leaves mid-term and a successor comes
    dismiss(first, D(2024, 6, 1), actor=admin)
    appoint(person(world, "乙"), post, D(2024, 6, 1), decided=D(2024, 5, 25), actor=admin)
    # then the first term is cut and the successor finishes it
    cut, inherited = terms_of(post)
    assert (cut.ended_on, cut.inherited) == (D(2024, 5, 31), False)
    assert (inherited.starts_on, inherited.ends_on, inherited.inherited) == (D(2024, 6, 1), D(2026, 12, 31), True)
    # and each change carries the actor and the reason of the appointment change that set it off
    rows = AuditLog.objects.filter(
        subject_type=ContentType.objects.get_for_model(Term), subject_id__in=[str(cut.pk), str(inherited.pk)]
    ).order_by("id")
    assert [r.action for r in rows] == ["tenure.term.create", "tenure.term.update", "tenure.term.create"]
    assert rows[1].before["ended_on"] is None and rows[1].after["ended_on"] == "2024-05-31"
    assert {r.actor for r in rows[1:]} == {admin} and rows[1].reason == "测试"


def test_an_appointment_that_runs_on_enters_its_next_term(world, policy):
    post = principal_post(world)
    appoint(person(world, "甲"), post, D(2014, 3, 1), decided=D(2014, 3, 1))
    # when the hourly job recomputes on the first day of a new term
    terms_sync(organization=world.org, as_of=D(2024, 1, 1))
    # then there are the terms so far, the latest just begun
    assert [(t.number, t.starts_on, t.ends_on) for t in terms_of(post)] == [
        (1, D(2014, 1, 1), D(2018, 12, 31)),
        (2, D(2019, 1, 1), D(2023, 12, 31)),
        (3, D(2024, 1, 1), D(2028, 12, 31)),
    ]


def test_editing_an_appointment_recomputes_and_an_unchanged_one_writes_nothing(world, policy):
    post = principal_post(world)
    appointment = appoint(person(world, "甲"), post, D(2021, 5, 1), decided=D(2021, 5, 1))
    before = AuditLog.objects.count()
    # when nothing changed and the sync runs again
    terms_sync(organization=world.org)
    # then nothing is written
    assert AuditLog.objects.count() == before
    # when the decision date is corrected (as the admin's edit does) and the listeners are told
    Appointment.objects.filter(pk=appointment.pk).update(start_document_date=D(2021, 7, 1))
    appointment.refresh_from_db()
    appointments_changed(appointments=[appointment], actor=world.users["admin"], reason="更正任职决定日期")
    # then the term moves to the next year, audited with the reason
    [term] = terms_of(post)
    assert term.starts_on == D(2022, 1, 1)
    row = AuditLog.objects.filter(action="tenure.term.update").latest("id")
    assert row.reason == "更正任职决定日期" and row.before["starts_on"] == "2021-01-01"


def test_a_new_policy_version_applies_to_terms_that_start_from_its_date(world, policy):
    post = principal_post(world)
    appoint(person(world, "甲"), post, D(2015, 3, 1))
    # when a version with 3-year terms takes effect in 2020
    make_policy(world, effective_from=D(2020, 1, 1), term_years=3, partial_years=2)
    # then the terms begun before keep 5 years, those from 2020 run 3
    assert [(t.starts_on, t.ends_on) for t in terms_of(post)] == [
        (D(2015, 1, 1), D(2019, 12, 31)),
        (D(2020, 1, 1), D(2022, 12, 31)),
        (D(2023, 1, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2028, 12, 31)),
    ]


def test_deputies_serve_contracts_each_their_own_and_middle_managers_none(world, policy):
    deputies = principal_post(world, kind=Post.Kind.DEPUTY, headcount=2)
    a = appoint(person(world, "甲"), deputies, D(2021, 3, 1))
    dismiss(a, D(2022, 3, 1))
    appoint(person(world, "乙"), deputies, D(2022, 3, 1))
    # then the second deputy's contract is not the first's remainder (several seats)
    terms = terms_of(deputies)
    assert [t.regime for t in terms] == ["contract", "contract"]
    assert (terms[1].starts_on, terms[1].inherited) == (D(2022, 1, 1), False)
    # and the world's middle-manager post is under no regime
    assert not Term.objects.filter(post=world.post_a).exists()


def test_re_appointment_after_two_consecutive_terms_is_refused_and_writes_nothing(world, policy):
    post = principal_post(world)
    cadre = person(world, "甲")
    first = appoint(cadre, post, D(2011, 2, 1))
    dismiss(first, D(2016, 1, 1), reason="term_end")
    second = appoint(cadre, post, D(2016, 1, 1), decided=D(2015, 12, 20))
    dismiss(second, D(2021, 1, 1), reason="term_end")
    appointments, terms, audits = Appointment.objects.count(), Term.objects.count(), AuditLog.objects.count()
    # when HR re-appoints the cadre to the same post at the end of the second term
    with pytest.raises(ApplicationError) as refused:
        appoint(cadre, post, D(2021, 1, 1), decided=D(2020, 12, 20))
    # then it is refused with the reason, next to the post, and nothing changed
    assert refused.value.code == "move_refused"
    assert "同一职务连续任职满 2 个任期" in refused.value.field_errors["post"][0]
    assert (Appointment.objects.count(), Term.objects.count(), AuditLog.objects.count()) == (
        appointments,
        terms,
        audits,
    )
    # while another post, or the same post after a break, is not refused
    appoint(cadre, principal_post(world), D(2021, 1, 1))


def test_a_partial_first_term_does_not_count_toward_the_cap(world, policy):
    post = principal_post(world)
    cadre = person(world, "甲")
    predecessor = appoint(person(world, "乙"), post, D(2011, 3, 1))
    dismiss(predecessor, D(2014, 1, 1))
    # an inherited remainder of two years, then one full term
    first = appoint(cadre, post, D(2014, 1, 1))
    dismiss(first, D(2016, 1, 1), reason="term_end")
    second = appoint(cadre, post, D(2016, 1, 1), decided=D(2015, 12, 1))
    dismiss(second, D(2021, 1, 1), reason="term_end")
    # then a re-appointment is allowed: one counted term only (the third appointment has run on into 2026 since)
    appoint(cadre, post, D(2021, 1, 1), decided=D(2020, 12, 1))
    mine = [t for t in terms_of(post) if t.cadre_id == cadre.pk]
    assert [(t.starts_on.year, t.inherited) for t in mine] == [
        (2014, True),
        (2016, False),
        (2021, False),
        (2026, False),
    ]
