"""The product's own rules that an installation may set: warnings, cadres' logins, what an import may hold, ballots."""

from cadre_eval.env import env

# 退休年龄预警 (notices.warnings, org.services.warnings): the retirement age by gender, and by rank grade where it
# differs. The first rule whose `rank` words appear in the cadre's 职级 (an empty `rank` matches any) and whose gender
# is the cadre's gives the age before the gradual raising; a cadre within `RETIREMENT_WARNING_MONTHS` of the day is
# warned about. The base ages are the long-standing ones (男 60; 女 55, 处级女干部 60); the raising decided in 2024
# (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, from 1 January 2025) is applied to them by
# org.services.warnings.retirement_day unless a rule says "gradual": False.
RETIREMENT_AGES = [
    {"gender": "M", "rank": "", "years": 60},
    {"gender": "F", "rank": "处", "years": 60},
    {"gender": "F", "rank": "", "years": 55},
]
RETIREMENT_WARNING_MONTHS = 12
# 试用期满预警 (org.services.warnings): an open appointment whose probation (试用期, 《党政领导干部选拔任用工作条例》
# 第五十七条: one year for a newly promoted leader) ends within this many days is told to HR, to arrange its review.
PROBATION_WARNING_DAYS = env.int("PROBATION_WARNING_DAYS", 30)

# Democratic evaluation: the key of the one-time codes' HMAC (ballots.codes); empty: derived from SECRET_KEY.
BALLOT_CODE_KEY = env.str("BALLOT_CODE_KEY", "")

# Cadres' logins (org.accounts): the username a cadre's login gets ({employee_no} = 工号; {organization} = the
# organization's code, for one installation serving several organizations), and how long an activation code lasts.
CADRE_USERNAME_FORMAT = env.str("CADRE_USERNAME_FORMAT", "{employee_no}")
CADRE_ACTIVATION_DAYS = env.int("CADRE_ACTIVATION_DAYS", 14)

# What an import file may hold (common.imports.reading): data rows, columns, characters in a cell, and for an xlsx
# its unpacked size, its largest part and how far a part may be compressed. A file over any limit is refused at the
# preview with the limit and where it was hit.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", 60)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", 2_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_PART_BYTES = env.int("IMPORT_MAX_PART_BYTES", 120 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_PARTS = env.int("IMPORT_MAX_PARTS", 500)
# Seconds a worker may spend checking one uploaded file for its preview before it stops and says so.
IMPORT_PREVIEW_SECONDS = env.int("IMPORT_PREVIEW_SECONDS", 120)
