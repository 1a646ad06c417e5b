"""A throwaway PostgreSQL server: a new cluster in a temporary folder, on a free loopback port,
stopped and deleted afterwards. The tests run on it; it is also a quick way to try Mosaic on
PostgreSQL without setting up a server:

    .venv/bin/python -m mosaic.lib.throwaway_postgres                  # prints MOSAIC_DATABASE_URL, Ctrl-C stops it
    .venv/bin/python -m mosaic.lib.throwaway_postgres -- mosaic init   # runs a command against it, then stops it
    .venv/bin/python -m mosaic.lib.throwaway_postgres --replica        # also a streaming read replica of it

A replica (`ThrowawayPostgres(replica_of=primary)`, or `primary.start_replica()`) is a copy of a
running throwaway primary taken with pg_basebackup -R: a hot standby in its own temporary folder,
on another free loopback port, that replays the primary's changes as they stream in.

It needs PostgreSQL's server programs (Debian: scripts/install-postgres.sh installs them). The
server listens on 127.0.0.1 only, with a random password, and keeps nothing: fsync is off.

PostgreSQL refuses to run as root. Run as root, the cluster belongs to the `postgres` account
that Debian's packages create (or `nobody` where there is none), and only the server programs
run as that account.
"""
from __future__ import annotations

