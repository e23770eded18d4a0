"""The production parts the deployment tests and drills start for themselves, each on free ports in a folder of
its own under /var/tmp, and stop afterwards: PostgreSQL clusters (pg_ctl), PgBouncer, etcd, Patroni, HAProxy,
pgBackRest's configuration, gunicorn nodes and the report worker.

All of them are Debian's packages (`make test` installs them when missing, duediligence/scripts/drill-deps.sh).
PostgreSQL, PgBouncer, Patroni and pgBackRest refuse to run as root: as root they run as the `postgres` user,
from folders that user owns.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
AS_ROOT = os.geteuid() == 0
# Debian keeps the server's programs off PATH; PostgreSQL 15 is what the app is built and tested for.
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if AS_ROOT else command


def run(command: list[str], timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd="/", capture_output=True, text=True, timeout=timeout, **kwargs)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


def wait_until(what: str, check: Callable[[], Any], timeout: float = 60, interval: float = 0.2) -> Any:
    """Poll `check` until it returns something true (returned), or fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception as error:  # not up yet: remember why, for the failure message
            last_error, result = error, None
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what} within {timeout:.0f} s (last error: {last_error!r})")


def missing(*programs: str) -> list[str]:
    return [program for program in programs if not (shutil.which(program) or Path("/usr/sbin", program).exists())]


class Workdir:
    """A folder under /var/tmp that the postgres user owns; removed with everything in it."""

    def __init__(self, prefix: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"dd-{prefix}-", dir="/var/tmp"))
        self.chown(self.path)

    def chown(self, path: Path) -> None:
        if AS_ROOT:
            shutil.chown(path, "postgres", "postgres")

    def write(self, name: str, text: str, mode: int = 0o600) -> Path:
        path = self.path / name
        path.write_text(text)
        path.chmod(mode)
        self.chown(path)
        return path

    def folder(self, name: str) -> Path:
        path = self.path / name
        path.mkdir(mode=0o700, exist_ok=True)
        self.chown(path)
        return path

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class Processes:
    """Processes started for a drill, stopped in reverse order; each in a process group of its own."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, command: list[str], log: Path, **kwargs: Any) -> subprocess.Popen:
        process = subprocess.Popen(
            command, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=timeout)

    def stop_all(self) -> None:
        for process in reversed(self.started):
            self.stop(process)


def kill_tree(pid: int) -> list[int]:
    """SIGKILL a process and all its descendants at once, as when the machine under them dies; returns the pids."""
    children: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    for member in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)
    return tree


def postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def connect(port: int, dbname: str = "postgres", **kwargs: Any) -> Any:
    connection = psycopg2.connect(
        host="127.0.0.1", port=port, user="postgres", dbname=dbname, connect_timeout=3, **kwargs
    )
    connection.autocommit = True
    return connection


def query(port: int, sql: str, params: Any = None, dbname: str = "postgres") -> list[tuple]:
    connection = connect(port, dbname)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


class Cluster:
    """A PostgreSQL 15 cluster made by initdb and run by pg_ctl, with the options given."""

    def __init__(self, workdir: Workdir, name: str, options: dict[str, str] | None = None, init: bool = True) -> None:
        self.workdir, self.name = workdir, name
        self.data = workdir.path / name
        self.port = free_port()
        self.log = workdir.path / f"{name}.log"
        self.options = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(workdir.path),
            **(options or {}),
        }
        if init:
            run(as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                             "-E", "UTF8", "--locale=C.UTF-8"]))  # fmt: skip

    def configure(self, **settings: str) -> None:
        """Settings written to postgresql.conf (for values a command line cannot carry, such as a command)."""
        with (self.data / "postgresql.conf").open("a") as conf:
            for key, value in settings.items():
                escaped = value.replace("'", "''")
                conf.write(f"{key} = '{escaped}'\n")

    def start(self, timeout: int = 120) -> None:
        options = " ".join(f"-c {key}={value}" for key, value in self.options.items())
        run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                         "-t", str(timeout), "-o", options, "start"]), timeout=timeout + 10)  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        if postmaster_pid(self.data):
            subprocess.run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
                           cwd="/", capture_output=True, timeout=60)  # fmt: skip

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def wait_for_promotion(self, timeout: float) -> None:
        """Wait until a restored cluster has replayed its WAL and takes writes; fail at once if it stopped."""

        def promoted() -> bool:
            pid = postmaster_pid(self.data)
            if not pid or not Path(f"/proc/{pid}").exists():
                raise AssertionError(f"the cluster stopped: {self.log.read_text()[-1500:]}")
            try:
                return query(self.port, "SELECT NOT pg_is_in_recovery()")[0][0]
            except psycopg2.OperationalError:  # still starting
                return False

        deadline = time.monotonic() + timeout
        while not promoted():
            assert time.monotonic() < deadline, f"still recovering after {timeout:.0f} s"
            time.sleep(0.2)


PGBOUNCER_INI = """
[databases]
{databases}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {dir}/pgbouncer-users.txt
admin_users = {user}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
server_login_retry = 1
server_connect_timeout = 3
query_wait_timeout = {query_wait}
logfile = {dir}/pgbouncer.log
pidfile = {dir}/pgbouncer.pid
"""


class PgBouncer:
    """PgBouncer in transaction pooling in front of `host:port`, with `pool_size` server sessions per database:
    fewer than the clients, so clients share sessions as they do in production."""

    def __init__(self, workdir: Workdir, processes: Processes, host: str, port: int, *, user: str = "postgres",
                 password: str = "", pool_size: int = 2, query_wait: int = 20) -> None:  # fmt: skip
        self.port = free_port()
        self.user = user
        login = f"user={user}" + (f" password={password}" if password else "")
        workdir.write("pgbouncer-users.txt", f'"{user}" "{password}"\n')
        ini = workdir.write("pgbouncer.ini", PGBOUNCER_INI.format(
            databases=f"* = host={host} port={port} {login}", port=self.port, dir=workdir.path, user=user,
            pool_size=pool_size, query_wait=query_wait,
        ))  # fmt: skip
        self.log = workdir.path / "pgbouncer.log"
        self.process = processes.start(as_postgres(["pgbouncer", str(ini)]), workdir.path / "pgbouncer.out")
        wait_until("PgBouncer listens", lambda: socket.create_connection(("127.0.0.1", self.port), 1).close() or True)

    def url(self, dbname: str, login: str = "") -> str:
        return f"postgres://{login or self.user}@127.0.0.1:{self.port}/{dbname}"

    def show(self, what: str) -> list[dict]:
        """A SHOW command of PgBouncer's admin console (POOLS, STATS, CONFIG, ...), as dicts."""
        console = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="pgbouncer")
        console.autocommit = True
        try:
            with console.cursor() as cursor:
                cursor.execute(f"SHOW {what}")
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            console.close()


