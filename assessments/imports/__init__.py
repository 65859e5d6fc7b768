"""Score, point and veto imports (评分、加减分、一票否决导入), built like the roster import: read an xlsx or csv
file, check every row, show HR what will be written, then write it all through the assessment services in one
transaction, or nothing.

    columns   the files' columns and the words allowed in their cells
    reading   a file into numbered rows of cells (common.imports.reading: xlsx sheet choice, csv encodings)
    cells     cells every import shares: 年度, dates, numbers, lengths
    plan      what a plan shares: issues, counts, preview sections, fingerprint
    scores    score rows against the year's scheme, assignments and stored scores
    records   what point and veto rows share: the cadre, the catalog item, the date, the evidence
    points    point rows, the yearly cap of each item
    vetoes    veto rows, one veto per cadre, item and day
    applying  the preview, and the import that writes the plan
    jobs      confirmed imports run by a background worker (common.imports.jobs)
    template  the blank files to download
    uploads   files kept between preview and confirmation (common.imports.uploads)
"""

from assessments.imports.applying import KINDS, import_apply, import_preview
from assessments.imports.columns import FORMATS, POINTS_KIND, SCORES, VETOES
from assessments.imports.plan import ImportPlan
from assessments.imports.template import import_template
from common.imports.issues import ImportChanged, ImportInvalid, ImportIssue

__all__ = [
    "FORMATS",
    "KINDS",
    "POINTS_KIND",
    "SCORES",
    "VETOES",
    "ImportChanged",
    "ImportInvalid",
    "ImportIssue",
    "ImportPlan",
    "import_apply",
    "import_preview",
    "import_template",
]
