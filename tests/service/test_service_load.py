"""Load and crashes against a real server: 50 concurrent uploads all done, none lost, workers recycled on the way;
a server killed with SIGKILL while jobs are queued and running finishes them all after a restart."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from service_harness import Server, text_document

SAMPLES = ("cv-ubnd", "qd-ubnd", "plan-kh-lhh")


def test_fifty_concurrent_uploads_all_complete(tmp_path):
    with Server(tmp_path / "data", "--recycle-pages", "10") as server:
        started = time.monotonic()
        with ThreadPoolExecutor(50) as threads:
            replies = list(threads.map(lambda n: server.upload(f"doc-{n}.txt", text_document(n, SAMPLES[n % 3])),
                                       range(50)))
        accepted = time.monotonic() - started
        assert all(r.status in (200, 202) for r in replies), [r for r in replies if r.status not in (200, 202)]
        ids = {r.json()["id"] for r in replies}
        assert len(ids) == 50
        jobs = server.wait_all(ids, timeout=80)
        elapsed = time.monotonic() - started
        assert sorted(j["status"] for j in jobs.values()) == ["done"] * 50, [j for j in jobs.values() if j["status"] != "done"]
        assert {j["record"]["source"]["file"] for j in jobs.values()} == {f"doc-{n}.txt" for n in range(50)}
        assert server.metric('extract_jobs{status="done"}') == 50
        assert server.metric('extract_jobs_finished_total{status="done"}') == 50
        assert server.metric("extract_workers_recycled_total") >= 1  # 50 pages over 2 workers, recycled every 10
        print(f"\n50 uploads accepted in {accepted:.2f} s, all done in {elapsed:.2f} s")


def test_a_killed_server_loses_no_accepted_job(tmp_path):
    data = tmp_path / "data"
    server = Server(data, jobs=1).start()
    try:
        ids = []
        for n in range(12):
            reply = server.upload(f"doc-{n}.txt", text_document(200 + n, SAMPLES[n % 3]))
            assert reply.status == 202, reply
            ids.append(reply.json()["id"])
        before = {job_id: server.job(job_id)["status"] for job_id in ids}
        assert "queued" in before.values() and "running" in before.values(), before
        server.kill()
    finally:
        server.stop()
    with Server(data, jobs=2) as again:
        jobs = again.wait_all(ids, timeout=60)
        assert len(jobs) == 12
        for job_id, job in jobs.items():
            assert job["status"] == "done", job
            if before[job_id] == "running":
                assert job["attempts"] == 2, job  # interrupted once, read again at start-up
        assert again.metric('extract_jobs{status="done"}') == 12
        assert again.metric('extract_jobs{status="running"}') == 0 and again.metric('extract_jobs{status="queued"}') == 0
