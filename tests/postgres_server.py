"""A real PostgreSQL server for the tests: started once per test run, one fresh schema per test.

Where it comes from, first found:

* ``DECKHAND_TEST_POSTGRES``: the URL of a server someone already runs (its
  user must be allowed to create schemas);
* the PostgreSQL programs on this machine (Debian's ``postgresql`` package,
  found by ``pg_config`` or under ``/usr/lib/postgresql/*/bin``): a private
  server in a temporary folder, on a Unix socket only, stopped at the end.
  ``initdb`` refuses to run as root, so as root the server runs as the
  ``postgres`` user.

Without either, the PostgreSQL half of the storage tests is skipped with one
line; ``DECKHAND_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) turns that skip into
a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REQUIRED = os.environ.get("DECKHAND_REQUIRE_POSTGRES", "") not in ("", "0")
NO_SERVER = "no PostgreSQL: install Debian's postgresql package or set DECKHAND_TEST_POSTGRES"


def _bindir() -> Path | None:
    config = shutil.which("pg_config")
    if config:
        found = subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _as_postgres() -> dict[str, object]:
    """subprocess options that run a program as the postgres user when we are root."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")

    def drop() -> None:
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return {"preexec_fn": drop, "env": {**os.environ, "HOME": user.pw_dir}}


@contextmanager
def running_server() -> Iterator[str | None]:
    """The URL of a PostgreSQL server (its maintenance database) for the whole run, or None when there is none."""
    given = os.environ.get("DECKHAND_TEST_POSTGRES")
    if given:
        yield given
        return
    bindir = _bindir()
    if bindir is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="deckhand-pg-"))
    data, sockets = folder / "data", folder / "run"
    data.mkdir()
    sockets.mkdir()
    options = _as_postgres()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (folder, data, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    superuser = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    try:
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", superuser, "-A", "trust", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, **options,  # type: ignore[arg-type]
        )
        # Tests need no crash safety from their throwaway server: fsync off keeps the suite fast.
        server_options = f"-k {sockets} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=50"
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", server_options, "-l", str(folder / "log"), "-w", "start"],
            check=True, capture_output=True, **options,  # type: ignore[arg-type]
        )
    except subprocess.CalledProcessError as error:
        log = (folder / "log").read_text() if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {error.stderr!r} {log}") from None
    try:
        yield f"postgresql://{superuser}@/postgres?host={quote(str(sockets))}"
    finally:
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, **options,  # type: ignore[arg-type]
        )
        shutil.rmtree(folder, ignore_errors=True)


def with_schema(url: str, schema: str) -> str:
    """The server's URL with every connection's search path set to ``schema``."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


def create_schema(url: str, schema: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return with_schema(url, schema)


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
