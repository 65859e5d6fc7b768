"""Sections that other apps add to a role's landing page (the committee's 待决事项, a cadre's 我的档案).

Arrows point to the core: `org` must not import the domain apps, so they come to it. An app registers a provider
for a role (from its AppConfig.ready()); the landing page asks every provider of its role, in order, and shows the
sections they return. A provider returns None when it has nothing to say to this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    count: int | None = None  # shown as a badge next to the title (e.g. items waiting)
    url: str = ""  # where the whole list is ("查看全部")
    # Names the section in the page (id "panel-<key>", count badge "panel-<key>-count"), so a partial update
    # (htmx, out of band) can refresh the count after an item is dealt with.
    key: str = ""


@dataclass
class RenderedPanel:
    title: str
    count: int | None
    url: str
    key: str
    html: SafeString


Provider = Callable[[HttpRequest], Panel | None]

# role -> key -> (order, provider); keyed so that importing a registering module twice registers once.
_registry: dict[str, dict[str, tuple[int, Provider]]] = {}


def _key(provider: Callable[..., Panel | None]) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def register(role: str, provider: Provider | None = None, *, order: int = 100):
    """`register(role, provider)`, or `@register(role, order=10)` above the provider."""

    def add(fn: Provider) -> Provider:
        _registry.setdefault(role, {})[_key(fn)] = (order, fn)
        return fn

    return add(provider) if provider is not None else add


def unregister(role: str, provider: Provider) -> None:
    _registry.get(role, {}).pop(_key(provider), None)


def providers_for(role: str) -> list[Provider]:
    entries = _registry.get(role, {})
    return [fn for _, key, fn in sorted((order, key, fn) for key, (order, fn) in entries.items())]


def _render(panel: Panel, request: HttpRequest) -> RenderedPanel:
    # Rendered without the request's context processors (the page itself already ran them): the section gets the
    # request and the CSRF token for its forms, and its own context.
    context = {**panel.context, "panel": panel, "request": request, "csrf_token": get_token(request)}
    html = render_to_string(panel.template, context)
    return RenderedPanel(title=panel.title, count=panel.count, url=panel.url, key=panel.key, html=html)


def panels_for(role: str, request: HttpRequest) -> list[RenderedPanel]:
    """Every section the role's providers have for this request, rendered, in order."""
    panels = (provider(request) for provider in providers_for(role))
    return [_render(panel, request) for panel in panels if panel is not None]


# Sections on the staff's page of one cadre (org:cadre_detail): a provider gets the request and the cadre (already
# within the user's scope) and returns a Panel or None.
CadreSection = Callable[[HttpRequest, object], Panel | None]
_cadre_sections: dict[str, tuple[int, CadreSection]] = {}


def register_cadre_section(provider: CadreSection | None = None, *, order: int = 100):
    """`register_cadre_section(provider)`, or `@register_cadre_section(order=10)` above the provider."""

    def add(fn: CadreSection) -> CadreSection:
        _cadre_sections[_key(fn)] = (order, fn)
        return fn

    return add(provider) if provider is not None else add


def cadre_sections_for(request: HttpRequest, cadre) -> list[RenderedPanel]:
    providers = [fn for _, key, fn in sorted((order, key, fn) for key, (order, fn) in _cadre_sections.items())]
    panels = (provider(request, cadre) for provider in providers)
    return [_render(panel, request) for panel in panels if panel is not None]
