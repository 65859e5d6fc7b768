"""Who must do what to sign in: the roles that need a second factor and a periodic password change (settings), and
whether a user is among them."""

from django.conf import settings

from org.roles import get_roles


def _holds_any(user, roles) -> bool:
    return bool(set(get_roles(user).names) & set(roles))


def second_factor_required(user) -> bool:
    """TWO_FACTOR_REQUIRED (on in production) for the roles of TWO_FACTOR_ROLES: the administrators, HR and the
    party committee (GB/T 22239-2019 8.1.4.1 d: two kinds of credentials, one of them cryptographic)."""
    return bool(settings.TWO_FACTOR_REQUIRED) and _holds_any(user, settings.TWO_FACTOR_ROLES)


def password_expiry_applies(user) -> bool:
    return settings.PASSWORD_MAX_AGE_DAYS > 0 and _holds_any(user, settings.PASSWORD_EXPIRY_ROLES)
