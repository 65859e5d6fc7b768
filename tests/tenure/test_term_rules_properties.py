"""Property tests of the term arithmetic (tenure.term_rules, tenure.cap_rules) against a plain reference written
here, separately, from the rules as 《党政领导干部职务任期暂行规定》2006 and 正职任期制、副职聘任制的地方办法 state them:

- the 30 June rule: decided on or before 30 June → 1 January of that year; after → 1 January of the next;
- a term of N years ends the day before the date N years on (a 29 February start has no anniversary in a common
  year: the period ends on the month's last day, so the term's last day is the day before);
- a successor on a one-seat post who starts on or before the last day of the post's running term finishes it;
- an appointment that lasts runs on into full terms; one that ends cuts its term;
- a cut-short or inherited term counts as a term when served MORE than the threshold (3 years, or half the term);
- two consecutive counted terms in the same post reach the cap.
"""

import calendar
import datetime

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tenure.cap_rules import POST, TERMS, CapRule, HoldingFacts, TermFacts, cap_value
from tenure.term_rules import (
    APPOINTMENT_DATE,
    JUNE_30,
    MORE_THAN_HALF,
    MORE_THAN_YEARS,
    PROBATION_START,
    Holding,
    Rules,
    compute_post_terms,
    counts_as_term,
    term_start,
)

DAY = datetime.timedelta(days=1)
dates = st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2030, 12, 31))


# --- the reference ------------------------------------------------------------------------------------------------


def ref_start(rule, decided, started):
    if rule == JUNE_30:
        after_june = (decided.month, decided.day) > (6, 30)
        return datetime.date(decided.year + (1 if after_june else 0), 1, 1)
    return decided if rule == APPOINTMENT_DATE else started


def ref_plus_years(day, years):
    year = day.year + years
    return datetime.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def ref_last_day(start, years):
    return ref_plus_years(start, years) - DAY


def ref_terms(holdings, *, years, rule, single_seat, as_of):
    """[(appointment, starts_on, ends_on, ended_on, inherited)], the rules above one after another."""
    out = []
    post_end = None
    for h in sorted(holdings, key=lambda h: (h.start, h.appointment_id)):
        served_until = h.end if h.end else as_of + DAY  # first day not served (or after which nothing starts)
        if single_seat and post_end is not None and h.start <= post_end:
            start, end, inherited = h.start, post_end, True
        else:
            start = ref_start(rule, h.decided, h.start)
            if single_seat and post_end is not None and start <= post_end:
                start = post_end + DAY
            end, inherited = ref_last_day(start, years), False
        first = True
        while start < served_until or (first and h.end is None):
            first = False
            cut = h.end is not None and h.end <= end
            out.append((h.appointment_id, start, end, h.end - DAY if cut else None, inherited))
            if single_seat:
                post_end = end
            if cut:
                break
            start, end, inherited = end + DAY, ref_last_day(end + DAY, years), False
    return out


def ref_counts(starts_on, ends_on, ended_on, inherited, *, years, partial_rule, partial_years):
    if ended_on is None and not inherited:
        return True
    last = ended_on or ends_on
    months = years * 6 if partial_rule == MORE_THAN_HALF else partial_years * 12
    whole, rest = divmod(months, 12)
    threshold_day = ref_plus_years(starts_on, whole)
    for _ in range(rest):  # month by month, keeping the day where the month has it
        year, month = divmod(threshold_day.year * 12 + threshold_day.month, 12)
        month += 1
        threshold_day = datetime.date(year, month, min(starts_on.day, calendar.monthrange(year, month)[1]))
    return last >= threshold_day  # served more than the threshold: the day after the last is past it


# --- strategies ---------------------------------------------------------------------------------------------------


@st.composite
def holdings_of_a_post(draw, *, max_people=5):
    """Appointments to one post one after another (gaps allowed); the last may still be open."""
    start = draw(dates)
    holdings = []
    for i in range(draw(st.integers(1, max_people))):
        length = draw(st.integers(1, 9 * 365))
        decided = start - datetime.timedelta(days=draw(st.integers(0, 40)))
        last = i == max_people - 1 or draw(st.booleans())
        end = None if last and draw(st.booleans()) else start + datetime.timedelta(days=length)
        holdings.append(
            Holding(appointment_id=i + 1, cadre_id=draw(st.integers(1, 3)), start=start, decided=decided, end=end)
        )
        if end is None:
            break
        start = end + datetime.timedelta(days=draw(st.integers(0, 400)))
    return holdings


