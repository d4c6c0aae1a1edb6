"""The job store alone: content addressing, names that never become paths, recovery after a crash."""

from __future__ import annotations

import io

import pytest

from pipeline.service.store import Store, UploadTooLarge, display_name, safe_suffix


def test_suffix_and_name_of_an_upload():
    assert safe_suffix("Scan 01.PDF") == ".pdf"
    assert safe_suffix("../../x.txt") == ".txt"
    assert safe_suffix("evil.sh") == "" and safe_suffix(None) == "" and safe_suffix("a.pdf/..") == ""
    assert display_name("C:\\Users\\me\\quyết định.pdf") == "quyết định.pdf"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("a\nb\x00c.txt") == "abc.txt" and display_name("") == "upload"


def test_same_content_is_one_job(tmp_path):
    store = Store(tmp_path)
    received = store.receive(io.BytesIO(b"xin chao"), limit=100)
    path = store.keep(received, ".txt")
    assert path.name == received.sha256 + ".txt" and path.read_bytes() == b"xin chao"
    first, new = store.add(received.sha256, ".txt", "k", "a.txt", received.size)
    again, new_again = store.add(received.sha256, ".txt", "k", "b.txt", received.size)
    assert new and not new_again and again.id == first.id
    other, _ = store.add(received.sha256, ".txt", "other-options", "a.txt", received.size)
    assert other.id != first.id
    with pytest.raises(UploadTooLarge):
        store.receive(io.BytesIO(b"x" * 101), limit=100)
    assert not list((tmp_path / "tmp").iterdir())


def test_recover_requeues_running_jobs_and_gives_up_after_max_attempts(tmp_path):
    store = Store(tmp_path)
    ids = [store.add(f"{n:064x}", ".txt", "k", f"{n}.txt", 1)[0].id for n in range(3)]
    assert [j.id for j in store.claim(2)] == ids[:2]
    assert Store(tmp_path).recover(max_attempts=3) == {"requeued": 2, "failed": 0}
    for _ in range(2):  # crashed twice more while the first job ran
        assert store.claim(1)[0].id == ids[0]
        store.recover(max_attempts=3)
    job = store.get(ids[0])
    assert job.status == "failed" and job.stage == "service" and "3 times" in job.reason
    assert store.counts() == {"queued": 2, "running": 0, "done": 0, "failed": 1}
