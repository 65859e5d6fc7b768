"""The recall pages: each role's forms, refusals in Chinese next to the field, the evidence file for whoever may open
the card, the competition import (all or nothing), the cadre's page with the personnel hold, and the list pages'
query counts pinned."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recall.models import Card, CompetitionLoss, RecallCase
from tests.common.import_previews import post_and_follow
from tests.factories import CadreFactory
from tests.recall.conftest import advance, approved_card, make_case

D = datetime.date


def body(response) -> str:
    return response.content.decode()


def test_hr_records_a_card_with_its_evidence_and_the_committee_approves_it(
    recall_world, as_persona, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    hr = as_persona("hr")
    form = {"cadre": "A001", "color": "yellow", "source": "points", "issued_on": "2025-03-05", "reason": "扣分"}
    # a future date is refused next to the field, and nothing is written
    response = hr.post(reverse("recall:card_create"), {**form, "issued_on": "2099-01-01"})
    assert response.status_code == 200 and "日期不能晚于今天。" in body(response)
    assert not Card.objects.exists()
    upload = SimpleUploadedFile("通报.pdf", b"%PDF-1.4")
    response = hr.post(reverse("recall:card_create"), {**form, "evidence_file": upload})
    card = Card.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recall:card_detail", args=[card.pk])
    # the evidence is for whoever may open the card
    assert as_persona("hr").get(reverse("recall:card_evidence", args=[card.pk])).status_code == 200
    assert as_persona("cadre").get(reverse("recall:card_evidence", args=[card.pk])).status_code == 200
    assert as_persona("hr_other").get(reverse("recall:card_evidence", args=[card.pk])).status_code == 404
    # HR sees no decision form; the committee does, and approves
    assert "予以认定" not in body(hr.get(reverse("recall:card_detail", args=[card.pk])))
    committee = as_persona("committee")
    assert "予以认定" in body(committee.get(reverse("recall:card_detail", args=[card.pk])))
    response = committee.post(reverse("recall:card_detail", args=[card.pk]), {"action": "approve", "reason": ""})
    assert response.status_code == 302 and Card.objects.get(pk=card.pk).state == "approved"
    assert hr.post(reverse("recall:card_detail", args=[card.pk]), {"action": "approve"}).status_code == 403


def test_each_role_sees_the_forms_of_its_steps(recall_world, as_persona):
    w = recall_world
    case = make_case(w)
    url = reverse("recall:case_detail", args=[case.pk])
    assert 'id="form-decide"' in body(as_persona("committee").get(url))
    hr_page = body(as_persona("hr").get(url))
    assert 'id="form-decide"' not in hr_page and 'id="form-withdraw"' in hr_page
    own = body(as_persona("cadre").get(url))
    assert 'id="form-' not in own and "召回事项" in own
    case = advance(w, case, "retraining")
    page = body(as_persona("hr").get(url))
    assert 'id="personnel-hold"' in page and "区人才市场管理办公室" in page
    # the retraining of 2025 has run its months: the evaluation is offered
    assert 'id="form-start_evaluation"' in page


def test_a_refused_step_says_why_next_to_the_form_and_changes_nothing(recall_world, as_persona):
    w = recall_world
    case = advance(w, make_case(w), "training")  # one 谈心培训, no 专题党性教育 yet
    url = reverse("recall:case_detail", args=[case.pk])
    response = as_persona("hr").post(
        url, {"action": "retraining", "start": "2025-03-15", "placement": "一线", "placement_unit": ""}
    )
    assert response.status_code == 200
    assert "尚未登记专题党性教育" in body(response)
    assert RecallCase.objects.get(pk=case.pk).state == "training"
    response = as_persona("hr").post(url, {"action": "training", "kind": "talk", "held_on": "", "content": ""})
    assert "请填写培训日期。" in body(response) and "请填写培训内容。" in body(response)


def test_the_order_prints_for_the_cadre(recall_world, as_persona):
    w = recall_world
    case = advance(w, make_case(w), "ordered")
    page = body(as_persona("cadre").get(reverse("recall:case_order", args=[case.pk])))
    assert "召〔2025〕1号" in page and "张三同志" in page and "区人才市场管理办公室" in page


def test_the_cadre_page_shows_the_hold_and_the_cards(recall_world, as_persona):
    w = recall_world
    advance(w, make_case(w), "retraining")
    approved_card(w, issued_on=D(2025, 1, 5))
    page = body(as_persona("hr").get(reverse("org:cadre_detail", args=[w.cadre.pk])))
    assert 'id="cadre-personnel-hold"' in page and "区人才市场管理办公室" in page
    assert 'id="cadre-recall-cards"' in page
    me = body(as_persona("cadre").get(reverse("me")))
    assert 'id="panel-my-recall"' in me and "人事关系暂挂区人才市场管理办公室" in me


def _csv(rows: list[str]) -> bytes:
    return ("工号,姓名,竞聘名称,竞聘日期,竞聘岗位,备注\n" + "\n".join(rows) + "\n").encode()


def test_the_competition_import_is_all_or_nothing(recall_world, as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hr = as_persona("hr")
    url = reverse("recall:competition_import")
    bad = _csv(
        ["A001,张三,中层竞聘,2025-08-20,副科长,", "B001,李四,中层竞聘,2025-08-20,,", "A001,王五,中层竞聘,2025-13-01,,"]
    )
    response = post_and_follow(hr, url, {"action": "preview", "file": SimpleUploadedFile("落聘.csv", bad)})
    assert response.status_code == 200 and "preview_job" not in response.context
    page = body(response)
    assert "第 3 行 [工号]" in page and "第 4 行 [姓名]" in page and "第 4 行 [竞聘日期]" in page
    assert "文件有 3 处错误,未导入任何数据。" in page and "确认导入" not in page
    assert not CompetitionLoss.objects.exists()
    good = _csv(["A001,张三,中层竞聘,2025-08-20,副科长,"])
    response = post_and_follow(hr, url, {"action": "preview", "file": SimpleUploadedFile("落聘.csv", good)})
    assert response.status_code == 200 and not CompetitionLoss.objects.exists()
    assert "确认导入" in body(response) and "副科长" in body(response)
    response = hr.post(url, {"action": "confirm", "preview": response.context["preview_job"]})
    assert response.status_code == 302 and CompetitionLoss.objects.get().competition == "中层竞聘"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_their_rows(recall_world, as_persona):
    w = recall_world
    committee = as_persona("committee")
    urls = [reverse("recall:case_list"), reverse("recall:card_list"), reverse("recall:batch_list")]
    make_case(w)
    approved_card(w, issued_on=D(2025, 1, 5))
    committee.get(urls[0])  # the session is written on the first request (then once a minute at most)
    few = [_queries(committee, url) for url in urls]
    for i in range(6):
        cadre = CadreFactory(organization=w.org, unit=w.unit_a1, employee_no=f"Q{i:03d}")
        make_case(w, cadre)
        approved_card(w, issued_on=D(2025, 1, 5), cadre=cadre)
    assert [_queries(committee, url) for url in urls] == few
