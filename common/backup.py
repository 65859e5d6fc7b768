"""Backup and restore (GB/T 22239-2019 8.1.4.9 数据备份恢复): the database and the file store, taken together.

A backup is a folder of three files:
- `database.dump`: `pg_dump --format=custom` of the database, taken in one snapshot;
- `files.tar.gz`: every file of the file store (MEDIA_ROOT, the default storage);
- `manifest.json`: the row count of every table (counted in the same snapshot as the dump), the size and SHA-256 of
  every file of the store, and the SHA-256 of the two other files, so a restore can prove it put back what was taken.

`pg_dump` and `pg_restore` are the machine's PostgreSQL client programs, looked up in the folder `PG_BIN` names (a
setting, from the environment) or else on the PATH; their major version must be at least the server's.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, transaction

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files.tar.gz"
FORMAT = 1
CHUNK = 1 << 20
BACKUP_ACTION = "system.backup"
RESTORE_ACTION = "system.restore"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def pg_program(name: str) -> str:
    """The path of a PostgreSQL client program (pg_dump, pg_restore), or a BackupError saying how to provide it."""
    folder = getattr(settings, "PG_BIN", "")
    if folder:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        raise BackupError(f"在 PG_BIN({folder})中找不到可执行的 {name}:请安装 PostgreSQL 客户端或改正 PG_BIN。")
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"找不到 {name}:请安装 PostgreSQL 客户端程序(如 postgresql-client),或把其所在目录设为 PG_BIN。"
        )
    return found


def _database(alias: str) -> dict:
    db = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            "备份与恢复只支持 PostgreSQL 数据库(生产部署所用);内嵌的 SQLite 数据库请在停止服务后直接复制其文件。"
        )
    return db


def _conninfo(db: dict) -> str:
    """A libpq connection string without the password (which goes in PGPASSWORD, out of the process list)."""
    parts = {"dbname": db["NAME"], "user": db.get("USER"), "host": db.get("HOST"), "port": db.get("PORT")}
    parts.update({key: value for key, value in (db.get("OPTIONS") or {}).items() if key.startswith("ssl")})

    def quoted(value) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    return " ".join(f"{key}={quoted(value)}" for key, value in parts.items() if value)


def _pg_env(db: dict) -> dict:
    result = {**os.environ}
    if db.get("PASSWORD"):
        result["PGPASSWORD"] = db["PASSWORD"]
    return result


def _run(command: list[str], db: dict) -> None:
    done = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} 失败(退出码 {done.returncode}):{done.stderr.strip()[-2000:]}")


def file_store_root() -> Path:
    """The file store's folder (MEDIA_ROOT); a storage other than the file system is the deployer's to back up."""
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError("文件存储不是本机文件系统:请用该存储自身的备份手段备份文件。")
    return Path(default_storage.location)


def file_store_listing(root: Path) -> dict[str, dict]:
    """Every file under the store, by its path relative to it (forward slashes): size and SHA-256."""
    listing = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                listing[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return listing


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    return [name for (name,) in cursor.fetchall()]


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (names from the catalog, quoted)
        counts[table] = cursor.fetchone()[0]
    return counts


def _connect(db: dict):
    return psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **{key: value for key, value in (db.get("OPTIONS") or {}).items() if key.startswith("ssl")},
    )


def backup_create(*, output: Path, alias: str = "default") -> dict:
    """Write a backup into the folder `output` (made; must not hold a backup already) and return its manifest."""
    db = _database(alias)
    pg_dump = pg_program("pg_dump")
    root = file_store_root()
    output = Path(output)
    if (output / MANIFEST).exists() or (output / DUMP).exists():
        raise BackupError(f"{output} 中已有备份:请另选目录。")
    output.mkdir(parents=True, exist_ok=True)
    dump = output / DUMP

    # The counts and the dump read one snapshot: a transaction exports it and stays open while pg_dump runs.
    conn = _connect(db)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            counts = table_counts(cursor)
            _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", _conninfo(db)], db)
        conn.rollback()
    finally:
        conn.close()

    listing = file_store_listing(root)
    archive = output / FILES
    with tarfile.open(archive, "w:gz") as tar:
        for name in listing:
            tar.add(root / name, arcname=name, recursive=False)

    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"name": db["NAME"], "server_version": server_version},
        "tables": counts,
        "rows": sum(counts.values()),
        "files": listing,
        "artifacts": {DUMP: _sha256(dump), FILES: _sha256(archive)},
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    _audit(BACKUP_ACTION, alias, tables=len(counts), rows=manifest["rows"], files=len(listing), folder=output.name)
    return manifest


def _audit(action: str, alias: str, **after) -> None:
    """The backup (after its snapshot, so not in it) or the restore (the restored trail's first new row)."""
    from django.contrib.contenttypes.models import ContentType

    from common.audit import audit_log_record
    from common.models import AuditLog

    with transaction.atomic(using=alias):
        audit_log_record(
            actor=None,
            action=action,
            subject=ContentType.objects.get_for_model(AuditLog),
            after=after,
            reason="数据备份恢复",
        )


def manifest_read(source: Path) -> dict:
    """The backup's manifest, after checking that its dump and archive are the ones it names."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{source} 中没有 {MANIFEST}:不是一份备份。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}。")
    for name, expected in manifest["artifacts"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"备份文件 {name} 缺失或已损坏(校验和不符)。")
    return manifest


def _database_is_empty(db: dict) -> bool:
    conn = _connect(db)
    try:
        with conn.cursor() as cursor:
            return not _tables(cursor)
    finally:
        conn.close()


def _store_is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def _clear_store(root: Path) -> None:
    for path in root.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def backup_restore(*, source: Path, force: bool = False, alias: str = "default") -> RestoreReport:
    """Put a backup back: the database (empty, unless `force`: then its objects are dropped and replaced) and the
    file store (empty, unless `force`: then emptied first), then check every table's row count and every file's
    checksum against the manifest."""
    db = _database(alias)
    pg_restore = pg_program("pg_restore")
    root = file_store_root()
    source = Path(source)
    manifest = manifest_read(source)
    if not force and not _database_is_empty(db):
        raise BackupError(f"数据库 {db['NAME']} 不是空的:恢复只写入空数据库;确要覆盖请加 --force。")
    if not force and not _store_is_empty(root):
        raise BackupError(f"文件存储 {root} 不是空的:恢复只写入空目录;确要覆盖请加 --force。")

    connections[alias].close()  # no connection of ours holds locks on what is dropped and created
    command = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={_conninfo(db)}"]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source / DUMP)], db)

    root.mkdir(parents=True, exist_ok=True)
    if force:
        _clear_store(root)
    with tarfile.open(source / FILES, "r:gz") as tar:
        tar.extractall(root, filter="data")

    report = _restore_check(manifest, db, root)
    _audit(
        RESTORE_ACTION,
        alias,
        tables=report.tables,
        rows=report.rows,
        files=report.files,
        folder=source.name,
        created_at=manifest["created_at"],
    )
    return report


def _restore_check(manifest: dict, db: dict, root: Path) -> RestoreReport:
    conn = _connect(db)
    try:
        with conn.cursor() as cursor:
            counts = table_counts(cursor)
    finally:
        conn.close()
    differences = [
        f"{table}: 备份 {manifest['tables'].get(table)} 行,恢复后 {counts.get(table)} 行"
        for table in sorted(set(counts) | set(manifest["tables"]))
        if counts.get(table) != manifest["tables"].get(table)
    ]
    listing = file_store_listing(root)
    differences += [
        f"文件 {name} 与备份不符"
        for name in sorted(set(listing) | set(manifest["files"]))
        if listing.get(name) != manifest["files"].get(name)
    ]
    if differences:
        buffer = io.StringIO()
        buffer.write("恢复结果与备份清单不符:\n")
        buffer.write("\n".join(differences[:50]))
        raise BackupError(buffer.getvalue())
    return RestoreReport(tables=len(counts), rows=sum(counts.values()), files=len(listing))
