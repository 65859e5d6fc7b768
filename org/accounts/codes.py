"""One-time activation codes: random, easy to read off paper, kept only as a keyed hash.

The alphabet leaves out the characters people confuse on a printed slip (0/O, 1/I/L, 5/S, 2/Z, 8/B). Twelve
characters of 25 give about 55 bits: with the login lockout (django-axes) and the expiry, guessing is hopeless.
The hash is an HMAC keyed with the site's secret and a random salt of its own, not a slow password hash, so that
HR can issue a whole unit's codes in one request; a code lives days, not years.
"""

import secrets

from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 12
GROUP = 4
_KEY_SALT = "cadre-eval:activation-code"


def code_generate() -> str:
    """A new code, grouped for reading: "ACDE-FGHJ-KMNP"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def code_normalize(typed: str) -> str:
    """What a person typed, as the code was generated: capitals, without spaces or dashes."""
    return "".join(ch for ch in (typed or "").upper() if ch.isascii() and ch.isalnum())


def code_hash(code: str) -> str:
    salt = get_random_string(12)
    return f"{salt}${_digest(salt, code_normalize(code))}"


def code_matches(code: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    return bool(digest) and constant_time_compare(_digest(salt, code_normalize(code)), digest)


def _digest(salt: str, normalized: str) -> str:
    return salted_hmac(f"{_KEY_SALT}.{salt}", normalized, algorithm="sha256").hexdigest()
