"""剩余信息保护: the 竞聘落聘 file kept between preview and confirmation is deleted once the confirmation ends, whether
it imports or is refused."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.models import Cadre
from recall.models import CompetitionLoss
from tests.recall.test_pages import _csv


def _preview(hr, url):
    good = _csv(["A001,张三,中层竞聘,2025-08-20,副科长,"])
    response = hr.post(url, {"action": "preview", "file": SimpleUploadedFile("落聘.csv", good)})
    assert response.status_code == 200
    return response.context["token"]


def test_a_file_refused_on_confirmation_is_deleted_like_an_imported_one(recall_world, as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    store = tmp_path / "recall_competitions"
    hr = as_persona("hr")
    url = reverse("recall:competition_import")

    # a preview whose file no longer checks out on confirmation (the cadre's name changed in between)
    token = _preview(hr, url)
    assert [path.stem for path in store.iterdir()] == [token]
    Cadre.objects.filter(employee_no="A001").update(name="张三丰")
    response = hr.post(url, {"action": "confirm", "token": token})
    assert response.status_code == 400 and not CompetitionLoss.objects.exists()
    assert not any(store.iterdir())
    # and the same token cannot be confirmed afterwards
    Cadre.objects.filter(employee_no="A001").update(name="张三")
    assert hr.post(url, {"action": "confirm", "token": token}).status_code == 400

    # an imported one goes too
    token = _preview(hr, url)
    assert hr.post(url, {"action": "confirm", "token": token}).status_code == 302
    assert CompetitionLoss.objects.count() == 1 and not any(store.iterdir())
