from django import template

from common.audit_display import audit_entries as _audit_entries

register = template.Library()


@register.inclusion_tag("common/_audit_table.html")
def audit_table(rows, subject=False):
    """`{% audit_table audit %}`: the history card; `subject=True` adds a column naming what each row is about (a
    page showing the history of several objects, e.g. a scheme and its periods)."""
    return {"entries": _audit_entries(rows), "show_subject": subject}


@register.simple_tag
def audit_entries(rows):
    """`{% audit_entries audit as entries %}`: the rows in words, for a page that lays them out itself."""
    return _audit_entries(rows)
