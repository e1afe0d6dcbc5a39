"""The processes of the failover test: etcd, two Patroni-managed PostgreSQL 15 nodes with
synchronous replication, and Verilink replicas on a multi-host URL. Loopback only, free ports
chosen at run time, everything under one temporary directory; `Processes.stop_all` ends every
process this module started (by process group)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

PG_BIN = "/usr/lib/postgresql/15/bin"
SCOPE = "verilink-failover"
# Patroni's timing: a loop a second; a leader that stops renewing its key loses it after TTL
# seconds (what a whole-node failure costs); loop_wait + 2 * retry_timeout must not exceed TTL.
TTL = 10
LOOP_WAIT = 1
RETRY_TIMEOUT = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(what: str, predicate, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


class Processes:
    """Children started in their own process groups; their pids are also written to a file
    the shell wrapper reads when this process is killed before it could clean up."""

    def __init__(self, workdir: Path) -> None:
        self.pidfile = workdir / "pids"
        self.children: List[subprocess.Popen] = []

    def start(self, args: List[str], log: Path, env: Optional[Dict[str, str]] = None,
              as_postgres: bool = False) -> subprocess.Popen:
        if as_postgres and os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--"] + args
        with open(log, "ab") as out:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
        self.children.append(proc)
        with open(self.pidfile, "a") as f:
            f.write(f"{proc.pid}\n")
        return proc

    def stop_all(self) -> None:
        # Patroni starts PostgreSQL in a session of its own (so it outlives Patroni): end each
        # postmaster by the pid in its data directory; its backends follow it.
        for pidfile in self.pidfile.parent.glob("node*/data/postmaster.pid"):
            try:
                os.kill(int(pidfile.read_text().split("\n")[0]), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        for proc in reversed(self.children):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for proc in self.children:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def http_status(url: str, timeout: float = 1.0) -> int:
    """The HTTP status of a GET, or 0 when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except (OSError, ValueError):
        return 0


class Node:
    """One Patroni node (Patroni, and the PostgreSQL it runs as the `postgres` user)."""

    def __init__(self, procs: Processes, workdir: Path, name: str, etcd_port: int) -> None:
        self.name = name
        self.dir = workdir / name
        self.dir.mkdir()
        self.pg_port = free_port()
        self.api_port = free_port()
        self.procs = procs
        self.proc: Optional[subprocess.Popen] = None
        config = {
            "scope": SCOPE,
            "name": name,
            "log": {"level": "INFO"},
            "restapi": {"listen": f"127.0.0.1:{self.api_port}",
                        "connect_address": f"127.0.0.1:{self.api_port}"},
            "etcd3": {"hosts": [f"127.0.0.1:{etcd_port}"]},
            "bootstrap": {
                "dcs": {
                    "ttl": TTL,
                    "loop_wait": LOOP_WAIT,
                    "retry_timeout": RETRY_TIMEOUT,
                    "primary_start_timeout": 0,
                    "synchronous_mode": True,
                    "synchronous_mode_strict": False,
                    "postgresql": {"use_pg_rewind": True,
                                   "parameters": {"wal_log_hints": "on"}},
                },
                "initdb": [{"encoding": "UTF8"}, {"auth": "trust"}],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{self.pg_port}",
                "connect_address": f"127.0.0.1:{self.pg_port}",
                "data_dir": str(self.dir / "data"),
                "bin_dir": PG_BIN,
                "pgpass": str(self.dir / "pgpass"),
                "authentication": {
                    "superuser": {"username": "postgres", "password": "postgres"},
                    "replication": {"username": "replicator", "password": "replicator"},
                    "rewind": {"username": "postgres", "password": "postgres"},
                },
                "parameters": {"unix_socket_directories": str(self.dir)},
                "pg_hba": ["local all all trust", "host all all 127.0.0.1/32 trust",
                           "host replication all 127.0.0.1/32 trust"],
            },
        }
        # JSON is YAML; Patroni reads it as its configuration file.
        (self.dir / "patroni.yml").write_text(json.dumps(config, indent=1))
        subprocess.run(["chown", "-R", "postgres", str(self.dir)], check=True)

    def start(self) -> None:
        self.proc = self.procs.start(["patroni", str(self.dir / "patroni.yml")],
                                     self.dir / "patroni.log", as_postgres=True)

    def api(self, path: str) -> int:
        return http_status(f"http://127.0.0.1:{self.api_port}{path}", timeout=0.5)

    def is_primary(self) -> bool:
        """Patroni calls the node the leader and its PostgreSQL takes writes: on a busy machine
        the second can follow the first by seconds (the end of recovery, the read-only session
        Patroni keeps until it has settled the synchronous standby), and a client can write
        only from then on."""
        if self.api("/primary") != 200:
            return False
        try:
            return self.psql("SELECT NOT pg_is_in_recovery() AND "
                             "current_setting('transaction_read_only') = 'off'").strip() == "t"
        except (subprocess.SubprocessError, OSError):
            return False

    def is_sync_standby(self) -> bool:
        return self.api("/sync") == 200

    def postmaster_pid(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split("\n")[0])

    def kill_postmaster(self) -> None:
        os.kill(self.postmaster_pid(), signal.SIGKILL)

    def kill_node(self) -> None:
        """Patroni and its PostgreSQL, at once (a machine that vanished)."""
        assert self.proc is not None
        pid = self.postmaster_pid()
        os.killpg(self.proc.pid, signal.SIGKILL)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
             "-p", str(self.pg_port), "-U", "postgres", "-d", db, "-c", sql],
            check=True, capture_output=True, text=True, timeout=30)
        return out.stdout


def start_etcd(procs: Processes, workdir: Path) -> int:
    client, peer = free_port(), free_port()
    procs.start(["etcd", "--name", "failover", "--data-dir", str(workdir / "etcd"),
                 "--listen-client-urls", f"http://127.0.0.1:{client}",
                 "--advertise-client-urls", f"http://127.0.0.1:{client}",
                 "--listen-peer-urls", f"http://127.0.0.1:{peer}",
                 "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
                 "--initial-cluster", f"failover=http://127.0.0.1:{peer}"],
                workdir / "etcd.log")
    wait_until("etcd answers", lambda: http_status(f"http://127.0.0.1:{client}/health") == 200,
               30)
    return client


class Replica:
    """A `verilink serve` process; its ports are read from its log."""

    def __init__(self, procs: Processes, workdir: Path, name: str, binary: str,
                 env: Dict[str, str]) -> None:
        self.name = name
        self.log = workdir / f"{name}.log"
        env = dict(env, VERILINK_GRPC_ADDR="127.0.0.1:0", VERILINK_HTTP_ADDR="127.0.0.1:0",
                   VERILINK_CONSOLE_ADDR="127.0.0.1:0", RUST_LOG="info",
                   VERILINK_LOG_FORMAT="text")
        self.proc = procs.start([binary, "serve"], self.log, env=env)
        self.grpc = self._addr("gRPC listening")
        self.http = self._addr("HTTP listening")

    def _addr(self, what: str) -> str:
        pattern = re.compile(re.escape(what) + r".*?addr=(127\.0\.0\.1:\d+)")

        def find() -> Optional[str]:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()}")
            m = pattern.search(self.log.read_text(errors="replace"))
            return m.group(1) if m else None

        return wait_until(f"{self.name}: {what}", find, 60)
