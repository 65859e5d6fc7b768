import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from common.exports import csv_response, sanitize_cell


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (Decimal("-1.5"), Decimal("-1.5")),
        (datetime.date(2025, 2, 5), "2025-02-05"),
    ],
)
def test_sanitize_cell(value, expected):
    assert sanitize_cell(value) == expected


def test_csv_response_streams_utf8_with_bom_and_sanitized_cells():
    rows = ([name, formula, n] for name, formula, n in [("张三", '=HYPERLINK("x")', 1), ("李四", "@x", -2)])

    response = csv_response("期限清单.csv", ["姓名", "内容", "数"], rows)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''%E6%9C%9F%E9%99%90%E6%B8%85%E5%8D%95.csv" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        ["姓名", "内容", "数"],
        ["张三", '\'=HYPERLINK("x")', "1"],
        ["李四", "'@x", "-2"],
    ]
