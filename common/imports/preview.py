"""The preview's tables: what an import will write, a section per kind of change, each cut to its first rows."""

MAX_LISTED = 200  # rows listed per section of the preview; the counts are always complete


def section(title: str, columns: list[str], rows: list, total: int | None = None) -> dict:
    """`total` is the section's full count when `rows` were already cut; it defaults to the rows given."""
    total = len(rows) if total is None else total
    return {
        "title": title,
        "columns": columns,
        "rows": rows[:MAX_LISTED],
        "total": total,
        "more": max(total - MAX_LISTED, 0),
    }
