"""公示 cannot be skipped: the posting of the 优秀 candidates starts no earlier than the confirmation of the version it
posts (never back-dated), lasts five working days of the official calendar, and publication waits for its end.
The `tied` world: tests/assessments/matrix_results_workflow.py."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Publication
from assessments.services.publication import posting_end, posting_start, publication_publish, run_confirm
from common.errors import ApplicationError
from common.models import AuditLog
from common.workdays import format_date_zh, is_workday
from tests.assessments.matrix_results_workflow import build_tied
from tests.assessments.test_api_support import make_hr_all
from tests.assessments.test_results_workflow import settle


@pytest.fixture
def confirmed_today(world, scoring):
    tied = build_tied(world, scoring)
    settle(tied, world)
    return tied, run_confirm(run=tied.run, actor=world.users["committee"])


def test_a_posting_back_dated_before_the_confirmation_is_refused_and_nothing_is_published(confirmed_today, world):
    tied, publication = confirmed_today
    hr = make_hr_all(world)
    today = timezone.localdate()
    audits = AuditLog.objects.count()
    with pytest.raises(ApplicationError) as caught:
        posting_start(publication=publication, actor=hr, start_date=today - datetime.timedelta(days=30))
    message = f"公示开始日期不能早于党组(党委)确认结果的日期({format_date_zh(today)})。"
    assert caught.value.message == message
    assert caught.value.field_errors == {"start_date": [message]}
    current = Publication.objects.get()
    assert (current.state, current.posted_on, current.posting_ends_on) == ("confirmed", None, None)
    assert AuditLog.objects.count() == audits
    # What used to follow a minute later: publication. Without a posting it is refused.
    with pytest.raises(ApplicationError, match="只有优秀人选公示期满的结果可以公布"):
        publication_publish(publication=current, published_on=today, actor=hr)
    assert Publication.objects.get().state == "confirmed"


def test_a_posting_from_the_day_of_the_confirmation_lasts_five_working_days_and_publication_waits(
    confirmed_today, world
):
    _, publication = confirmed_today
    hr = make_hr_all(world)
    today = timezone.localdate()
    publication = posting_start(publication=publication, actor=hr, start_date=today)
    assert publication.posting_ends_on == posting_end(today)
    days = [today + datetime.timedelta(days=n) for n in range(1, (publication.posting_ends_on - today).days + 1)]
    assert sum(is_workday(day) for day in days) == 5 and is_workday(publication.posting_ends_on)
    for day in (today, publication.posting_ends_on):
        if day <= today:
            with pytest.raises(ApplicationError, match=re.escape("公布日期须在公示期满之后")) as caught:
                publication_publish(publication=publication, published_on=day, actor=hr)
            assert "published_on" in caught.value.field_errors
    assert Publication.objects.get().state == "posted"


def test_the_page_refuses_a_back_dated_posting_next_to_the_date(confirmed_today, world, client):
    tied, _ = confirmed_today
    client.force_login(make_hr_all(world))
    url = reverse("assessments:results_settle", args=[tied.run.pk])
    today = timezone.localdate()
    page = client.get(url).content.decode()
    assert f'min="{today.isoformat()}"' in page
    assert f"公示最早从党组(党委)确认结果之日({format_date_zh(today)})开始" in page
    response = client.post(
        reverse("assessments:results_posting_start", args=[tied.run.pk]),
        {"start_date": (today - datetime.timedelta(days=3)).isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "公示开始日期不能早于党组(党委)确认结果的日期" in page and "is-invalid" in page
    assert Publication.objects.get().state == "confirmed"
