"""HTML forms of the assessments pages. They only shape input; every rule is checked by the services."""

from django import forms


def style_widgets(form: forms.Form) -> None:
    """Bootstrap classes on every widget (errors show through Django's aria-invalid, styled by the page)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
