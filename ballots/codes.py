"""One-time evaluation codes (测评码): how they are made, written, typed back and stored.

A code is 10 characters drawn with `secrets` from 31 that cannot be mistaken for one another on paper or a phone
screen (the digits 2–9 and the letters without I, L and O): 10 × log2(31) ≈ 49.5 bits. It is shown in two groups of
five (ABCDE-FGHJK); typing it back, case, spaces and the hyphen do not matter.

Only an HMAC-SHA256 of the code under a server key is stored. Not a slow password hash (PBKDF2, Argon2): those
exist to make guessing a low-entropy secret expensive; a code is already 49.5 random bits, is worth something
only until it is used or its evaluation closes, and must be found by its hash in one indexed look-up — a salted
slow hash would need one slow hash per issued code on every vote. The key keeps a copy of the database from being
enough to test guesses offline.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
ENTROPY_BITS = 49.5  # LENGTH × log2(len(ALPHABET)), rounded down to a tenth

_KEY_CONTEXT = b"cadre-eval/ballots/code-hmac/v1|"


def generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """ABCDE-FGHJK: the way a code is printed."""
    return f"{code[:GROUP]}-{code[GROUP:]}"


def normalize(typed: str) -> str:
    """What a rater typed, as a code: upper case, without spaces or hyphens (full-width ones too)."""
    text = (typed or "").upper()
    for separator in (" ", "-", "\u3000", "\uff0d", "\u2014", "_"):
        text = text.replace(separator, "")
    return text


def well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def _key() -> bytes:
    configured = getattr(settings, "BALLOT_CODE_KEY", "")
    if configured:
        return configured.encode()
    # Derived from SECRET_KEY when no key of its own is set: rotating SECRET_KEY then makes unused codes unusable.
    return hashlib.sha256(_KEY_CONTEXT + settings.SECRET_KEY.encode()).digest()


def code_hash(code: str) -> str:
    return hmac.new(_key(), code.encode(), hashlib.sha256).hexdigest()
