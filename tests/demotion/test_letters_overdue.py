"""An overdue commitment letter has a way on (《中层负责人主动让贤实施办法》; 沂源县市场监管局“主动让贤”制): HR over the cadre records
the letter signed on paper with its scan, sends a reminder (催办) at most once a day through the notices, or refers it
to the party committee. Each audited; every refusal changes nothing."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.errors import ApplicationError
from common.models import AuditLog
from demotion.models import CommitmentLetter
from demotion.services.letters_overdue import (
    commitment_letter_escalate,
    commitment_letter_record_paper,
    commitment_letter_remind,
)
from notices.models import Notice
from tests.conftest import client_for
from tests.demotion import matrix_letters

TODAY = datetime.date(2025, 6, 10)
PDF = b"%PDF-1.4\n% scanned letter\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def letter(world) -> CommitmentLetter:
    """张三's letter, due a month after his 2023-03-01 appointment, never signed."""
    matrix_letters.setup(world)
    assert not world.letter.is_signed and world.letter.due_date < TODAY
    return world.letter


def state() -> tuple:
    return (
        sorted(CommitmentLetter.objects.values_list()),
        AuditLog.objects.count(),
        Notice.objects.count(),
    )


def refused(fn, match, **kwargs):
    before = state()
    with pytest.raises(ApplicationError, match=re.escape(match)):
        fn(**kwargs)
    assert state() == before


def scan(content=PDF, name="签署件.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_hr_records_the_paper_letter_with_its_scan(letter, world):
    done = commitment_letter_record_paper(
        letter=letter, actor=world.users["hr"], signed_on=datetime.date(2023, 3, 20), scan=scan(), today=TODAY
    )
    assert done.is_signed and done.paper_signed_on == datetime.date(2023, 3, 20) and done.signed_name == "张三"
    assert done.paper_recorded_by == world.users["hr"]
    assert done.paper_scan.name.endswith(".pdf") and "签署件" not in done.paper_scan.name  # the server names it
    assert done.paper_scan.read() == PDF
    row = AuditLog.objects.get(action="demotion.letter.paper")
    assert row.actor == world.users["hr"] and row.after["late"] is False


def test_paper_refusals(letter, world):
    hr = world.users["hr"]
    kwargs = {"letter": letter, "signed_on": datetime.date(2023, 3, 20), "today": TODAY}
    refused(
        commitment_letter_record_paper,
        "只有管理该干部的组织人事部门可以办理",
        actor=world.users["hr_other"],
        scan=scan(),
        **kwargs,
    )
    refused(commitment_letter_record_paper, "请上传签署件的扫描件", actor=hr, scan=None, **kwargs)
    refused(
        commitment_letter_record_paper,
        "扫描件须为 PDF、JPG 或 PNG 文件",
        actor=hr,
        scan=scan(b"MZ\x90", "x.pdf"),
        **kwargs,
    )
    refused(
        commitment_letter_record_paper,
        "签署日期不能早于任职日期",
        actor=hr,
        scan=scan(),
        **{**kwargs, "signed_on": datetime.date(2023, 2, 1)},
    )


def test_a_reminder_once_a_day_through_the_notices(letter, world):
    commitment_letter_remind(letter=letter, actor=world.users["hr"], today=TODAY)
    notice = Notice.objects.get(recipient=world.users["cadre"], occurrence=f"remind:{TODAY.isoformat()}")
    assert "催办" in notice.title and notice.url == reverse("demotion:letter_detail", kwargs={"pk": letter.pk})
    assert AuditLog.objects.filter(action="demotion.letter.remind").count() == 1
    refused(
        commitment_letter_remind,
        "今天已经催办过,每天最多催办一次。",
        letter=letter,
        actor=world.users["hr"],
        today=TODAY,
    )
    commitment_letter_remind(letter=letter, actor=world.users["hr"], today=TODAY + datetime.timedelta(days=1))
    assert Notice.objects.filter(recipient=world.users["cadre"], occurrence__startswith="remind:").count() == 2


def test_no_reminder_before_the_due_date_or_once_signed(letter, world):
    refused(commitment_letter_remind, "尚未届满", letter=letter, actor=world.users["hr"], today=letter.due_date)
    commitment_letter_record_paper(
        letter=letter, actor=world.users["hr"], signed_on=datetime.date(2023, 3, 20), scan=scan(), today=TODAY
    )
    refused(commitment_letter_remind, "这份承诺书已经签署", letter=letter, actor=world.users["hr"], today=TODAY)


def test_escalation_to_the_committee_once(letter, world):
    refused(
        commitment_letter_escalate,
        "请填写提交党组的情况说明",
        letter=letter,
        actor=world.users["hr"],
        reason="",
        today=TODAY,
    )
    commitment_letter_escalate(letter=letter, actor=world.users["hr"], reason="多次催办仍未签署", today=TODAY)
    assert CommitmentLetter.objects.get(pk=letter.pk).escalated_at is not None
    told = set(Notice.objects.filter(occurrence="committee").values_list("recipient__username", flat=True))
    assert told == {"committee"}
    assert AuditLog.objects.get(action="demotion.letter.escalate").reason == "多次催办仍未签署"
    refused(
        commitment_letter_escalate, "不能重复提交", letter=letter, actor=world.users["hr"], reason="再次", today=TODAY
    )


def test_on_the_page_hr_uploads_the_scan_reminds_and_others_download_it(letter, world):
    client = client_for(world, "hr")
    url = reverse("demotion:letter_detail", kwargs={"pk": letter.pk})
    page = client.get(url).content.decode()
    assert 'id="form-paper"' in page and 'id="form-remind"' in page and 'id="form-escalate"' in page
    assert 'id="form-paper"' not in client_for(world, "committee").get(url).content.decode()
    action = reverse("demotion:letter_overdue_action", kwargs={"pk": letter.pk})
    assert client.post(action, {"action": "remind"}).status_code == 302
    assert "今天已催办" in client.get(url).content.decode()
    bad = client.post(action, {"action": "paper", "signed_on": "2023-03-20"})
    assert "请上传签署件的扫描件。" in bad.content.decode() and not CommitmentLetter.objects.get(pk=letter.pk).is_signed
    response = client.post(action, {"action": "paper", "signed_on": "2023-03-20", "scan": scan()})
    assert response.status_code == 302
    page = client_for(world, "committee").get(url).content.decode()
    assert reverse("demotion:letter_scan", kwargs={"pk": letter.pk}) in page and "已签署" in page
    download = client_for(world, "committee").get(reverse("demotion:letter_scan", kwargs={"pk": letter.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert (
        client_for(world, "hr_other").get(reverse("demotion:letter_scan", kwargs={"pk": letter.pk})).status_code == 404
    )
    assert client_for(world, "hr_other").post(action, {"action": "remind"}).status_code == 404