def app_environment(database_url: str, media: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like app process (web node or worker) on `database_url`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "drill-secret-shared-by-every-node-0123456789abcdef",
        "SIGNING_KEY_SECRET": "drill-signing-secret-shared-by-every-node",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip
    assert done.returncode == 0, f"manage.py {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def start_web_node(processes: Processes, env: dict[str, str], log: Path) -> str:
    """One gunicorn node (one sync worker) on a free port; returns its address once /healthz answers."""
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = processes.start([gunicorn, "duediligence.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "60"],
                              log, cwd=ROOT, env=env)  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        assert process.poll() is None, f"gunicorn exited: {log.read_text()[-2000:]}"
        return requests.get(f"{url}/healthz", timeout=5).status_code == 200

    wait_until(f"the web node on {port} answers", answers, timeout=60)
    return url


def start_worker(processes: Processes, env: dict[str, str], log: Path) -> subprocess.Popen:
    """The report worker as production runs it: warmed up, then polling the queue in PostgreSQL."""
    return processes.start([sys.executable, "manage.py", "render_worker", "--no-startup-delay", "--no-reload",
                            "--interval", "0.5"], log, cwd=ROOT, env=env)  # fmt: skip


class Etcd:
    """One etcd member: the consensus store Patroni keeps its leader key in."""

    def __init__(self, workdir: Workdir, processes: Processes) -> None:
        self.port, peer = free_port(), free_port()
        data = workdir.folder("etcd")
        self.process = processes.start([
            "etcd", "--name", "drill", "--data-dir", str(data),
            "--listen-client-urls", f"http://127.0.0.1:{self.port}",
            "--advertise-client-urls", f"http://127.0.0.1:{self.port}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-cluster", f"drill=http://127.0.0.1:{peer}",
            # One member on one machine: a short heartbeat, so leases (Patroni's leader key) expire on time.
            "--heartbeat-interval", "100", "--election-timeout", "1000",
        ], workdir.path / "etcd.log")  # fmt: skip
        wait_until("etcd answers", lambda: requests.get(f"http://127.0.0.1:{self.port}/health", timeout=2).ok)


PATRONI_YML = """
scope: drill
name: {name}
log:
  level: INFO
  dir: {dir}/{name}-log
restapi:
  listen: 127.0.0.1:{rest}
  connect_address: 127.0.0.1:{rest}
etcd3:
  hosts: 127.0.0.1:{etcd}
bootstrap:
  dcs:
    # The leader key lives {ttl} s without renewal: how long a dead primary holds its place before the
    # standby takes over. Patroni asks loop_wait + 2 * retry_timeout <= ttl.
    ttl: {ttl}
    loop_wait: 1
    retry_timeout: 3
    # Patroni keeps synchronous_standby_names on the healthy standby and fails over only to it.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: false
      parameters:
        synchronous_commit: "on"
        wal_level: replica
        hot_standby: "on"
        max_wal_senders: 5
        max_replication_slots: 5
        wal_keep_size: 128MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
postgresql:
  listen: 127.0.0.1:{port}
  connect_address: 127.0.0.1:{port}
  data_dir: {dir}/{name}
  bin_dir: {bin}
  pgpass: {dir}/{name}.pgpass
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
  parameters:
    unix_socket_directories: {dir}
    max_connections: 60
  pg_hba:
    - host replication postgres 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
    - local all all trust
"""


class PatroniNode:
    """One PostgreSQL node managed by Patroni: the first to start bootstraps the primary, the next one clones it
    with pg_basebackup and streams from it."""

    def __init__(self, workdir: Workdir, processes: Processes, name: str, etcd: Etcd, ttl: int) -> None:
        self.workdir, self.processes, self.name = workdir, processes, name
        self.port, self.rest = free_port(), free_port()
        self.data = workdir.path / name
        workdir.folder(f"{name}-log")
        config = workdir.write(f"{name}.yml", PATRONI_YML.format(
            name=name, dir=workdir.path, rest=self.rest, etcd=etcd.port, port=self.port, bin=PG_BIN, ttl=ttl,
        ))  # fmt: skip
        self.process = processes.start(as_postgres(["patroni", str(config)]), workdir.path / f"{name}.out")

    def role(self) -> str:
        """'primary', 'replica', or '' while its REST API does not answer."""
        try:
            role = requests.get(f"http://127.0.0.1:{self.rest}/patroni", timeout=2).json().get("role", "")
        except (requests.RequestException, ValueError):
            return ""
        return "primary" if role == "master" else role  # Patroni 3.0 still says "master"

    def die(self) -> list[int]:
        """The machine dies: Patroni and every PostgreSQL process of this node are killed at once (SIGKILL),
        nothing shuts down cleanly and nothing more is sent to the standby."""
        pids = kill_tree(self.process.pid)
        postmaster = postmaster_pid(self.data)
        if postmaster:
            pids += kill_tree(postmaster)
        return pids


HAPROXY_CFG = """
global
  maxconn 200
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 1s
listen primary
  bind 127.0.0.1:{port}
  # Only the node whose Patroni says it is the primary passes; a node marked down has its sessions cut.
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
{servers}
"""


class HAProxy:
    """The address the database is reached at: forwards to whichever node Patroni's REST API calls primary."""

    def __init__(self, workdir: Workdir, processes: Processes, nodes: list[PatroniNode]) -> None:
        self.port = free_port()
        servers = "\n".join(f"  server {node.name} 127.0.0.1:{node.port} check port {node.rest}" for node in nodes)
        config = workdir.write("haproxy.cfg", HAPROXY_CFG.format(port=self.port, servers=servers), mode=0o644)
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.process = processes.start([haproxy, "-db", "-f", str(config)], workdir.path / "haproxy.log")
        # Servers start as up until their first checks fail: wait until every connection reaches the primary.
        wait_until("HAProxy reaches only the primary", self.reaches_only_the_primary)

    def reaches_only_the_primary(self) -> bool:
        return all(query(self.port, "SELECT NOT pg_is_in_recovery()")[0][0] for _ in range(4))


PGBACKREST_CONF = """
[global]
repo1-path={dir}/repo
repo1-retention-full=2
log-path={dir}/pgbackrest-log
lock-path={dir}/pgbackrest-lock
spool-path={dir}/pgbackrest-spool
log-level-console=warn
log-level-file=info
start-fast=y
compress-type=lz4
process-max=2

[{stanza}]
pg1-path={data}
pg1-port={port}
pg1-socket-path={socket}
"""


class PgBackRest:
    """pgBackRest with a repository in the workdir, for one cluster: WAL archived by archive_command, full
    backups, and restores into another data folder."""

    def __init__(self, workdir: Workdir, cluster: Cluster, stanza: str = "drill") -> None:
        self.stanza = stanza
        for name in ("repo", "pgbackrest-log", "pgbackrest-lock", "pgbackrest-spool"):
            workdir.folder(name)
        self.config = workdir.write("pgbackrest.conf", PGBACKREST_CONF.format(
            dir=workdir.path, stanza=stanza, data=cluster.data, port=cluster.port, socket=workdir.path,
        ), mode=0o640)  # fmt: skip
        cluster.configure(
            archive_mode="on",
            archive_command=f"pgbackrest --config={self.config} --stanza={stanza} archive-push %p",
        )

    def __call__(self, *args: str, timeout: float = 600) -> str:
        return run(as_postgres(["pgbackrest", f"--config={self.config}", f"--stanza={self.stanza}", *args]),
                   timeout=timeout).stdout  # fmt: skip
