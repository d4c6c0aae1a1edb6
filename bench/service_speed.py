"""The service's overhead: pages per second through ``extract serve`` beside the batch on the same documents, and
the latency of ``GET /v1/documents/{id}`` while the workers are busy.

The documents are the speed rows' one-page PDFs (bench.speed.speed_pages). The batch (``extract_many``, 2 workers)
and the service (``extract serve -j 2`` on a fresh ``--data``) each read all of them; the service's time runs from
the first upload to the last job's finish as the server records it, its start-up (before ``/readyz``) left out. While the jobs run, every job's
status is asked for in turn (a round every second, as a tracker polls) and each answer's time kept: the row gives their 95th percentile.

    python -m bench.service_speed [--pages 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

from .datasets import REPO
from .report import Row, rate

POLL_EVERY_S = 1.0  # between two rounds of status requests over every pending job (a tracker polling each job once a second)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: Optional[bytes] = None,
             headers: Optional[dict[str, str]] = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


def _upload(port: int, path: Path) -> str:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    status, reply = _request(port, "POST", "/v1/documents", body,
                             {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    if status not in (200, 202):
        raise RuntimeError(f"upload refused: {status} {reply[:200]!r}")
    return json.loads(reply)["id"]


def service_run(pdfs: list[Path], jobs: int = 2) -> dict[str, Any]:
    """Pages/s through a fresh service and the status latencies seen while it worked."""
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        port = _free_port()
        log = open(Path(tmp) / "server.log", "wb")
        server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--data",
                                   str(Path(tmp) / "data"), "-j", str(jobs)], cwd=REPO, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if _request(port, "GET", "/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the service did not start")
                time.sleep(0.1)
            started, wall = time.perf_counter(), time.time()
            ids = [_upload(port, pdf) for pdf in pdfs]
            pending, latencies, failed, last = set(ids), [], 0, wall
            while pending:
                for job_id in list(pending):
                    asked = time.perf_counter()
                    status, reply = _request(port, "GET", f"/v1/documents/{job_id}")
                    latencies.append(time.perf_counter() - asked)
                    body = json.loads(reply) if status == 200 else {"status": "failed"}
                    state = body.get("status")
                    if state in ("done", "failed"):
                        pending.discard(job_id)
                        failed += state == "failed"
                        if body.get("finished"):  # the server's own time: not when this poll happened to see it
                            last = max(last, datetime.fromisoformat(body["finished"]).timestamp())
                if time.perf_counter() - started > 600:
                    raise RuntimeError("the service did not finish in 10 minutes")
                time.sleep(POLL_EVERY_S)  # a tracker polls; a loop without a pause would take a core from the workers
            seconds = last - wall if last > wall else time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    return {"pages_per_s": len(pdfs) / seconds, "seconds": seconds, "failed": failed,
            "status_p95_ms": 1000 * statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else None,
            "status_requests": len(latencies)}


def batch_run(pdfs: list[Path], jobs: int = 2) -> dict[str, Any]:
    from pipeline import Options, extract_many

    started = time.perf_counter()
    for result in extract_many([str(p) for p in pdfs], jobs=jobs, options=Options(jobs=jobs)):
        if isinstance(result, Exception):
            raise result
    seconds = time.perf_counter() - started
    return {"pages_per_s": len(pdfs) / seconds, "seconds": seconds}


def service_row(pdfs: list[Path], log: Callable[[str], None] = lambda _: None) -> Row:
    row = Row("speed", "service · pages/s vs the batch, 2 workers", n=f"{len(pdfs)} one-page PDFs")
    try:
        batch = batch_run(pdfs)
        log("service: batch baseline done")
        service = service_run(pdfs)
        row.baseline = f"{rate(batch['pages_per_s'])} batch"
        row.pipeline = rate(service["pages_per_s"])
        p95 = service["status_p95_ms"]
        row.notes = (f"service/batch {service['pages_per_s'] / batch['pages_per_s']:.2f}; GET status p95 "
                     f"{p95:.1f} ms over {service['status_requests']} requests (each pending job polled once a second) while the workers were busy"
                     if p95 is not None else "too few status requests for a p95")
        if service["failed"]:
            row.error = f"{service['failed']} jobs failed"
        row.data = {"batch": batch, "service": service}
    except Exception as exc:  # noqa: BLE001 - a row reports its failure
        row.pipeline, row.error = "not ready", f"{type(exc).__name__}: {exc}"[:300]
    return row


def main() -> None:
    from .speed import speed_pages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    row = service_row([pdf for pdf, _ in speed_pages(args.pages)], log=lambda m: print(m, file=sys.stderr))
    print(json.dumps({"name": row.name, "baseline": row.baseline, "pipeline": row.pipeline, "notes": row.notes,
                      "error": row.error}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
