"""PostgreSQL keeps the audit trail append-only whatever the application does: a trigger refuses to UPDATE or DELETE
a row of the audit tables. The one UPDATE it lets through is sealing (common.audit_chain): filling a row's empty
chain columns once, nothing else changed. The one DELETE it lets through is the retention purge, which sets
`cadre_eval.audit_purge` for its own transaction only (`manage.py purge_audit`).

Installed by `migrate` (post_migrate), so every database that is migrated has it; a deployer may also withhold
UPDATE/DELETE on these tables from the application's database role (README)."""

from django.db import connections

AUDIT_TABLES = ("common_auditlog", "common_readlog", "common_auditanchor")
PURGE_SETTING = "cadre_eval.audit_purge"

FUNCTION = f"""
CREATE OR REPLACE FUNCTION cadre_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('{PURGE_SETTING}', true) = 'on' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: DELETE on % refused', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_TABLE_NAME <> 'common_auditanchor' AND OLD.row_hash = '' AND NEW.row_hash <> ''
     AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'row_hash') = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'row_hash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit rows are append-only: UPDATE on % refused', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def install_append_only_triggers(sender=None, using="default", **kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in AUDIT_TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION cadre_audit_append_only()"
            )
