"""Wiring of the cards: the audit words and the landing-page panels; the competition import's upload store, so that
beat's hourly `common.residual_expire` sweeps it too."""


def ready() -> None:
    from recall import audit_labels, panels  # noqa: F401  (register words and panels)
    from recall.services import competitions  # noqa: F401  (its upload store registers its expiry)
