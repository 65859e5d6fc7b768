"""The one typed reader of the process environment used by the settings."""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()


class Env:
    def __init__(self, environ=None):
        self.environ = os.environ if environ is None else environ

    def _raw(self, name, default):
        value = self.environ.get(name)
        if value is None:
            if default is _MISSING:
                raise ImproperlyConfigured(f"The environment variable {name} must be set.")
            return None
        return value

    def has(self, name: str) -> bool:
        return bool(self.environ.get(name))

    def str(self, name: str, default=_MISSING) -> str:
        value = self._raw(name, default)
        return default if value is None else value

    def bool(self, name: str, default=_MISSING) -> bool:
        value = self._raw(name, default)
        if value is None:
            return default
        lowered = value.strip().lower()
        if not lowered:
            # `DJANGO_SECURE_SSL_REDIRECT=` reads as a typo, not as "false": switching a protection off takes a word.
            raise ImproperlyConfigured(f"{name} is set but empty: set it to true or false, or leave it unset.")
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")

    def int(self, name: str, default=_MISSING) -> int:
        value = self._raw(name, default)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc

    def list(self, name: str, default=_MISSING) -> list[str]:
        value = self._raw(name, default)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def database(self, name: str, default=_MISSING) -> dict:
        """Parse a database URL: postgres://user:pass@host:port/name or sqlite:///path."""
        url = self.str(name, default)
        parts = urlsplit(url)
        options = dict(parse_qsl(parts.query))
        if parts.scheme == "sqlite":
            # sqlite:////abs/path is absolute; sqlite:///rel/path is relative.
            path = unquote(parts.path)[1:]
            return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
        if parts.scheme in {"postgres", "postgresql", "pgsql"}:
            config = {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": unquote(parts.path.lstrip("/")),
                "USER": unquote(parts.username or ""),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "",
                "PORT": str(parts.port or ""),
                "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
                "CONN_HEALTH_CHECKS": True,
            }
            if options:
                config["OPTIONS"] = options
            return config
        raise ImproperlyConfigured(f"{name} has an unsupported scheme {parts.scheme!r}.")


env = Env()
