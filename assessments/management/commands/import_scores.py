from assessments.imports.columns import SCORES
from assessments.imports.command import ImportCommand


class Command(ImportCommand):
    kind = SCORES
    help = (
        "导入评分(xlsx 或 csv,列:年度、期间、考核项目、评分人工号、被评人工号、分数、备注):"
        "校验全部行,打印摘要并一次性写入;任何一行有错误时逐条打印错误(行号、列、原因)"
        "并以状态 1 退出,不写入任何数据。"
    )
