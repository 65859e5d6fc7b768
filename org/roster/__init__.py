"""The roster (干部花名册) import: read an xlsx or csv file, check every row, show HR what will change, then apply
it all through the org services in one transaction, or nothing.

    reading   the file into numbered rows of cells (common.imports.reading: xlsx sheet choice, csv encodings)
    rows      one row's cells into values (dates, 性别, 职务类别)
    units     the unit a row names, and the units to create
    planning  every row against the organization's data: issues and the plan
    plan      the plan's shape, its summary and fingerprint
    applying  the preview, and the import that applies the plan
    scope     where a user may import
    jobs      confirmed imports run by a background worker (common.imports.jobs)
    template  the blank roster to download
    uploads   files kept between preview and confirmation (common.imports.uploads)
"""

from org.roster.applying import roster_import, roster_preview
from org.roster.columns import COLUMNS, SHEET_NAME
from org.roster.issues import RosterChanged, RosterInvalid, RosterIssue
from org.roster.plan import RosterPlan
from org.roster.scope import WHOLE_ORGANIZATION, RosterScope, roster_organizations, roster_scope
from org.roster.template import roster_template

__all__ = [
    "COLUMNS",
    "SHEET_NAME",
    "WHOLE_ORGANIZATION",
    "RosterChanged",
    "RosterInvalid",
    "RosterIssue",
    "RosterPlan",
    "RosterScope",
    "roster_import",
    "roster_organizations",
    "roster_preview",
    "roster_scope",
    "roster_template",
]
