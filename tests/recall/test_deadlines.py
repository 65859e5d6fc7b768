"""The recall deadlines through the notices engine, each notice exactly once: the retraining's end (reminded 10
working days before), the evaluation due after it, the follow-up's end; a missed one is escalated to HR of the whole
organization."""

import datetime

from common.workdays import add_working_days, subtract_working_days
from notices.models import Notice
from notices.services import notices_generate
from recall.setup.deadlines import EVALUATION_DUE, FOLLOW_UP_END, RETRAINING_END
from tests.recall.conftest import RETRAINING_END as END
from tests.recall.conftest import advance, make_case

D = datetime.date


def told(kind) -> list[tuple]:
    return sorted(Notice.objects.filter(kind=kind).values_list("occurrence", "recipient__username"))


def test_the_retraining_end_reminds_hr_ten_working_days_before_and_escalates_once(recall_world):
    w = recall_world
    advance(w, make_case(w), "retraining")  # ends Sunday 15 June 2025
    reminder = subtract_working_days(END, 10)
    assert reminder == D(2025, 5, 30)  # 2 June was the Dragon Boat holiday
    notices_generate(today=reminder - datetime.timedelta(days=1))
    assert told(RETRAINING_END) == []
    notices_generate(today=reminder)
    notices_generate(today=reminder)  # a scan run twice
    # HR over the cadre: 综合科's HR and HR of the whole organization
    assert told(RETRAINING_END) == [("before:10", "hr"), ("before:10", "hr_all")]
    notices_generate(today=END)
    notices_generate(today=add_working_days(END, 1))
    notices_generate(today=add_working_days(END, 1))
    assert told(RETRAINING_END) == [
        ("before:10", "hr"), ("before:10", "hr_all"), ("due", "hr"), ("due", "hr_all"), ("escalation", "hr_all"),
    ]  # fmt: skip
    # the evaluation due ten working days after the end is running too
    assert told(EVALUATION_DUE) == []
    notices_generate(today=D(2025, 6, 27))
    assert ("due", "hr") in told(EVALUATION_DUE)


def test_once_the_case_moves_on_its_deadline_stops(recall_world):
    w = recall_world
    advance(w, make_case(w), "evaluated", passed=False)
    notices_generate(today=D(2025, 7, 30))
    assert told(RETRAINING_END) == [] and told(EVALUATION_DUE) == []


def test_the_follow_up_end_is_reminded_and_escalated(recall_world):
    w = recall_world
    advance(w, make_case(w), "reassigned")  # follow-up to Tuesday 16 June 2026
    notices_generate(today=subtract_working_days(D(2026, 6, 16), 10))
    notices_generate(today=D(2026, 6, 16))
    notices_generate(today=add_working_days(D(2026, 6, 16), 1))
    assert [t for t in told(FOLLOW_UP_END) if t[1] == "hr"] == [("before:10", "hr"), ("due", "hr")]
    assert ("escalation", "hr_all") in told(FOLLOW_UP_END)
