"""Permission-matrix entries for the papers (merged into tests/test_permission_matrix.py). The matrix world already
has 2024 published (tests/demotion/matrix_cases.py); the papers page and its PDFs are the staff's, each scoped to
their units (HR of 城关所 prints only 城关所's forms); HR file paper summaries of their own units; organization-wide
HR set the deadline; a cadre writes their own summary."""

STAFF = {"admin", "hr", "hr_other", "committee"}
HR = {"admin", "hr", "hr_other"}
CADRES = {"cadre", "other_cadre"}
# Downloads that are not text: scoping of their content is tested in tests/papers/test_pages.py.
BINARY = {"papers:forms_pdf", "papers:pack_pdf"}


def _page(ok: set):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 200 if persona in ok else 403

    return expect


def _post_only(admitted: set):
    def expect(persona):
        if persona == "anonymous":
            return 302
        return 405 if persona in admitted else 403

    return expect


ENTRIES: dict = {
    "papers:index": (None, _page(STAFF)),
    "papers:forms_pdf": (None, _page(STAFF)),
    "papers:pack_pdf": (None, _page(STAFF)),
    "papers:deadline_set": (None, _post_only(HR)),
    "papers:paper_upload": (lambda w: {"pk": w.cadre.pk}, _post_only(HR)),
    "papers:mine": (None, _page(CADRES)),
}


def setup(world) -> None:
    """Nothing of its own: the published year comes from the demotion area."""
