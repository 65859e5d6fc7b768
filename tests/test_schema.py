from django.core.management import call_command


def test_the_openapi_schema_is_valid_and_warning_free(tmp_path):
    # drf-spectacular raises on any warning (an unguessable field, a missing serializer) with --fail-on-warn
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in ["/api/org/cadres/", "/api/org/me/", "/api/notices/", "/api/notices/deadlines/", "/api/auth/token/"]:
        assert f"  {path}:" in text
