"""Wiring of the cases: the cadre page's section, the listener that follows revised results, and the demo."""


def publication_listener(publication_id: int) -> None:
    """After a publication is published or moves to a newer version: withdraw what it no longer supports, on a
    worker."""
    from recall.tasks.cases import follow_publication

    follow_publication.delay(publication_id)


def ready() -> None:
    from assessments.services import register_publication_listener
    from org.demo import register_extension
    from recall import cadre_section  # noqa: F401  (registers the section)
    from recall.demo import demo_recall_load

    register_publication_listener(publication_listener)
    register_extension(demo_recall_load)
