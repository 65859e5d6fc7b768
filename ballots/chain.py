"""The hash chain that seals a tally.

Each ballot has a canonical serialization (UTF-8 JSON, keys sorted, no spaces): the chain's version, the
evaluation's public key, the rater category's id and the answers as [subject id, item id, answer] triples sorted
by subject and item. Its SHA-256 is the ballot's digest. The ballots are chained in the order of their digests —
an order that depends only on what they say, never on when they were cast:

    link₀ = SHA-256("cadre-eval/ballots/chain/v1|" + evaluation key)
    linkᵢ = SHA-256(linkᵢ₋₁ + digestᵢ)          (hex strings, concatenated)

The last link is the head, printed on the result sheet. Adding, removing or changing any ballot changes the head;
so does changing a stored digest to match a changed ballot.
"""

import hashlib
import json
from collections.abc import Iterable

VERSION = "v1"
_GENESIS = "cadre-eval/ballots/chain/v1|"


def canonical(*, evaluation_key: str, category_id: int, answers: dict) -> bytes:
    triples = sorted(
        ([int(subject), int(item), value] for subject, by_item in answers.items() for item, value in by_item.items()),
        key=lambda t: (t[0], t[1]),
    )
    body = {"v": VERSION, "e": evaluation_key, "c": int(category_id), "a": triples}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def digest(*, evaluation_key: str, category_id: int, answers: dict) -> str:
    return hashlib.sha256(
        canonical(evaluation_key=evaluation_key, category_id=category_id, answers=answers)
    ).hexdigest()


def genesis(evaluation_key: str) -> str:
    return hashlib.sha256((_GENESIS + evaluation_key).encode()).hexdigest()


def head(digests: Iterable[str], *, evaluation_key: str) -> str:
    link = genesis(evaluation_key)
    for value in sorted(digests):
        link = hashlib.sha256((link + value).encode()).hexdigest()
    return link


def results_digest(results: dict) -> str:
    """SHA-256 of the results as canonical JSON (the same rules), printed beside the head."""
    text = json.dumps(results, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
