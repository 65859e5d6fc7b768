"""Reading a roster file (xlsx or csv) into rows of raw cell values, numbered as Excel shows them, by the rules
every import reads its file (common.imports.reading); the roster's messages name the roster."""

from django.utils.translation import gettext_lazy

from common.imports.issues import ImportInvalid
from common.imports.reading import SUPPORTED_EXTENSIONS, Sheet, SheetFormat, file_extension, sheet_read
from org.roster.columns import COLUMNS, EMPLOYEE_NO, SHEET_NAME
from org.roster.issues import RosterInvalid

__all__ = ["ROSTER_FORMAT", "SUPPORTED_EXTENSIONS", "file_extension", "roster_read"]

ROSTER_FORMAT = SheetFormat(
    columns=COLUMNS,
    sheet_name=SHEET_NAME,
    key_column=EMPLOYEE_NO,
    no_header=gettext_lazy("文件中没有找到花名册表头。第一行应为:%(columns)s。"),
    no_header_in_sheet=gettext_lazy("中没有找到花名册表头(%(columns)s)"),
    sheet_hint=gettext_lazy(
        "工作表“%(sheet)s”%(what)s。请把花名册放在第一个工作表,或将其工作表命名为“%(expected)s”。"
        "本工作簿中的工作表:%(sheets)s。"
    ),
)


def roster_read(*, content: bytes, file_name: str) -> Sheet:
    """Raises RosterInvalid with file-level issues when the file cannot be read as a roster."""
    try:
        return sheet_read(content=content, file_name=file_name, file_format=ROSTER_FORMAT)
    except ImportInvalid as exc:
        raise RosterInvalid(exc.issues) from exc
