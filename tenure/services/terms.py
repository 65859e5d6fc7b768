"""Terms are computed from appointments, never typed: `terms_sync` recomputes the terms of some posts (or of a whole
organization) by tenure.term_rules and writes only what changed, each change audited with who changed the
appointments and why. It runs

- inside the transaction of every change to appointments (the listener registered in org.appointment_hooks: started,
  ended, edited in the admin), so that the next cap check and the reminders read terms that are right the moment the
  appointment commits, and the audit row carries the actor and reason of that change;
- when a policy version is saved (tenure.services.policy);
- every hour (tenure.tasks.terms), which starts the next term of an appointment that runs on past its term's end and
  catches whatever reached the appointments past the services (a data fix in the database).

Its reminders (TermReminder) are written alongside: N months before each term's end, and when the cadre has held the
post N years (the ladder), for terms of appointments still held and not yet placed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.audit import audit_log_record_many, snapshot
from common.workdays import add_months
from org.models import Appointment, Organization, Post
from tenure.models import Placement, TenurePolicy, Term, TermReminder
from tenure.selectors.policy import PolicyBook
from tenure.term_rules import Holding, compute_post_terms, merge_spans

# A reminder whose day lies further back than this when its term is computed (an appointment recorded late, a
# policy saved with reminders already past) is not written: the news would be stale.
REMINDER_GRACE_DAYS = 31
TERM_FIELDS = ["cadre_id", "post_id", "policy_id", "regime", "number", "starts_on", "ends_on", "ended_on", "inherited"]


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    reminders: int = 0


def _holdings(appointments) -> list[Holding]:
    return [
        Holding(
            appointment_id=a.pk,
            cadre_id=a.cadre_id,
            start=a.start_date,
            decided=a.start_document_date or a.start_date,
            end=a.end_date,
        )
        for a in appointments
    ]


@transaction.atomic
def terms_sync(
    *,
    organization: Organization,
    post_ids: set[int] | None = None,
    actor=None,
    reason: str = "",
    as_of: datetime.date | None = None,
) -> SyncResult:
    """Recompute the terms of `post_ids` (every post of the organization when None) and write the differences."""
    as_of = as_of or timezone.localdate()
    result = SyncResult()
    # One sync at a time per organization: the policy rows are its lock.
    if not list(TenurePolicy.objects.select_for_update().filter(organization=organization).values_list("pk")):
        return result
    book = PolicyBook.of(organization)
    appointments = Appointment.objects.filter(post__unit__organization=organization).select_related("post")
    existing = Term.objects.filter(organization=organization)
    if post_ids is not None:
        appointments = appointments.filter(post_id__in=post_ids)
        existing = existing.filter(post_id__in=post_ids)
    by_post: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments.order_by("post_id", "start_date", "pk"):
        by_post[appointment.post_id].append(appointment)

    wanted: dict[tuple[int, int], dict] = {}
    for rows in by_post.values():
        post = rows[0].post
        computed = compute_post_terms(
            _holdings(rows),
            single_seat=post.headcount == 1,
            rules_at=lambda day, kind=post.kind: book.rules_at(day, kind),  # type: ignore[misc]  # binds the post's kind
            as_of=as_of,
        )
        numbers: dict[int, int] = defaultdict(int)
        for computed_term in sorted(computed, key=lambda t: (t.starts_on, t.appointment_id, t.seq)):
            numbers[computed_term.cadre_id] += 1
            wanted[(computed_term.appointment_id, computed_term.seq)] = {
                "organization_id": organization.pk,
                "cadre_id": computed_term.cadre_id,
                "post_id": post.pk,
                "policy_id": computed_term.rules.policy_id,
                "regime": computed_term.rules.regime,
                "number": numbers[computed_term.cadre_id],
                "starts_on": computed_term.starts_on,
                "ends_on": computed_term.ends_on,
                "ended_on": computed_term.ended_on,
                "inherited": computed_term.inherited,
            }

    stored = {(t.appointment_id, t.seq): t for t in existing}
    created: list[Term] = []
    updated: list[tuple[Term, dict]] = []
    for key, values in wanted.items():
        term = stored.get(key)
        if term is None:
            created.append(Term(appointment_id=key[0], seq=key[1], **values))
            continue
        before = snapshot(term, TERM_FIELDS)
        for name, value in values.items():
            setattr(term, name, value)
        if snapshot(term, TERM_FIELDS) != before:
            updated.append((term, before))
    deleted = [term for key, term in stored.items() if key not in wanted]

    if deleted:
        # The audit rows name the rows as they were (a queryset delete leaves the objects in hand as they are).
        entries = [(t, snapshot(t, TERM_FIELDS), None) for t in deleted]
        Term.objects.filter(pk__in=[t.pk for t in deleted]).delete()
        audit_log_record_many(actor=actor, action="tenure.term.delete", entries=entries, reason=reason)
    if updated:
        Term.objects.bulk_update([t for t, _ in updated], [*TERM_FIELDS, "updated_at"])
        audit_log_record_many(
            actor=actor,
            action="tenure.term.update",
            entries=[(t, before, snapshot(t, TERM_FIELDS)) for t, before in updated],
            reason=reason,
        )
    if created:
        created = Term.objects.bulk_create(created)
        if created and created[0].pk is None:  # a backend that does not return ids
            keys = [(t.appointment_id, t.seq) for t in created]
            fresh = {(t.appointment_id, t.seq): t for t in Term.objects.filter(appointment_id__in={k[0] for k in keys})}
            created = [fresh[k] for k in keys]
        audit_log_record_many(
            actor=actor,
            action="tenure.term.create",
            entries=[(t, None, snapshot(t, TERM_FIELDS)) for t in created],
            reason=reason,
        )
    result.created, result.updated, result.deleted = len(created), len(updated), len(deleted)
    result.reminders = _reminders_sync(organization=organization, post_ids=post_ids, book=book, as_of=as_of)
    return result


def _wanted_reminders(
    terms: list[Term], appointments: dict[int, Appointment], book: PolicyBook, as_of: datetime.date
) -> set[tuple]:
    """(term id, kind, count, day) of every reminder of the terms of appointments still held and not yet placed,
    from REMINDER_GRACE_DAYS before `as_of` on."""
    earliest = as_of - datetime.timedelta(days=REMINDER_GRACE_DAYS)
    policy = book.at(None)
    months = policy.reminder_month_list if policy else []
    ladder = policy.ladder_year_list if policy else []
    wanted = set()
    by_holder: dict[tuple[int, int], list[Term]] = defaultdict(list)
    for term in terms:
        by_holder[(term.cadre_id, term.post_id)].append(term)
    held: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for a in appointments.values():
        held[(a.cadre_id, a.post_id)].append((a.start_date, a.end_date or datetime.date.max))
    for holder, holder_terms in by_holder.items():
        spans = merge_spans(held[holder])
        for term in holder_terms:
            appointment = appointments[term.appointment_id]
            if appointment.end_date is not None or term.ended_on is not None:
                continue
            for count in months:
                day = add_months(term.ends_on, -count)
                if day >= max(appointment.start_date, earliest):
                    wanted.add((term.pk, TermReminder.Kind.TERM_END, count, day))
            held_from = next((s for s, e in spans if s <= appointment.start_date < e), appointment.start_date)
            for count in ladder:
                day = add_months(held_from, 12 * count)
                if max(term.starts_on, appointment.start_date, earliest) <= day <= term.ends_on:
                    wanted.add((term.pk, TermReminder.Kind.LADDER, count, day))
    return wanted


def _reminders_sync(*, organization: Organization, post_ids, book: PolicyBook, as_of: datetime.date) -> int:
    candidates = Term.objects.filter(organization=organization)
    if post_ids is not None:
        candidates = candidates.filter(post_id__in=post_ids)
    placed = set(Placement.objects.filter(term__in=candidates).values_list("term_id", flat=True))
    terms = [t for t in candidates if t.pk not in placed]
    appointments = Appointment.objects.in_bulk({t.appointment_id for t in terms} | set())
    holders = {(t.cadre_id, t.post_id) for t in terms}
    for a in Appointment.objects.filter(
        cadre_id__in={c for c, _p in holders}, post_id__in={p for _c, p in holders}
    ).only("pk", "cadre_id", "post_id", "start_date", "end_date"):
        appointments.setdefault(a.pk, a)
    wanted = _wanted_reminders(terms, appointments, book, as_of)
    rows = TermReminder.objects.filter(term__organization=organization)
    if post_ids is not None:
        rows = rows.filter(term__post_id__in=post_ids)
    stored = {(r.term_id, r.kind, r.count, r.fires_on): r.pk for r in rows}
    # A row already past is kept: its notice went out (or goes out at the next scan) and it does no harm.
    stale = [pk for key, pk in stored.items() if key not in wanted and key[3] >= as_of]
    if stale:
        TermReminder.objects.filter(pk__in=stale).delete()
    fresh = [
        TermReminder(term_id=t, kind=k, count=c, fires_on=d) for t, k, c, d in wanted if (t, k, c, d) not in stored
    ]
    TermReminder.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def appointments_listener(*, appointments, actor=None, reason: str = "") -> None:
    """org.appointment_hooks: recompute the terms of the posts whose appointments changed, in the same transaction."""
    post_ids = {appointment.post_id for appointment in appointments}
    posts_by_org: dict[int, set[int]] = defaultdict(set)
    # One query for a roster import's thousands of appointments, whatever the objects in hand have fetched.
    for post_id, organization_id in Post.objects.filter(pk__in=post_ids).values_list("pk", "unit__organization_id"):
        posts_by_org[organization_id].add(post_id)
    if not posts_by_org:
        return
    organizations = Organization.objects.in_bulk(list(posts_by_org))
    for organization_id, post_ids in posts_by_org.items():
        terms_sync(
            organization=organizations[organization_id],
            post_ids=post_ids,
            actor=actor,
            reason=reason or "任职变动",
        )


def terms_sync_all(*, as_of: datetime.date | None = None) -> dict:
    """Every organization with a policy, each in its own transaction (the hourly job)."""
    totals = {"organizations": 0, "created": 0, "updated": 0, "deleted": 0}
    for organization in Organization.objects.filter(tenure_policies__isnull=False).distinct().order_by("pk"):
        result = terms_sync(organization=organization, as_of=as_of, reason="定时核对任期")
        totals["organizations"] += 1
        totals["created"] += result.created
        totals["updated"] += result.updated
        totals["deleted"] += result.deleted
    return totals