import argparse
import atexit
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "mosaic"
START_TIMEOUT = 30  # seconds for the server to accept connections
PORT_ATTEMPTS = 3  # a free port can be taken by someone else between our check and the server's bind
UNPRIVILEGED_ACCOUNTS = ("postgres", "nobody")
# Durability is pointless for a cluster deleted afterwards; without it tests create and fill
# databases several times faster.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
}


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are missing, or the server would not start; says what to do."""


def find_server_programs() -> Path:
    """The folder holding `initdb` and `postgres`: MOSAIC_POSTGRES_BIN, else Debian's newest
    /usr/lib/postgresql/N/bin, else wherever `initdb` is on the PATH."""
    candidates = []
    if os.environ.get("MOSAIC_POSTGRES_BIN"):
        candidates.append(Path(os.environ["MOSAIC_POSTGRES_BIN"]))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: _version_key(path.parent.name), reverse=True)
    candidates += debian
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    raise PostgresUnavailable(
        "PostgreSQL's server programs (initdb, postgres) were not found in /usr/lib/postgresql/*/bin, on the PATH "
        "or in MOSAIC_POSTGRES_BIN. Install them: as root run scripts/install-postgres.sh "
        "(Debian's postgresql-15 and postgresql-contrib)."
    )


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """Start with `start()` (or `with ThrowawayPostgres() as server:`), then `create_database()`
    and `url()`; `stop()` ends the server and deletes the cluster.

    With `replica_of`, a running throwaway server, `start()` makes this one a streaming replica of
    it instead of a new cluster: read-only, with the primary's databases, roles and password."""

    def __init__(self, programs: Path | None = None, *, replica_of: ThrowawayPostgres | None = None):
        self.programs = programs
        self.replica_of = replica_of
        self.folder: Path | None = None
        self.port: int | None = None
        # A replica is a copy of its primary's cluster, so the superuser's password comes with it.
        self.password = replica_of.password if replica_of else secrets.token_urlsafe(18)
        self._process: subprocess.Popen | None = None
        self._account: pwd.struct_passwd | None = None

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> ThrowawayPostgres:
        if self.replica_of and not self.replica_of.running():
            raise PostgresUnavailable("a replica needs its primary running: start the primary first")
        self.programs = self.programs or (self.replica_of.programs if self.replica_of else None) or find_server_programs()
        self.folder = Path(tempfile.mkdtemp(prefix="mosaic-postgres-replica-" if self.replica_of else "mosaic-postgres-"))
        atexit.register(self.stop)
        try:
            self._account = self._unprivileged_account()
            if self._account:
                os.chown(self.folder, self._account.pw_uid, self._account.pw_gid)
            if self.replica_of:
                self._copy_primary()
            else:
                self._initdb()
            self._run_server()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown: ends sessions, exits cleanly
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start_replica(self) -> ThrowawayPostgres:
        """A streaming replica of this running server, started on another free port; stop it
        (before or after this one) with its own `stop()`."""
        return ThrowawayPostgres(replica_of=self).start()

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- using it ---------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """The address Mosaic reads from MOSAIC_DATABASE_URL."""
        return f"postgresql://{SUPERUSER}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{quote(database, safe='')}"

    def create_database(self, name: str) -> str:
        """A new, empty database (UTF-8, as Mosaic needs); returns its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
        return self.url(name)

    def wait_for_replay(self, timeout: float = 10) -> None:
        """On a replica: return once it has replayed everything its primary had written when
        called; TimeoutError if it has not within `timeout` seconds (replay paused, or broken)."""
        import psycopg

        if not self.replica_of:
            raise ValueError("wait_for_replay is for a replica; this server is a primary")
        # The insert position, not pg_current_wal_lsn() (written so far): with synchronous_commit
        # off a commit may still wait in the primary's WAL buffers.
        with psycopg.connect(self.replica_of.url(), autocommit=True) as primary:
            target = primary.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.url(), autocommit=True) as replica:
            while True:
                replayed = replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[0]
                if replayed:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the replica on port {self.port} has not replayed the primary's WAL up to {target} "
                                       f"within {timeout} s")
                time.sleep(0.02)

    # --- starting ---------------------------------------------------------------------------

    @staticmethod
    def _unprivileged_account() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        for name in UNPRIVILEGED_ACCOUNTS:
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise PostgresUnavailable(f"PostgreSQL will not run as root, and none of the accounts {', '.join(UNPRIVILEGED_ACCOUNTS)} "
                                  "exists to run it as.")

    def _as_server_account(self, **environment: str) -> dict:
        """subprocess arguments that run a server program as the cluster's owner, with
        `environment` added to this process's environment."""
        if not self._account:
            return {"env": {**os.environ, **environment}} if environment else {}
        return {"user": self._account.pw_uid, "group": self._account.pw_gid, "extra_groups": [],
                "env": {**os.environ, "HOME": str(self.folder), "USER": self._account.pw_name, **environment}}

    def _write_private(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(text)
        path.chmod(0o600)
        if self._account:
            os.chown(path, self._account.pw_uid, self._account.pw_gid)
        return path

    def _initdb(self) -> None:
        password_file = self._write_private("password", self.password + "\n")
        # C.UTF-8 keeps ordering independent of the machine's languages while lower() and the
        # text-search parser still know non-ASCII letters (the "C" locale treats them as bytes).
        locale = "C.UTF-8" if _has_c_utf8() else "C"
        command = [str(self.programs / "initdb"), "--pgdata", str(self.folder / "data"), "--username", SUPERUSER,
                   "--pwfile", str(password_file), "--auth-local", "trust", "--auth-host", "scram-sha-256",
                   "--encoding", "UTF8", "--locale", locale, "--no-sync", "--no-instructions"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, **self._as_server_account())
        password_file.unlink()
        if result.returncode != 0:
            raise PostgresUnavailable(f"initdb failed ({' '.join(command)}):\n{result.stdout}{result.stderr}")

    def _copy_primary(self) -> None:
        """The primary's cluster, copied while it runs, with the WAL written meanwhile streamed
        alongside; -R (--write-recovery-conf) leaves standby.signal and the primary's address
        (primary_conninfo) in it, so the server started on the copy is a streaming replica.
        Superusers may replicate, and initdb's pg_hba.conf lets them from 127.0.0.1."""
        primary = self.replica_of
        if not (self.programs / "pg_basebackup").is_file():
            raise PostgresUnavailable(f"pg_basebackup, which copies a primary to make a replica, is not in {self.programs}. "
                                      "Install it: as root run scripts/install-postgres.sh (Debian's postgresql-15 "
                                      "brings it, through postgresql-client-15).")
        command = [str(self.programs / "pg_basebackup"), "--pgdata", str(self.folder / "data"), "--host", "127.0.0.1",
                   "--port", str(primary.port), "--username", SUPERUSER, "--no-password", "--write-recovery-conf",
                   "--wal-method", "stream", "--checkpoint", "fast", "--no-sync"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, timeout=START_TIMEOUT * 2,
                                **self._as_server_account(PGPASSWORD=self.password))
        if result.returncode != 0:
            raise PostgresUnavailable(f"pg_basebackup failed ({' '.join(command)}):\n{result.stdout}{result.stderr}")

    def _run_server(self) -> None:
        log_path = self.folder / "server.log"
        for _attempt in range(PORT_ATTEMPTS):
            self.port = _free_loopback_port()
            settings = {**SERVER_SETTINGS, "port": str(self.port), "unix_socket_directories": str(self.folder)}
            command = [str(self.programs / "postgres"), "-D", str(self.folder / "data")]
            for name, value in settings.items():
                command += ["-c", f"{name}={value}"]
            if shutil.which("setpriv"):
                # Should this process be killed outright, the server shuts down too instead of
                # running on, orphaned, on its port.
                command = [shutil.which("setpriv"), "--pdeathsig", "INT", *command]
            with open(log_path, "ab") as log:
                if self._account:
                    os.chown(log_path, self._account.pw_uid, self._account.pw_gid)
                self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                 cwd=self.folder, start_new_session=True, **self._as_server_account())
            if self._wait_until_ready():
                return
            if "could not bind" not in log_path.read_text(errors="replace"):
                break
        log = log_path.read_text(errors="replace")[-3000:]
        what = "replica" if self.replica_of else "server"
        raise PostgresUnavailable(f"the throwaway PostgreSQL {what} did not start; its log ends:\n{log}")

    def _wait_until_ready(self) -> bool:
        import psycopg

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                with psycopg.connect(self.url(), connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        self._process.kill()
        self._process.wait()
        return False


def _has_c_utf8() -> bool:
    result = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return any(name.lower().replace("-", "") == "c.utf8" for name in result.stdout.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mosaic.lib.throwaway_postgres",
        description="Start a throwaway PostgreSQL server with one empty database. Without a command, print its "
                    "MOSAIC_DATABASE_URL and serve until interrupted; with one, run it with MOSAIC_DATABASE_URL set, "
                    "then stop the server and delete it.")
    parser.add_argument("--database", default="mosaic", help="name of the database to create (default: mosaic)")
    parser.add_argument("--replica", action="store_true",
                        help="also start a streaming read replica of it, named by MOSAIC_REPLICA_DATABASE_URL")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    arguments = parser.parse_args(argv)
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as error:
        print(f"throwaway_postgres: {error}", file=sys.stderr)
        return 1
    replica = None
    try:
        environment = {"MOSAIC_DATABASE_URL": server.create_database(arguments.database)}
        if arguments.replica:
            replica = server.start_replica()
            environment["MOSAIC_REPLICA_DATABASE_URL"] = replica.url(arguments.database)
        if command:
            return subprocess.run(command, env={**os.environ, **environment}).returncode
        for name, value in environment.items():
            print(f"{name}={value}", flush=True)
        print("Serving until interrupted (Ctrl-C); the cluster is deleted then.", file=sys.stderr, flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        signal.pause()
        return 0
    except KeyboardInterrupt:
        return 0
    except PostgresUnavailable as error:
        print(f"throwaway_postgres: {error}", file=sys.stderr)
        return 1
    finally:
        if replica:
            replica.stop()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
