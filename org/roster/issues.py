"""What is wrong with a roster, said the way HR reads the file: row number as Excel shows it, column, reason.

The issue and the errors are every import's (common.imports.issues); the roster's own error names the roster.
"""

from django.utils.translation import gettext as _

from common.imports.issues import ImportChanged, ImportInvalid
from common.imports.issues import ImportIssue as RosterIssue

__all__ = ["RosterChanged", "RosterInvalid", "RosterIssue"]


class RosterInvalid(ImportInvalid):
    """The roster cannot be imported; nothing was written. `issues` lists every problem found."""

    @staticmethod
    def summary(count: int) -> str:
        return _("花名册有 %(count)d 处错误,未导入任何数据。") % {"count": count}


class RosterChanged(ImportChanged):
    """The data changed between the preview and the confirmation; the new plan must be shown again."""
