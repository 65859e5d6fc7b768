"""Write-matrix entries for this area (merged into tests/test_write_matrix.py's WRITES and READ_ONLY)."""

WRITES: dict = {}
READ_ONLY: set = set()
