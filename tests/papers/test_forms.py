"""The 年度考核登记表 and the meeting pack as PDFs, checked by their text (pypdf): every cadre's name and grade on their
form, the boxes the system fills, the page counts, page numbers, the same bytes for the same data."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from common.models import AuditLog
from org.models import Cadre
from papers.pdf.registration import registration_pdf
from papers.selectors.forms import registration_forms
from tests.papers.conftest import COMPOSITES


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def forms(world):
    return registration_forms(organization=world.org, year=2024, cadres=Cadre.objects.all())


def test_every_cadre_has_a_form_with_name_and_grade(world, year, tmp_path):
    target = tmp_path / "forms.pdf"
    call_command("print_forms", "--org", world.org.code, "--year", "2024", "--output", str(target))
    content = target.read_bytes()
    texts = pages_text(content)
    assert len(texts) == len(COMPOSITES), "one page per cadre"
    by_name = {}
    for text in texts:
        for name in COMPOSITES:
            if f"姓名 {name}" in text.replace("\n", " ") or f"姓名\n{name}" in text:
                by_name[name] = text
    assert set(by_name) == set(COMPOSITES)
    grades = {f.name: f.grade_label for f in forms(world)}
    assert grades["赵乙"] == "优秀"
    for name, text in by_name.items():
        assert f"考核等次:{grades[name]}" in text.replace(" ", "")
        assert "2024年度考核登记表" in text
    zhang = by_name["张三"].replace(" ", "")
    assert "1980.05" in zhang and "四级主任科员" in zhang and "一年来" in zhang
    assert "本人已于2025-01-22网上签署" in zhang
    assert "组内排名后" in zhang  # in the bottom set, named with the scheme's ratio
    assert "一票否决" in by_name["王甲"]
    assert "第 1 页 共 6 页" in texts[0] and "第 6 页 共 6 页" in texts[-1]
    again = tmp_path / "again.pdf"
    call_command("print_forms", "--org", world.org.code, "--year", "2024", "--output", str(again))
    assert again.read_bytes() == content, "the same data gives the same bytes"
    assert AuditLog.objects.filter(action="papers.print", actor=None).count() == 2


def test_a_group_or_a_unit_prints_its_own_cadres(world, year, tmp_path):
    target = tmp_path / "unit.pdf"
    call_command(
        "print_forms", "--org", world.org.code, "--year", "2024", "--unit", world.unit_b.name, "--output", str(target)
    )
    text = " ".join(pages_text(target.read_bytes()))
    in_unit = set(Cadre.objects.filter(unit__path__startswith=world.unit_b.path).values_list("name", flat=True))
    assert "李四" in in_unit
    for name in COMPOSITES:
        assert (name in text) == (name in in_unit)
    group = tmp_path / "group.pdf"
    call_command(
        "print_forms", "--org", world.org.code, "--year", "2024", "--group", year.group.name, "--output", str(group)
    )
    assert len(PdfReader(group).pages) == len(COMPOSITES)


def test_an_unpublished_year_or_unknown_group_is_refused(world, year, tmp_path):
    with pytest.raises(CommandError, match="尚未公布"):
        call_command("print_forms", "--org", world.org.code, "--year", "2023", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="不存在"):
        call_command(
            "print_forms",
            "--org",
            world.org.code,
            "--year",
            "2024",
            "--group",
            "无此组",
            "--output",
            str(tmp_path / "x"),
        )
    assert not (tmp_path / "x.pdf").exists()


def test_a_long_summary_runs_onto_more_pages_without_losing_text(world, year):
    [zhang] = [f for f in forms(world) if f.name == "张三"]
    long = zhang.__class__(**{**zhang.__dict__, "summary": "认真履职。" * 700 + "结束语"})
    texts = pages_text(registration_pdf([long]))
    assert len(texts) >= 2
    assert "结束语" in texts[-1] or "结束语" in " ".join(texts)


def test_the_meeting_pack(world, year, tmp_path):
    target = tmp_path / "pack.pdf"
    call_command("print_forms", "--org", world.org.code, "--year", "2024", "--pack", "--output", str(target))
    texts = pages_text(target.read_bytes())
    text = " ".join(texts)
    flat = text.replace(" ", "").replace("\n", "")
    assert f"{world.org.name}2024年度考核结果党组会议材料" in flat
    order = ["一、考核结果汇总", "二、优秀等次名单及名额使用", "三、组内排名", "四、主动让贤事项", "五、待党组决定事项"]
    positions = [flat.index(heading) for heading in order]
    assert positions == sorted(positions), "in the order a meeting takes them"
    assert "赵乙" in flat[positions[1] : positions[2]]
    section_three = flat[positions[2] : positions[3]]
    assert "张三" in section_three and "李四" in section_three and "王甲" in section_three
    assert "赵乙" not in section_three
    assert "已提交申请" in flat[positions[3] : positions[4]]
    assert "主动让贤申请李四" in flat[positions[4] :]
    assert f"共 {len(texts)} 页" in texts[0]


def test_the_pack_of_one_unit_holds_its_rows_only(world, year, tmp_path):
    target = tmp_path / "pack.pdf"
    call_command(
        "print_forms", "--org", world.org.code, "--year", "2024", "--pack", "--unit", world.unit_b.name,
        "--output", str(target),
    )  # fmt: skip
    text = " ".join(pages_text(target.read_bytes()))
    assert "李四" in text and "张三" not in text
    group = tmp_path / "group.pdf"
    call_command(
        "print_forms", "--org", world.org.code, "--year", "2024", "--pack", "--group", year.group.name,
        "--output", str(group),
    )  # fmt: skip
    named = " ".join(pages_text(group.read_bytes()))  # the 优秀, the bottom set and the vetoed are named
    assert all(name in named for name in ("赵乙", "张三", "李四", "王甲"))
