"""bench/web.py's URLconf: the application's URLs, and under /bench/bare/<page>/ a bare Django view that answers the
bytes (and content type) that page answered when the benchmark began — the floor a page could reach through the same
middleware, session and sign-in checks."""

import json
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

_DIR = Path(os.environ.get("BENCH_WEB_BYTES", "."))
_PAGES = {}
for meta in _DIR.glob("*.json"):
    spec = json.loads(meta.read_text())
    _PAGES[meta.stem] = (meta.with_suffix(".body").read_bytes(), spec["content_type"])


def bare(request, name):
    body, content_type = _PAGES[name]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [
    path("bench/bare/<str:name>/", bare),
    path("", include("cadre_eval.urls")),
]
