"""Names close to one another: a roster that names 综合科 as “综合科 ” or “综合科（一）” as “综合科(一)”, or makes a
small typo, should not quietly create a second unit, post or group.

Two names are compared after normalising both (full-width letters, digits and brackets to their half-width forms,
every kind of bracket to round ones, spaces and middle dots dropped, letters in lower case); equal then, they are
the same name written two ways. Otherwise difflib's ratio says how alike they are: from THRESHOLD up they are
offered as "did you mean". A one-character difference reaches it in names of four characters or more; in shorter
ones (城关所 and 城南所) it would mostly flag different units that merely look alike. Names that differ only as
organizations make them differ on purpose are never offered: numbered siblings (综合科一组 and 综合科二组, 科室001 and
科室002) and a principal post and its deputy (组长 and 副组长).
"""

import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import TypeVar

THRESHOLD = 0.75
MAX_CANDIDATES = 3

_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                           "〖": "(", "〗": ")", "「": "(", "」": ")", "『": "(", "』": ")", "<": "(", ">": ")",
                           "《": "(", "》": ")", "〈": "(", "〉": ")"})  # fmt: skip
_DROPPED = set("·・•‧ \t\u3000")


def name_normalize(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    return "".join(ch for ch in text if ch not in _DROPPED and not ch.isspace()).lower()


_NUMERALS = set("0123456789零〇一二三四五六七八九十百")
_RANKS = set("副正")


def _without(text: str, characters: set) -> str:
    return "".join(ch for ch in text if ch not in characters)


def _distinct_by_design(matcher: SequenceMatcher) -> bool:
    """Every difference is a numeral for a numeral, or a 副 / 正 added or left out."""
    a, b = matcher.a, matcher.b  # type: ignore[attr-defined]  # typeshed leaves out SequenceMatcher.a and .b
    if _NUMERALS & set(a) and _NUMERALS & set(b) and _without(a, _NUMERALS) == _without(b, _NUMERALS):
        return True
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours, theirs = set(a[i1:i2]), set(b[j1:j2])
        if tag == "replace" and ours and theirs and ours <= _NUMERALS and theirs <= _NUMERALS:
            continue
        if tag in {"insert", "delete"} and (ours | theirs) <= _RANKS:
            continue
        return False
    return True


def name_similarity(a: str, b: str) -> float:
    na, nb = name_normalize(a), name_normalize(b)
    if na == nb:
        return 1.0
    matcher = SequenceMatcher(None, na, nb)
    return 0.0 if _distinct_by_design(matcher) else matcher.ratio()


Key = TypeVar("Key")


def similar_names(name: str, candidates: Iterable[tuple[Key, str]]) -> list[tuple[Key, str]]:
    """The (key, name) candidates close to `name`, closest first, at most MAX_CANDIDATES; an exact equal is never
    offered (it is the same name, not a near one)."""
    scored = []
    for key, other in candidates:
        if other == name:
            continue
        score = name_similarity(name, other)
        if score >= THRESHOLD:
            scored.append((-score, other, key))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(key, other) for _score, other, key in scored[:MAX_CANDIDATES]]
