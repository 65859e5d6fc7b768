from typing import NoReturn


class ApplicationError(Exception):
    """The one domain error. Services raise it; the API handler and the form helper turn it into errors.

    `message` is for people (Chinese); `field_errors` maps a field name to its messages.
    """

    def __init__(self, message: str, *, field_errors: dict | None = None, code: str = "invalid", extra=None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
        self.code = code
        self.extra = extra or {}


def refuse(message: str, field: str | None = None, *, code: str = "invalid") -> NoReturn:
    """A service's refusal, shown next to `field` when it names one."""
    raise ApplicationError(message, field_errors={field: [message]} if field else None, code=code)


def add_error_to_form(form, error: ApplicationError) -> None:
    """Show an ApplicationError next to the fields it names, the rest at the top of the form."""
    for field, messages in error.field_errors.items():
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.message)
