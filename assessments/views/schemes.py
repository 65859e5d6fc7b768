"""Pages: schemes."""

urlpatterns: list = []