# --- the properties -----------------------------------------------------------------------------------------------


@given(decided=dates)
@example(decided=datetime.date(2025, 6, 30))
@example(decided=datetime.date(2025, 7, 1))
@example(decided=datetime.date(2024, 12, 31))
@example(decided=datetime.date(2024, 1, 1))
def test_the_30_june_rule_on_both_sides_of_the_line(decided):
    # given a decision on any day, when its term's start is asked under the 30 June rule
    start = term_start(JUNE_30, decided=decided, started=decided + 3 * DAY)
    # then it is 1 January of that year up to and including 30 June, of the next year after it
    assert start == ref_start(JUNE_30, decided, decided)
    assert start.month == 1 and start.day == 1
    assert start.year == (decided.year if decided <= datetime.date(decided.year, 6, 30) else decided.year + 1)


@given(decided=dates, started=dates)
def test_the_other_start_rules(decided, started):
    assert term_start(APPOINTMENT_DATE, decided=decided, started=started) == decided
    assert term_start(PROBATION_START, decided=decided, started=started) == started


@settings(max_examples=300, deadline=None)
@given(
    holdings=holdings_of_a_post(),
    years=st.sampled_from([3, 5]),
    rule=st.sampled_from([JUNE_30, APPOINTMENT_DATE, PROBATION_START]),
    single_seat=st.booleans(),
    as_of=dates,
)
def test_terms_match_the_reference(holdings, years, rule, single_seat, as_of):
    # given one post's appointments and a policy
    rules = Rules(term_years=years, start_rule=rule)
    # when its terms are computed
    computed = compute_post_terms(holdings, single_seat=single_seat, rules_at=lambda day: rules, as_of=as_of)
    # then they are the reference's, term for term
    got = [(t.appointment_id, t.starts_on, t.ends_on, t.ended_on, t.inherited) for t in computed]
    assert got == ref_terms(holdings, years=years, rule=rule, single_seat=single_seat, as_of=as_of)
    # and each lies within its appointment, is never longer than a term, and the inherited ones only on one seat
    by_id = {h.appointment_id: h for h in holdings}
    for term in computed:
        h = by_id[term.appointment_id]
        assert term.ends_on <= ref_last_day(term.starts_on, years)
        assert term.ended_on is None or term.starts_on <= term.ended_on < term.ends_on
        assert h.end is None or term.last_day < h.end
        assert not term.inherited or (single_seat and term.starts_on == h.start)


@settings(max_examples=200, deadline=None)
@given(first=dates, served_days=st.integers(1, 5 * 366), decided_offset=st.integers(0, 200))
def test_a_successor_finishes_the_running_term(first, served_days, decided_offset):
    # given a principal whose term began by the 30 June rule and who left after `served_days`
    decided = first
    term_begin = ref_start(JUNE_30, decided, first)
    left = first + datetime.timedelta(days=served_days)
    assume(left > term_begin)
    post_end = ref_last_day(term_begin, 5)
    while post_end < left - DAY:  # the term the predecessor was serving on the last day (they may have run on)
        post_end = ref_last_day(post_end + DAY, 5)
    successor_start = left
    holdings = [
        Holding(appointment_id=1, cadre_id=1, start=first, decided=decided, end=left),
        Holding(
            appointment_id=2,
            cadre_id=2,
            start=successor_start,
            decided=successor_start - datetime.timedelta(days=decided_offset),
        ),
    ]
    # when the post's terms are computed well after
    terms = compute_post_terms(
        holdings, single_seat=True, rules_at=lambda day: Rules(term_years=5), as_of=datetime.date(2045, 1, 1)
    )
    successor = [t for t in terms if t.appointment_id == 2]
    if successor_start <= post_end:
        # then the successor's first term is the rest of the predecessor's, from the day they came
        assert (successor[0].starts_on, successor[0].ends_on, successor[0].inherited) == (
            successor_start,
            post_end,
            True,
        )
        # and runs on into full terms from the day after
        assert successor[1].starts_on == post_end + DAY and not successor[1].inherited
    else:
        # a post whose term has ended starts afresh by the rule
        assert not successor[0].inherited


