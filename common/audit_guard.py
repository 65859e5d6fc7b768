"""PostgreSQL keeps the audit trail append-only whatever the application does: a trigger refuses to UPDATE or DELETE
a row of the audit tables. The one UPDATE it lets through is sealing (common.audit_chain): filling a row's empty
chain columns once, nothing else changed. The one DELETE it lets through is the retention purge, which sets
`cadre_eval.audit_purge` for its own transaction only (`manage.py purge_audit`).

Installed by `migrate` (post_migrate), so every database that is migrated has it; a deployer may also withhold
UPDATE/DELETE on these tables from the application's database role (README)."""

from django.db import connections

AUDIT_TABLES = ("common_auditlog", "common_readlog", "common_auditanchor")
PURGE_SETTING = "cadre_eval.audit_purge"

CHAIN_COLUMNS = ("seq", "prev_hash", "row_hash")


def _function(table: str, columns: list[str]) -> str:
    """The trigger function of one table. Sealing is recognized column by column (the table's own columns, read from
    the catalog when the trigger is installed, i.e. after every migration): comparing the rows as jsonb doubled what
    sealing a large import's rows cost."""
    if set(CHAIN_COLUMNS) <= set(columns):
        kept = [c for c in columns if c not in CHAIN_COLUMNS]
        new = ", ".join(f'NEW."{c}"' for c in kept)
        old = ", ".join(f'OLD."{c}"' for c in kept)
        sealing = f"""
  IF OLD.row_hash = '' AND NEW.row_hash <> '' AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
    RETURN NEW;
  END IF;"""
    else:
        sealing = ""
    return f"""
CREATE OR REPLACE FUNCTION cadre_audit_append_only_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('{PURGE_SETTING}', true) = 'on' THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: DELETE on % refused', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;{sealing}
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
        for table in AUDIT_TABLES:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = [name for (name,) in cursor.fetchall()]
            cursor.execute(_function(table, columns))
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION cadre_audit_append_only_{table}()"
            )
        # The one function all tables shared before each had its own.
        cursor.execute("DROP FUNCTION IF EXISTS cadre_audit_append_only()")
