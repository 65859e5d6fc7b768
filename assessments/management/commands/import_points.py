from assessments.imports.columns import POINTS_KIND
from assessments.imports.command import ImportCommand


class Command(ImportCommand):
    kind = POINTS_KIND
    help = (
        "导入加减分记录(xlsx 或 csv,列:年度、工号、加减分项目、分值、发生日期、依据材料、备注),"
        "记录待党委审批:校验全部行,打印摘要并一次性写入;任何一行有错误时逐条打印错误"
        "(行号、列、原因)并以状态 1 退出,不写入任何数据。"
    )
