"""Labels the assessments pages build from the data: the bottom set named with the scheme's own ratio."""

from django import template

from assessments.results.display import bottom_label as _bottom_label

register = template.Library()


@register.filter
def bottom_label(ratio) -> str:
    """{{ run.scheme.bottom_ratio|bottom_label }} → 后10% (后15% under a 15% scheme); "" without a ratio."""
    return _bottom_label(ratio) if ratio not in (None, "") else ""
