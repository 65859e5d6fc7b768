"""The English catalog: every source string translated, the committed .mo in step with the .po, and one switch
turning the interface English.

The catalog is regenerated with
    manage.py makemessages -l en --ignore=.venv --ignore=static --ignore=staticfiles --ignore=tests \
        --ignore=bench --ignore=var --no-obsolete
and compiled with `manage.py compilemessages -l en --ignore=.venv`; the .mo is committed so running the project
needs no gettext.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# %(name)s / %(name)d, bare %s / %d, and {name} — whatever a translation has to carry over unchanged.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
PO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False
    line: int = 0


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: PO_ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[PoEntry]:
    """A small reader for the subset of the PO format makemessages writes (no polib in the project)."""
    entries: list[PoEntry] = []
    entry, target = PoEntry(), None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = PoEntry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()  # a new entry without a blank line before it
        if keyword is None:
            pass
        elif keyword == "msgctxt":
            entry.line, entry.msgctxt, target = number, "", ("msgctxt", None)
        elif keyword == "msgid":
            entry.line = entry.line or number
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = "", ("msgid_plural", None)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr.setdefault(index, "")
            target = ("msgstr", index)
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
        text = _unquote(rest)
        kind, index = target
        if kind == "msgstr":
            entry.msgstr[index] += text
        elif kind == "msgid":
            entry.msgid += text
        else:
            setattr(entry, kind, getattr(entry, kind) + text)
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[PoEntry]:
    return parse_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[PoEntry]:
    """The catalog without its header."""
    return [e for e in po_entries if e.msgid or e.msgctxt is not None]


def _where(entry: PoEntry) -> str:
    return f"{PO_FILE.name}:{entry.line} {entry.msgid!r}"


def test_the_catalog_is_for_english(po_entries):
    header = po_entries[0]
    assert header.msgid == "" and header.msgctxt is None
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "fuzzy" not in header.flags


def test_every_message_is_translated_and_none_is_fuzzy(messages):
    assert len(messages) > 200, "the catalog looks truncated"
    problems = []
    for entry in messages:
        if entry.obsolete:
            problems.append(f"{_where(entry)}: obsolete entry (regenerate with --no-obsolete)")
        if "fuzzy" in entry.flags:
            problems.append(f"{_where(entry)}: fuzzy")
        forms = 2 if entry.msgid_plural is not None else 1
        if sorted(entry.msgstr) != list(range(forms)):
            problems.append(f"{_where(entry)}: expected {forms} msgstr form(s), found {sorted(entry.msgstr)}")
        problems += [f"{_where(entry)}: msgstr[{i}] is empty" for i, text in entry.msgstr.items() if not text.strip()]
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders(messages):
    problems = []
    for entry in messages:
        for index, text in entry.msgstr.items():
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            expected, found = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            if expected != found:
                problems.append(f"{_where(entry)}: msgstr[{index}] has {found}, the source {expected}")
        if ("\t" in entry.msgid) != any("\t" in text for text in entry.msgstr.values()):
            problems.append(f"{_where(entry)}: the tab-separated layout is lost")
    assert not problems, "\n".join(problems)


def test_the_catalog_holds_only_the_projects_strings(messages):
    """Django's and the packages' strings come with their own catalogs; makemessages must not pick up .venv."""
    problems = []
    for entry in messages:
        if not entry.references:
            problems.append(f"{_where(entry)}: no source reference")
        for reference in entry.references:
            path = reference.rsplit(":", 1)[0]
            if not (Path(settings.BASE_DIR) / path).is_file() or path.startswith((".venv", "static", "tests")):
                problems.append(f"{_where(entry)}: from {reference}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalog_matches_the_po(messages):
    """The committed .mo is what compilemessages makes of the .po: same messages, same translations."""
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry.msgid_plural is not None:
            for n, index in ((1, 0), (2, 1)):
                if entry.msgctxt is None:
                    got = catalog.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    got = catalog.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr[index]:
                    stale.append(f"{_where(entry)} (n={n}): .mo has {got!r}")
        else:
            got = (
                catalog.gettext(entry.msgid) if entry.msgctxt is None else catalog.pgettext(entry.msgctxt, entry.msgid)
            )
            if got != entry.msgstr[0]:
                stale.append(f"{_where(entry)}: .mo has {got!r}, .po {entry.msgstr[0]!r}")
    assert not stale, "compile the catalog again (compilemessages -l en):\n" + "\n".join(stale)

    # Nor does the .mo keep messages the .po no longer has.
    def key(entry):
        return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"

    po_keys = {key(e) for e in messages}
    mo_keys = {k[0] if isinstance(k, tuple) else k for k in catalog._catalog} - {""}
    assert mo_keys == po_keys, f"only in .mo: {sorted(mo_keys - po_keys)}; only in .po: {sorted(po_keys - mo_keys)}"


ENGLISH_LABELS = ["Units", "Cadres", "Assessment groups", "Roster import", "Log out", "Unit structure", "Cadre roster"]
CHINESE_LABELS = ["单位结构", "干部名册", "考核组", "花名册导入", "退出", "菜单", "干部考核管理系统"]


@pytest.mark.django_db
def test_hr_switches_the_interface_to_english(as_persona):
    client = as_persona("hr")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/org/units/"})
    assert response.status_code == 302 and response["Location"] == "/org/units/"

    body = client.get("/org/units/").content.decode()
    assert 'lang="en"' in body
    missing = [label for label in ENGLISH_LABELS if label not in body]
    left = [label for label in CHINESE_LABELS if label in body]
    assert not missing and not left, f"missing English {missing}, Chinese left {left}"
    # the data stays as entered
    assert "综合科一组" in body

    # the choice sticks to the session: another page is English too, messages from Python code included
    page = client.get("/org/roster/import/").content.decode()
    assert "Cadre roster import" in page and "Roster file" in page and "干部花名册导入" not in page

    # and switching back restores Chinese
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/org/units/"})
    assert "单位结构" in client.get("/org/units/").content.decode()
