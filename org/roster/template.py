"""The blank roster HR downloads, fills in and imports again."""

import datetime

from django.utils.translation import gettext as _

from common.imports.template import DATE_FORMAT, TEMPLATE_ROWS, data_sheet, guide_finish, guide_sheet, workbook_bytes
from org.roster import columns as col

EXAMPLE = {
    col.EMPLOYEE_NO: "0001",
    col.NAME: "张三",
    col.GENDER: "男",
    col.BIRTH_DATE: datetime.date(1985, 5, 1),
    col.UNIT: "机关/综合科",
    col.POST: "科长",
    col.POST_KIND: "中层负责人",
    col.START_DATE: datetime.date(2023, 3, 1),
    col.RANK_GRADE: "一级主任科员",
    col.GROUP: "机关科室负责人组",
}


def _notes() -> dict[str, str]:
    return {
        col.EMPLOYEE_NO: _("必填。本机构内唯一,用于匹配已有干部:已有的更新,没有的新增。"),
        col.NAME: _("必填。"),
        col.GENDER: _("必填。男 或 女。"),
        col.BIRTH_DATE: _("日期,如 1985-05-01、1985/5/1、1985.5.1 或 1985年5月1日。留空则不修改已有记录。"),
        col.UNIT: _(
            "必填。单位名称,或从上级到下级的路径,如“机关/综合科”。名称在本机构中唯一时可只写名称;"
            "不存在的单位将在机构下新建。"
        ),
        col.POST: _(
            "可空。留空表示不任职务(一般干部),不会结束已有任职。填写新的职务将结束该干部的其他现任职务(职务调整)。"
        ),
        col.POST_KIND: _("填写职务时必填:正职、副职、中层负责人 或 一般干部。"),
        col.START_DATE: _("填写职务时必填。日期格式同出生日期。"),
        col.RANK_GRADE: _("可空,如 一级主任科员。留空则不修改已有记录。"),
        col.GROUP: _("可空。导入时所选年度的考核组名称,不存在时自动新建。"),
    }


def roster_template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    notes = _notes()
    widths = {col.UNIT: 28, col.POST: 16, col.POST_KIND: 14, col.RANK_GRADE: 16, col.GROUP: 22}
    letters = data_sheet(workbook, title=col.SHEET_NAME, columns=col.COLUMNS, notes=notes, widths=widths)
    sheet = workbook.active
    last = TEMPLATE_ROWS + 1
    # 工号 as text keeps leading zeros; date columns show dates the way the importer reads them.
    for row in range(2, last + 1):
        sheet[f"{letters[col.EMPLOYEE_NO]}{row}"].number_format = "@"
        sheet[f"{letters[col.BIRTH_DATE]}{row}"].number_format = DATE_FORMAT
        sheet[f"{letters[col.START_DATE]}{row}"].number_format = DATE_FORMAT
    for column, choices in ((col.GENDER, col.GENDERS), (col.POST_KIND, col.POST_KINDS)):
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        validation.error = _("请从下拉列表中选择。")
        validation.errorTitle = column
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letters[column]}2:{letters[column]}{last}")

    guide, example_header = guide_sheet(
        workbook,
        title=col.INSTRUCTIONS_SHEET_NAME,
        columns=col.COLUMNS,
        notes=notes,
        lines=[
            _(
                "请在“花名册”工作表中每位干部填写一行,第一行表头不要修改。导入前会先显示预览,确认后才写入;"
                "任何一行有错误时不会导入任何数据。"
            )
        ],
        example=[EXAMPLE[name] for name in col.COLUMNS],
    )
    guide_finish(guide, columns=col.COLUMNS, example_header=example_header, widths=(12, 14))
    return workbook_bytes(workbook)
