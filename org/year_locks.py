"""Whether a year's assessment groups may still change.

Once a year's results are computed, moving a cadre between that year's groups would leave the results describing
groups that no longer exist; it is refused until the results are computed again. `org` must not import the
assessment apps, so they come to it: an app registers a check (from its AppConfig.ready()) that answers, for an
organization and a year, why the year's groups are fixed — or None when they are not. The group services and the
roster import ask every check before they change a membership.
"""

from collections.abc import Callable

# (organization, year) -> the reason the year's groups are fixed (shown to the user), or None.
YearLockCheck = Callable[[object, int], str | None]

# Keyed by the check's module and name, so that importing a registering module twice registers once.
_checks: dict[str, YearLockCheck] = {}


def _key(check: YearLockCheck) -> str:
    return f"{check.__module__}.{check.__qualname__}"


def register_year_lock(check: YearLockCheck) -> YearLockCheck:
    """`register_year_lock(check)`, or `@register_year_lock` above it."""
    _checks[_key(check)] = check
    return check


def unregister_year_lock(check: YearLockCheck) -> None:
    _checks.pop(_key(check), None)


def year_lock_reasons(*, organization, year: int) -> list[str]:
    """Why the year's groups are fixed, one reason per check that says so; empty when they may change."""
    reasons = (check(organization, year) for _, check in sorted(_checks.items()))
    return [reason for reason in reasons if reason]
