"""Wiring of the cards: the audit words and the landing-page panels."""


def ready() -> None:
    from recall import audit_labels, panels  # noqa: F401  (register words and panels)
