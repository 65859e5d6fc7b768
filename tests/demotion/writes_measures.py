"""Write-matrix entries for this area, merged into tests/test_write_matrix.py (which defines Case and api and passes
them in, so that this module need not import it)."""

READ_ONLY: set = set()


def writes(Case, api) -> dict:
    return {}