@given(start=dates, extra_days=st.integers(-3, 3), partial_years=st.integers(1, 4), inherited=st.booleans())
@example(start=datetime.date(2021, 1, 1), extra_days=0, partial_years=3, inherited=True)
@example(start=datetime.date(2021, 1, 1), extra_days=1, partial_years=3, inherited=True)
@example(start=datetime.date(2020, 2, 29), extra_days=0, partial_years=3, inherited=False)
def test_a_partial_term_counts_only_when_more_than_the_threshold_was_served(
    start, extra_days, partial_years, inherited
):
    # given a term cut short at exactly the threshold, give or take a few days
    years = 5
    threshold = ref_plus_years(start, partial_years)
    last = threshold - DAY + datetime.timedelta(days=extra_days)  # served [start, last]: exactly N years at 0
    ends_on = ref_last_day(start, years)
    assume(start <= last < ends_on)
    rules = Rules(term_years=years, partial_rule=MORE_THAN_YEARS, partial_years=partial_years)
    # when it is counted
    counted = counts_as_term(starts_on=start, ends_on=ends_on, ended_on=last, inherited=inherited, rules=rules)
    # then exactly N years is not "more than N years"; a day more is
    assert counted == (extra_days > 0)
    assert counted == ref_counts(
        start, ends_on, last, inherited, years=years, partial_rule=MORE_THAN_YEARS, partial_years=partial_years
    )


@given(start=dates, last_offset=st.integers(0, 5 * 366), inherited=st.booleans(), years=st.sampled_from([3, 5]))
def test_more_than_half_a_term(start, last_offset, inherited, years):
    ends_on = ref_last_day(start, years)
    last = min(start + datetime.timedelta(days=last_offset), ends_on)
    ended_on = last if last < ends_on else None
    rules = Rules(term_years=years, partial_rule=MORE_THAN_HALF)
    counted = counts_as_term(starts_on=start, ends_on=ends_on, ended_on=ended_on, inherited=inherited, rules=rules)
    assert counted == ref_counts(
        start, ends_on, ended_on, inherited, years=years, partial_rule=MORE_THAN_HALF, partial_years=3
    )


@st.composite
def one_cadres_holdings(draw):
    """One cadre's appointments to one post, each ended, with or without a break before the next."""
    start = draw(st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2010, 12, 31)))
    holdings = []
    for i in range(draw(st.integers(1, 4))):
        end = start + datetime.timedelta(days=draw(st.integers(200, 6 * 365)))
        holdings.append(Holding(appointment_id=i + 1, cadre_id=1, start=start, decided=start, end=end))
        start = end + datetime.timedelta(days=draw(st.sampled_from([0, 0, 1, 90, 800])))
    return holdings


@settings(max_examples=200, deadline=None)
@given(holdings=one_cadres_holdings(), gap=st.sampled_from([0, 30]))
def test_the_two_consecutive_terms_cap(holdings, gap):
    # given one cadre's appointments to one post, and the cap of two consecutive counted terms
    rules = Rules(term_years=5)
    as_of = datetime.date(2040, 1, 1)
    terms = compute_post_terms(holdings, single_seat=True, rules_at=lambda day: rules, as_of=as_of)
    facts = [TermFacts(1, 1, "principal", t.starts_on, t.ends_on, t.ended_on, t.inherited, rules) for t in terms]
    spans = [HoldingFacts(1, 1, "principal", h.start, h.end) for h in holdings]
    cap = CapRule(scope=POST, measure=TERMS, limit=2, consecutive=True)
    # when a re-appointment to that post is considered `gap` days after the last appointment ended
    again = holdings[-1].end + datetime.timedelta(days=gap)
    value = cap_value(cap, 1, terms=facts, holdings=spans, as_of=again, continuing_on=again)
    # then the counted terms are those of the last unbroken holding (none at all after a break)
    if gap:
        expected = 0
    else:
        run_start = holdings[-1].start
        for earlier, later in zip(reversed(holdings[:-1]), reversed(holdings[1:]), strict=False):
            if earlier.end < later.start:
                break
            run_start = earlier.start
        expected = sum(
            1
            for t in terms
            if t.last_day >= run_start
            and ref_counts(
                t.starts_on, t.ends_on, t.ended_on, t.inherited, years=5, partial_rule=MORE_THAN_YEARS, partial_years=3
            )
        )
    assert value == expected
