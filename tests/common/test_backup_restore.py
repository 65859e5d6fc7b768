"""Backup and restore (数据备份恢复): the restore drill on PostgreSQL — a year of demo data and a file store are backed
up, wiped, restored, and compared row by row, file by file, with the audit chain still verifying — and the commands'
refusals.

The drill works in scratch databases of its own, named after the configured one (`<name>_drill...`), through the
commands a deployer runs (`manage.py migrate`, `load_demo`, `backup`, `restore`, `verify_audit`) as separate
processes. Without PostgreSQL or its client programs it skips on a developer's machine and fails when
CADRE_REQUIRE_SERVICES is set, as .ci/run does.
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from common import backup as backup_module
from common.backup import BackupError, manifest_read, pg_program
from tests.worker_utils import unavailable

DEMO_YEAR = 2025


def _configured_database() -> dict:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        unavailable("the restore drill needs PostgreSQL (set DATABASE_URL, or run through .ci/run)")
    try:
        pg_program("pg_dump")
        pg_program("pg_restore")
    except BackupError as exc:
        unavailable(str(exc))
    return db


def _scratch_name(db: dict, suffix: str) -> str:
    base = db["NAME"].removeprefix("test_")  # pytest-django may have switched the connection to its test database
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{base}_drill{worker}_{suffix}"


def _admin_connection(db: dict):
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    conn.autocommit = True
    return conn


def _drop(db: dict, name: str, *, create: bool = False) -> None:
    conn = _admin_connection(db)  # autocommit: DROP and CREATE DATABASE run outside a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def _recreate(db: dict, name: str) -> None:
    """An empty database of that name, whatever was there."""
    _drop(db, name, create=True)


def _url(db: dict, name: str) -> str:
    credentials = quote(db["USER"], safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    location = db["HOST"] + (f":{db['PORT']}" if db["PORT"] else "")
    return f"postgres://{credentials}@{location}/{name}?conn_max_age=0"


def _manage(env: dict, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if check and done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(arguments)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def _database_snapshot(db: dict, name: str) -> tuple[dict[str, list[str]], dict[str, tuple]]:
    """Every row of every table (as JSON text, sorted) and every sequence's position."""
    conn = psycopg2.connect(
        dbname=name, user=db["USER"] or None, password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or None
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            tables = {}
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
                tables[table] = sorted(text for (text,) in cursor.fetchall())
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            sequences = {sequence: (value,) for sequence, value in cursor.fetchall()}
    finally:
        conn.close()
    return tables, sequences


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _chain_heads(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(common\.\w+): \d+ 条.*链尾 (\d+:[0-9a-f]{64})", output, flags=re.MULTILINE))


def test_restore_drill_puts_back_every_row_every_file_and_a_verifying_audit_chain(tmp_path):
    db = _configured_database()
    name = _scratch_name(db, "live")
    media = tmp_path / "var" / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadre_eval.settings.local",
        "DATABASE_URL": _url(db, name),
        "CELERY_BROKER_URL": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CADRE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_DEBUG": "0",
    }
    _recreate(db, name)
    try:
        # Given a year of the demo organization's data, with its audit trail, and a file store
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "load_demo", "--year", str(DEMO_YEAR))
        (media / "recall" / "cards" / str(DEMO_YEAR)).mkdir(parents=True)
        (media / "recall" / "cards" / str(DEMO_YEAR) / "黄牌依据材料.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(4096))
        (media / "results_exports").mkdir()
        (media / "results_exports" / f"{secrets.token_hex(16)}.xlsx").write_bytes(os.urandom(300_000))
        (media / "empty.txt").write_bytes(b"")
        verified = _manage(env, "verify_audit")
        heads = _chain_heads(verified.stdout)
        assert heads.get("common.auditlog"), verified.stdout
        tables_before, sequences_before = _database_snapshot(db, name)
        files_before = _files(media)

        # When it is backed up, the database and the file store are wiped, and the backup is restored
        backup = tmp_path / "backup"
        made = _manage(env, "backup", "--output", str(backup))
        manifest = manifest_read(backup)
        _recreate(db, name)
        shutil.rmtree(media)
        restored = _manage(env, "restore", str(backup))

        # Then every row of every table, every sequence and every file is back, the same — and the restore itself
        # is the restored trail's one new row
        tables_after, sequences_after = _database_snapshot(db, name)
        assert sorted(tables_after) == sorted(tables_before)
        restore_rows = [row for row in tables_after["common_auditlog"] if '"action":"system.restore"' in row]
        assert len(restore_rows) == 1
        tables_after["common_auditlog"] = [row for row in tables_after["common_auditlog"] if row not in restore_rows]
        for table, rows in tables_before.items():
            assert tables_after[table] == rows, f"{table} differs after the restore"
        audit_sequence = "common_auditlog_id_seq"
        assert sequences_after.pop(audit_sequence) == (sequences_before.pop(audit_sequence)[0] + 1,)
        assert sequences_after == sequences_before
        files_after = _files(media)
        assert files_after == files_before
        rows = sum(len(rows) for rows in tables_before.values())
        assert manifest["rows"] == rows and len(manifest["files"]) == len(files_before) == 3
        assert (
            manifest["files"][f"recall/cards/{DEMO_YEAR}/黄牌依据材料.pdf"]["sha256"]
            == hashlib.sha256(files_before[f"recall/cards/{DEMO_YEAR}/黄牌依据材料.pdf"]).hexdigest()
        )
        assert f"{len(tables_before)} 张表 {rows} 行,3 个文件" in made.stdout
        assert f"{len(tables_before)} 张表 {rows} 行,3 个文件,与备份清单一致" in restored.stdout
        assert len(tables_before["common_auditlog"]) > 1000

        # And the audit chain verifies: the head noted before the backup is still there, unchanged (nothing cut off
        # the end), and the restore's row follows it
        expect = [f"--expect={chain}={head}" for chain, head in heads.items()]
        checked = _manage(env, "verify_audit", "--no-seal", *expect)
        assert "审计记录完整" in checked.stdout
        heads_after = _chain_heads(checked.stdout)
        assert int(heads_after["common.auditlog"].split(":")[0]) == int(heads["common.auditlog"].split(":")[0]) + 1
        assert heads_after.get("common.readlog") == heads.get("common.readlog")
        print(
            f"\nrestore drill: {len(tables_before)} tables, {rows} rows "
            f"({len(tables_before['common_auditlog'])} audit rows), {len(files_after)} files restored and equal"
        )

        # And a second restore into the now full database is refused, leaving it as it is
        again = _manage(env, "restore", str(backup), check=False)
        assert again.returncode != 0
        assert "不是空的" in again.stderr and "--force" in again.stderr
        tables_again = _database_snapshot(db, name)[0]
        assert len(tables_again["common_auditlog"]) == len(tables_before["common_auditlog"]) + 1
        assert {table: rows for table, rows in tables_again.items() if table != "common_auditlog"} == {
            table: rows for table, rows in tables_before.items() if table != "common_auditlog"
        }
    finally:
        _drop(db, name)


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"dump")
    (tmp_path / "files.tar.gz").write_bytes(b"files")
    manifest = {
        "format": 1,
        "tables": {},
        "rows": 0,
        "files": {},
        "artifacts": {
            "database.dump": hashlib.sha256(b"dump").hexdigest(),
            "files.tar.gz": hashlib.sha256(b"other").hexdigest(),
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="files.tar.gz 缺失或已损坏"):
        manifest_read(tmp_path)
    with pytest.raises(BackupError, match="没有 manifest.json"):
        manifest_read(tmp_path / "elsewhere")


def test_missing_client_programs_are_named_with_the_setting_that_finds_them(tmp_path):
    with override_settings(PG_BIN=str(tmp_path)), pytest.raises(BackupError, match=r"PG_BIN.*pg_dump"):
        pg_program("pg_dump")
    with override_settings(PG_BIN=""), pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(tmp_path))
        with pytest.raises(BackupError, match=r"找不到 pg_restore.*postgresql-client.*PG_BIN"):
            pg_program("pg_restore")


def test_backup_of_the_embedded_sqlite_database_says_it_needs_postgresql(tmp_path, monkeypatch):
    class EmbeddedDatabase:
        vendor = "sqlite"
        settings_dict = {"NAME": "cadre_eval.sqlite3"}

    monkeypatch.setattr(backup_module, "connections", {"default": EmbeddedDatabase()})
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command("backup", "--output", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()
