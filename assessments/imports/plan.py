"""What an import will write, as HR sees it in the preview and as the apply step carries it out.

Each kind of import has its own plan (scores, points, vetoes); they share the file's identity, its issues, the
counts shown in the preview and the fingerprint that tells the confirmation whether anything changed since.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from assessments.imports.columns import FORMATS, FileFormat
from common.imports.issues import ImportIssue
from org.models import Organization


@dataclass(frozen=True)
class CadreRef:
    """A cadre as the import needs it: read as plain values, ten thousand of them in one query."""

    pk: int
    employee_no: str
    name: str
    unit_path: str

    @property
    def label(self) -> str:
        return f"{self.name}({self.employee_no})"


@dataclass(eq=False)
class ImportPlan:
    kind = ""

    organization: Organization
    year: int
    file_name: str
    sheet_name: str | None = None
    row_count: int = 0
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def file_format(self) -> FileFormat:
        return FORMATS[self.kind]

    @property
    def is_valid(self) -> bool:
        return not self.issues

    def sorted_issues(self) -> list[ImportIssue]:
        order = {c: i for i, c in enumerate(self.file_format.columns)}
        return sorted(self.issues, key=lambda i: (i.row or 0, order.get(i.column, len(order))))

    # --- what each kind defines ---

    def counts(self) -> dict[str, int]:
        raise NotImplementedError

    def count_labels(self) -> dict[str, str]:
        raise NotImplementedError

    def changing_counts(self) -> tuple[str, ...]:
        """The counts that write something."""
        raise NotImplementedError

    def operations(self) -> list[list]:
        """Every row's outcome as plain values: what the fingerprint is taken over."""
        raise NotImplementedError

    def sections(self) -> list[dict]:
        """The preview's tables, each cut to its first rows."""
        raise NotImplementedError

    def identity(self) -> list:
        return [self.kind, self.organization.pk, self.year]

    # --- shared ---

    def summary(self) -> list[tuple[str, int]]:
        """(label, count) in the order the preview shows them."""
        labels = self.count_labels()
        return [(labels[key], count) for key, count in self.counts().items()]

    @property
    def has_changes(self) -> bool:
        counts = self.counts()
        return any(counts[key] for key in self.changing_counts())

    @property
    def fingerprint(self) -> str:
        payload = json.dumps([*self.identity(), self.operations()], ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def title(self) -> str:
        return {"scores": _("评分"), "points": _("加减分"), "vetoes": _("一票否决")}[self.kind]
