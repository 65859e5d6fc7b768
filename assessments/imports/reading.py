"""Reading an import file (xlsx or csv) into rows of raw cell values: the rules every import reads its file by
(common.imports.reading); each kind's format is in assessments.imports.columns."""

from common.imports.reading import SUPPORTED_EXTENSIONS, sheet_read

__all__ = ["SUPPORTED_EXTENSIONS", "sheet_read"]
