"""The application's own error pages, in Chinese, wherever DEBUG is off — `make run` included (the embedded default
runs without DEBUG unless DJANGO_DEBUG says so, its static files still served)."""

import importlib

import pytest
from django.test import Client, override_settings
from django.urls import path

from cadre_eval import urls as project_urls


def boom(request):
    raise RuntimeError("a bug")


boom.login_exempt = True

urlpatterns = [*project_urls.urlpatterns, path("boom/", boom)]


def test_the_embedded_default_runs_without_debug_and_serves_static_files(monkeypatch, tmp_path):
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.setenv("CADRE_VAR_DIR", str(tmp_path))  # its secret key file goes there
    import cadre_eval.settings.base as base
    import cadre_eval.settings.local as local

    importlib.reload(base)
    local = importlib.reload(local)
    assert local.DEBUG is False
    assert local.WHITENOISE_USE_FINDERS is True


def test_not_found_is_chinese(world):
    client = Client()
    client.force_login(world.users["hr"])
    response = client.get("/org/units/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "Traceback" not in body and 'lang="zh-hans"' in body


def test_forbidden_is_chinese(world):
    client = Client()
    client.force_login(world.users["cadre"])
    response = client.get("/org/units/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_chinese_and_says_nothing_was_written(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器出错" in body and "不会写入任何数据" in body and "RuntimeError" not in body


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_bad_request_is_chinese(db):
    response = Client(HTTP_HOST="not-allowed.example", raise_request_exception=False).get("/accounts/login/")
    assert response.status_code == 400 and "请求有误" in response.content.decode()


@pytest.mark.parametrize("template", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_every_error_page_has_its_template(template):
    from django.template.loader import get_template

    assert get_template(template)
