"""The blank roster HR downloads, fills in and imports again."""

import datetime
import io

from django.utils.translation import gettext as _

from org.roster import columns as col

TEMPLATE_ROWS = 2000  # rows prepared with formats and drop-down lists
DATE_FORMAT = "yyyy-mm-dd"

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
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = col.SHEET_NAME
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    notes = _notes()
    widths = {col.UNIT: 28, col.POST: 16, col.POST_KIND: 14, col.RANK_GRADE: 16, col.GROUP: 22}
    for index, name in enumerate(col.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=name)
        cell.font = header_font
        cell.fill = header_fill
        cell.comment = Comment(notes[name], "")
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(name, 13)
    sheet.freeze_panes = "A2"

    letters = {name: get_column_letter(i) for i, name in enumerate(col.COLUMNS, start=1)}
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

    guide = workbook.create_sheet(col.INSTRUCTIONS_SHEET_NAME)
    guide.append([_("列"), _("填写要求")])
    for name in col.COLUMNS:
        guide.append([name, notes[name]])
    guide.append([])
    guide.append(
        [
            _(
                "请在“花名册”工作表中每位干部填写一行,第一行表头不要修改。导入前会先显示预览,确认后才写入;"
                "任何一行有错误时不会导入任何数据。"
            )
        ]
    )
    guide.append([])
    guide.append([_("示例:")])
    example_header = guide.max_row + 1
    guide.append(list(col.COLUMNS))
    guide.append([EXAMPLE[name] for name in col.COLUMNS])
    for row in (1, example_header):
        for cell in guide[row]:
            cell.font = header_font
            cell.fill = header_fill
    for cell in guide[example_header + 1]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = DATE_FORMAT
    for row in guide.iter_rows(min_row=2, max_row=len(col.COLUMNS) + 1):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 60
    for index in range(3, len(col.COLUMNS) + 1):
        guide.column_dimensions[get_column_letter(index)].width = 14

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
