"""A Verilink server process of a test's own, on the database clients/with-server made."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from typing import IO, List, Optional

from timing import HANG


def free_port() -> int:
    """A loopback port that nothing listens on (free when this returns)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OwnServer:
    """``$VERILINK_BIN serve --grpc-addr 127.0.0.1:<port>``, the same port at every start."""

    def __init__(self, binary: str, database_url: str) -> None:
        self._binary = binary
        self._env = dict(
            os.environ,
            VERILINK_DATABASE_URL=database_url,
            VERILINK_HTTP_ADDR="127.0.0.1:0",
            RUST_LOG="info",
        )
        self.addr = f"127.0.0.1:{free_port()}"
        self.log: List[str] = []
        self._process: Optional[subprocess.Popen[str]] = None

    def start(self, timeout: float = HANG) -> None:
        """Starts the server and waits until it logs ``gRPC listening``."""
        assert self._process is None, "already running"
        process = subprocess.Popen(
            [self._binary, "serve", "--grpc-addr", self.addr],
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._process = process
        listening = threading.Event()
        assert process.stderr is not None
        threading.Thread(
            target=self._read_log, args=(process.stderr, listening), daemon=True
        ).start()
        if not listening.wait(timeout):
            self.stop()
            raise AssertionError(f"{self.addr}: no 'gRPC listening' within {timeout} s: {self.log}")

    def stop(self, timeout: float = HANG) -> None:
        """SIGTERM (the server drains) and waits for the exit; a no-op when not running."""
        process, self._process = self._process, None
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"{self.addr}: still running {timeout} s after SIGTERM")

    def _read_log(self, stream: IO[str], listening: threading.Event) -> None:
        for line in stream:
            self.log.append(line.rstrip())
            if "gRPC listening" in line:
                listening.set()
