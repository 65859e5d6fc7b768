"""The import files' format: columns, sheet names and the words allowed in their cells.

Column names and cell words are the file's format, not interface text: a file filled in Chinese is read the same
whatever language the page is shown in, so they are not translated.
"""

from dataclasses import dataclass

from assessments.models import Period
from common.imports.reading import SheetFormat

YEAR = "年度"
PERIOD = "期间"
COMPONENT = "考核项目"
RATER_NO = "评分人工号"
RATEE_NO = "被评人工号"
SCORE = "分数"
NOTE = "备注"
EMPLOYEE_NO = "工号"
POINT_ITEM = "加减分项目"
POINTS = "分值"
OCCURRED_ON = "发生日期"
EVIDENCE = "依据材料"
VETO_ITEM = "否决事项"

INSTRUCTIONS_SHEET_NAME = "填写说明"

SCORES = "scores"
POINTS_KIND = "points"
VETOES = "vetoes"


@dataclass(frozen=True, kw_only=True)
class FileFormat(SheetFormat):
    """A kind's file: what the reader needs (columns, sheet, header column, optional columns), and the kind and the
    lengths of the fields its cells go to."""

    kind: str
    max_lengths: dict
    optional_columns: frozenset = frozenset({NOTE})


FORMATS = {
    SCORES: FileFormat(
        kind=SCORES,
        columns=(YEAR, PERIOD, COMPONENT, RATER_NO, RATEE_NO, SCORE, NOTE),
        sheet_name="评分",
        key_column=RATEE_NO,
        max_lengths={NOTE: 200},
    ),
    POINTS_KIND: FileFormat(
        kind=POINTS_KIND,
        columns=(YEAR, EMPLOYEE_NO, POINT_ITEM, POINTS, OCCURRED_ON, EVIDENCE, NOTE),
        sheet_name="加减分",
        key_column=POINT_ITEM,
        max_lengths={NOTE: 200, EVIDENCE: 2000},
        optional_columns=frozenset({NOTE, POINTS}),
    ),
    VETOES: FileFormat(
        kind=VETOES,
        columns=(YEAR, EMPLOYEE_NO, VETO_ITEM, OCCURRED_ON, EVIDENCE, NOTE),
        sheet_name="一票否决",
        key_column=VETO_ITEM,
        max_lengths={NOTE: 200, EVIDENCE: 2000},
    ),
}

# 期间: the labels people write, and the codes. Codes are matched case-insensitively.
PERIOD_LABELS = {
    "第一季度": Period.Kind.Q1,
    "第二季度": Period.Kind.Q2,
    "第三季度": Period.Kind.Q3,
    "第四季度": Period.Kind.Q4,
    "上半年": Period.Kind.H1,
    "下半年": Period.Kind.H2,
    "全年": Period.Kind.YEAR,
}
PERIOD_ALIASES = {
    "一季度": Period.Kind.Q1,
    "二季度": Period.Kind.Q2,
    "三季度": Period.Kind.Q3,
    "四季度": Period.Kind.Q4,
    "年度": Period.Kind.YEAR,
}
PERIOD_WORDS = {
    **PERIOD_LABELS,
    **PERIOD_ALIASES,
    **{kind.value.upper(): kind for kind in Period.Kind},
}
PERIOD_LABEL_OF = {kind: label for label, kind in PERIOD_LABELS.items()}


def period_kind(text: str) -> str | None:
    return PERIOD_WORDS.get(text.strip().upper() if text.isascii() else text.strip())
