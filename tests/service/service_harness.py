"""A real `extract serve` in a subprocess on a free local port, and a small HTTP client (stdlib only)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, Optional

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-3f9c"  # the token of the service fixture that wants one
SAMPLES = REPO / "samples"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def multipart(name: str, data: bytes, field: str = "file") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"<{self.status} {self.body[:300]!r}>"


class Server:
    def __init__(self, data: Path, *args: str, token: Optional[str] = None, jobs: int = 2):
        self.data, self.args, self.token, self.jobs = Path(data), list(args), token, jobs
        self.port = free_port()
        self.process: Optional[subprocess.Popen] = None
        self.log = self.data.parent / f"server-{self.data.name}.log"

    def start(self, timeout: float = 60) -> "Server":
        env = {k: v for k, v in os.environ.items() if k != "EXTRACT_TOKEN"}
        if self.token:
            env["EXTRACT_TOKEN"] = self.token
        command = [sys.executable, "-m", "pipeline.cli", "serve", "--port", str(self.port), "--data", str(self.data),
                   "-j", str(self.jobs), *self.args]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
            try:
                if self.request("GET", "/readyz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not get ready: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # HTTP -----------------------------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | Iterable[bytes] | None = None,
                headers: Optional[dict[str, str]] = None, token: Optional[str] = "default",
                timeout: float = 60) -> Response:
        headers = dict(headers or {})
        token = self.token if token == "default" else token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            chunked = body is not None and not isinstance(body, bytes)
            connection.request(method, path, body=body, headers=headers, encode_chunked=chunked)
            reply = connection.getresponse()
            return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
        finally:
            connection.close()

    def upload(self, name: str, data: bytes, wait: Optional[float] = None, **kwargs) -> Response:
        body, content_type = multipart(name, data)
        path = "/v1/documents" + (f"?wait={wait}" if wait is not None else "")
        return self.request("POST", path, body, {"Content-Type": content_type}, **kwargs)

    def job(self, job_id: str) -> dict[str, Any]:
        reply = self.request("GET", f"/v1/documents/{job_id}")
        assert reply.status == 200, reply
        return reply.json()

    def wait_all(self, ids: Iterable[str], timeout: float = 60) -> dict[str, dict[str, Any]]:
        """Poll until every job is done or failed; the jobs as last seen."""
        pending, seen = set(ids), {}
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            for job_id in list(pending):
                seen[job_id] = self.job(job_id)
                if seen[job_id]["status"] in ("done", "failed"):
                    pending.discard(job_id)
            if pending:
                time.sleep(0.2)
        return seen

    def metric(self, name: str) -> float:
        text = self.request("GET", "/metrics").body.decode()
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
        raise KeyError(name)


def text_document(number: int, sample: str = "cv-ubnd") -> bytes:
    """A small distinct text document: a sample's ground truth with a line of its own appended."""
    return (SAMPLES / f"{sample}.gt.txt").read_bytes() + f"\nNơi nhận: bản lưu số {number}.\n".encode()
