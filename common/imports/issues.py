"""What is wrong with an import file, said the way HR reads it: row number as Excel shows it, column, reason."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.errors import ApplicationError


@dataclass(frozen=True)
class ImportIssue:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("第 %(row)d 行 [%(column)s]:%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第 %(row)d 行:%(message)s") % {"row": self.row, "message": self.message}

    def as_list(self) -> list:
        """As a job keeps it (JSON): [row, column, message]."""
        return [self.row, self.column, self.message]


def file_issue(message: str) -> ImportIssue:
    return ImportIssue(row=None, column="", message=message)


class ImportInvalid(ApplicationError):
    """The file cannot be imported; nothing was written. `issues` lists every problem found."""

    def __init__(self, issues: list[ImportIssue], *, plan=None):
        super().__init__(self.summary(len(issues)), extra={"issues": issues})
        self.issues = issues
        self.plan = plan

    @staticmethod
    def summary(count: int) -> str:
        """The error's message; an import whose file has a name of its own (the roster) says it."""
        return _("文件有 %(count)d 处错误,未导入任何数据。") % {"count": count}


class ImportChanged(ApplicationError):
    """The data changed between the preview and the confirmation; the new plan must be shown again."""

    def __init__(self, plan):
        super().__init__(_("预览之后系统数据已发生变化,请核对新的导入预览后再确认。"), code="changed")
        self.plan = plan
