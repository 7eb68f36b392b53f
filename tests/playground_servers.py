"""The processes behind tests/test_playground.py: `leadbot run` as a user starts it (Teams in
anonymous mode, SQLite in a temporary folder), Microsoft's Agents Playground pointed at it, and
a recorder between the bot and the Playground's connector so that a refused send shows the
connector's own answer. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PLAYGROUND_DIR = Path(__file__).parent / "playground"
PLAYGROUND_CLI = PLAYGROUND_DIR / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
CHROMIUM = "/usr/bin/chromium"
TIMEZONE = "Europe/Stockholm"


class Missing(Exception):
    """Something this machine needs before the Playground can run (the message says what)."""


def install_playground() -> None:
    """`npm ci` of the pinned Playground, when it is not there yet (tests/playground/install)."""
    if not Path(CHROMIUM).exists():
        raise Missing(f"{CHROMIUM} is missing: apt-get install -y chromium (Debian's package)")
    done = subprocess.run([str(PLAYGROUND_DIR / "install")], capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise Missing(f"tests/playground/install failed: {done.stderr.strip() or done.stdout.strip()}")


def free_port() -> int:
    """`leadbot run` takes a PORT from 1 to 65535, not 0: ask the system for one that is free."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Exchange:
    method: str
    path: str
    sent: Any
    status: int
    answer: str

    def __str__(self) -> str:
        body = json.dumps(self.sent, ensure_ascii=False)[:600] if self.sent is not None else ""
        return f"{self.method} {self.path} -> {self.status} {self.answer[:300]}\n    sent: {body}"


class ConnectorRecorder:
    """Passes every request from the bot to the Playground's connector (`/_connector/…`) on,
    unchanged, and keeps each exchange. The Playground's activities name this as their
    `serviceUrl` (its `--service-url`), so both replies and proactive sends come through."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []
        self.upstream: int | None = None  # the Playground's port, known once it listens
        self._lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                recorder._forward(self)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/_connector"

    def refusals(self) -> list[Exchange]:
        with self._lock:
            return [e for e in self.exchanges if e.status >= 400]

    def since(self, count: int) -> list[Exchange]:
        with self._lock:
            return self.exchanges[count:]

    def __len__(self) -> int:
        with self._lock:
            return len(self.exchanges)

    def _forward(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "connection")}
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream or 9, timeout=20)
        try:
            connection.request(request.command, request.path, body=body or None, headers=headers)
            response = connection.getresponse()
            status, data = response.status, response.read()
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in ("transfer-encoding", "connection")]
        except OSError as error:
            status, data, kept = 502, f"recorder: the Playground did not answer ({error})".encode(), []
        finally:
            connection.close()
        try:
            sent = json.loads(body) if body else None
        except ValueError:
            sent = body.decode("utf-8", "replace")
        with self._lock:
            self.exchanges.append(
                Exchange(request.command, request.path, sent, status, data.decode("utf-8", "replace"))
            )
        request.send_response(status)
        for name, value in kept:
            if name.lower() != "content-length":
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class Leadbot:
    """`leadbot run` in a process of its own, as the README's Teams section has a user start
    it for local testing; `leadbot tick` and `leadbot digest` against the same database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.cli = str(Path(sys.executable).with_name("leadbot"))
        self.env = _clean_env() | {
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true",
            "DATABASE_URL": f"sqlite:///{folder / 'leadbot.db'}",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            # The clock is the test's: check-ins are due when `leadbot tick --at …` says so.
            "LEADBOT_SCHEDULER": "off",
            "LEADBOT_TIMEZONE": TIMEZONE,
            "LEADBOT_DEFAULT_LOCALE": "en",
            "PYTHONUNBUFFERED": "1",
        }
        self.log = folder / "leadbot-run.log"
        self._out = open(self.log, "wb")  # noqa: SIM115 - open for the life of the process
        # The working directory is the temporary folder: no .env of the developer's is read.
        self.process = subprocess.Popen(
            [self.cli, "run"], cwd=folder, env=self.env, stdout=self._out, stderr=subprocess.STDOUT
        )
        _wait_until(self._healthy, 60, lambda: f"leadbot run did not come up:\n{self.log_tail()}")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"leadbot run exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def command(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.cli, *args], cwd=self.folder, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def log_tail(self, lines: int = 40) -> str:
        self._out.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        _stop(self.process)
        self._out.close()


class Playground:
    """Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground), offline: no sign-in
    (no client id), no browser of its own, no telemetry, its mock tenant from
    tests/playground/leadbot.yml, every server it starts on 127.0.0.1 (loopback.cjs)."""

    def __init__(self, folder: Path, endpoint: str, service_url: str) -> None:
        node = shutil.which("node")
        if node is None:
            raise Missing("node is missing: the Agents Playground runs on Node.js (apt-get install -y nodejs)")
        env = _clean_env() | {
            "TEAMSAPPTESTER_BROWSER": "none",
            "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(PLAYGROUND_DIR / "leadbot.yml"),
            "M365_AGENTS_PLAYGROUND_LOGFILE": str(folder / "playground.log"),
            "NODE_OPTIONS": f"--require {PLAYGROUND_DIR / 'loopback.cjs'}",
            "TZ": TIMEZONE,  # it tells the bot the user's `localTimezone` from its own clock
            # Its Application Insights client starts even with --disable-telemetry, and its own
            # usage reports ("statsbeat") ask the cloud metadata address 169.254.169.254 first.
            "APPLICATION_INSIGHTS_NO_STATSBEAT": "true",
        }
        args = [
            node,
            str(PLAYGROUND_CLI),
            "--app-endpoint",
            endpoint,
            "--channel-id",
            "msteams",
            "--port",
            "0",
            "--service-url",
            service_url,
            "--disable-telemetry",
        ]
        self.process = subprocess.Popen(
            args, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.output: list[str] = []
        lines: queue.Queue[str] = queue.Queue()

        def read() -> None:
            for line in self.process.stdout:
                self.output.append(line.rstrip())
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + 60
        self.port = 0
        while not self.port:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise AssertionError("the Playground did not start:\n" + "\n".join(self.output)) from None
            found = re.match(r"Listening on (\d+)", line)
            self.port = int(found.group(1)) if found else 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        _stop(self.process)


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point leadbot elsewhere (a developer's Slack
    or Teams settings, database, port)."""
    dropped = ("SLACK_", "CONNECTIONS__", "LEADBOT_", "DATABASE_URL", "PORT", "HOST", "NODE_OPTIONS")
    return {k: v for k, v in os.environ.items() if not k.startswith(dropped)}


def _wait_until(ready, seconds: float, why) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(why())
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
