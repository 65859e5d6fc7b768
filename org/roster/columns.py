"""The roster's file format: its columns and the words allowed in its cells.

The column names are the file's format, not interface text: a roster filled in Chinese is read the same whatever
language the page is shown in, so they are not translated.
"""

from org.models import Cadre, Post

EMPLOYEE_NO = "工号"
NAME = "姓名"
GENDER = "性别"
BIRTH_DATE = "出生日期"
UNIT = "单位"
POST = "职务"
POST_KIND = "职务类别"
START_DATE = "任职日期"
RANK_GRADE = "职级"
GROUP = "考核组"

COLUMNS = (EMPLOYEE_NO, NAME, GENDER, BIRTH_DATE, UNIT, POST, POST_KIND, START_DATE, RANK_GRADE, GROUP)

SHEET_NAME = "花名册"
INSTRUCTIONS_SHEET_NAME = "填写说明"

GENDERS: dict[str, str] = {"男": Cadre.Gender.MALE, "女": Cadre.Gender.FEMALE}
POST_KINDS: dict[str, str] = {
    "正职": Post.Kind.PRINCIPAL,
    "副职": Post.Kind.DEPUTY,
    "中层负责人": Post.Kind.MIDDLE,
    "一般干部": Post.Kind.STAFF,
}
GENDER_LABELS = {value: label for label, value in GENDERS.items()}
POST_KIND_LABELS = {value: label for label, value in POST_KINDS.items()}

# A unit is written as a path from an upper unit down, e.g. 机关/综合科; both slashes are accepted.
UNIT_SEPARATORS = ("/", "/")

# Lengths of the model fields the cells go to.
MAX_LENGTHS = {EMPLOYEE_NO: 32, NAME: 50, UNIT: 100, POST: 100, RANK_GRADE: 50, GROUP: 100}
