from assessments.imports.columns import VETOES
from assessments.imports.command import ImportCommand


class Command(ImportCommand):
    kind = VETOES
    help = (
        "导入一票否决记录(xlsx 或 csv,列:年度、工号、否决事项、发生日期、依据材料、备注),"
        "记录待党委审批:校验全部行,打印摘要并一次性写入;任何一行有错误时逐条打印错误"
        "(行号、列、原因)并以状态 1 退出,不写入任何数据。"
    )
