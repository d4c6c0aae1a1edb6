"""The service's routes against a real server: upload, poll, record, review page, metrics, token, bad uploads."""

from __future__ import annotations

import io
import zipfile

from service_harness import SAMPLES, TOKEN, Server, multipart, text_document

ERROR_CODES_SEEN: set[str] = set()


def assert_error(reply, status: int, code: str) -> None:
    assert reply.status == status, reply
    assert reply.headers["content-type"].startswith("application/json"), reply.headers
    body = reply.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message, message
    ERROR_CODES_SEEN.add(code)


def test_upload_poll_record_and_review_page(server):
    reply = server.upload("cv-ubnd.txt", text_document(1))
    assert reply.status == 202, reply
    body = reply.json()
    assert body["status"] in ("queued", "running", "done") and reply.headers["location"] == f"/v1/documents/{body['id']}"
    assert body["location"] == reply.headers["location"]
    job = server.wait_all([body["id"]])[body["id"]]
    assert job["status"] == "done", job
    assert job["record"]["document"]["code"] == "1375/UBND-KTN"
    assert job["record"]["source"]["file"] == "cv-ubnd.txt"  # the upload's name, not the server's path
    assert job["pages"] == 1 and job["review"] == f"/v1/documents/{body['id']}/review"
    page = server.request("GET", job["review"])
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert b"data-field=" in page.body and b"1375/UBND-KTN" in page.body


def test_wait_returns_the_record_of_a_scan(server):
    reply = server.upload("qd-ubnd.tiff", (SAMPLES / "qd-ubnd.tiff").read_bytes(), wait=120)
    assert reply.status == 200, reply
    job = reply.json()
    assert job["status"] == "done" and job["record"]["source"]["page_kinds"] == ["ocr", "ocr"]
    assert job["record"]["document"]["code"] == "214/QĐ-UBND"
    page = server.request("GET", job["review"])
    assert page.status == 200 and b"data:image/jpeg;base64," in page.body
    assert server.metric("extract_page_seconds_count") >= 2


def test_the_same_file_twice_is_one_job(server):
    data = text_document(2)
    first = server.upload("a.txt", data, wait=60).json()
    second = server.upload("b.txt", data)
    assert second.status == 200, second  # already done: answered at once
    assert second.json()["id"] == first["id"] and second.json()["duplicate"] is True
    assert first["duplicate"] is False


def test_an_upload_name_never_becomes_a_path(server):
    job = server.upload("../../../etc/evil.txt", text_document(3), wait=60).json()
    assert job["status"] == "done" and job["record"]["source"]["file"] == "evil.txt"
    stored = [p for p in (server.data / "files").rglob("*") if p.is_file()]
    assert stored and all(p.stem == p.stem.lower() and len(p.stem) == 64 for p in stored), stored
    assert not (server.data.parent / "etc").exists()


def test_bad_uploads_get_one_line_json_errors(server):
    assert_error(server.upload("empty.txt", b""), 400, "empty")
    assert_error(server.upload("noise.bin", bytes(range(256)) * 20), 415, "unsupported_document")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "xin chào")
    assert_error(server.upload("docs.zip", archive.getvalue()), 415, "unsupported_document")
    assert_error(server.upload("big.txt", b"a" * 3_000_000), 413, "too_large")  # refused by its Content-Length
    body, content_type = multipart("big.txt", b"a" * 3_000_000)
    chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))  # no Content-Length: refused while read
    assert_error(server.request("POST", "/v1/documents", chunks, {"Content-Type": content_type}), 413, "too_large")
    assert_error(server.upload("mid.txt", b"a" * (1536 * 1024 + 10_000)), 413, "too_large")  # the file itself past the limit
    body, content_type = multipart("a.txt", b"abc", field="document")
    assert_error(server.request("POST", "/v1/documents", body, {"Content-Type": content_type}), 400, "bad_request")
    assert_error(server.request("POST", "/v1/documents", b"{}", {"Content-Type": "application/json"}), 400, "bad_request")
    assert_error(server.upload("a.txt", b"abc", wait="soon"), 422, "bad_request")
    assert_error(server.request("GET", "/v1/documents/0123"), 404, "not_found")
    assert_error(server.request("GET", "/v1/documents/" + "a" * 32 + "/review"), 404, "not_found")
    assert_error(server.request("GET", "/nowhere"), 404, "not_found")
    assert_error(server.request("DELETE", "/v1/documents"), 405, "method_not_allowed")


def test_a_pdf_holding_text_fails_with_its_reason(server):
    reply = server.upload("report.pdf", "Đây là văn bản, không phải PDF.\n".encode(), wait=60)
    job = reply.json()
    assert reply.status == 200 and job["status"] == "failed", job
    assert job["stage"] == "ingest" and "not a PDF" in job["reason"] and "\n" not in job["reason"]
    assert str(server.data) not in job["reason"]
    assert "record" not in job
    assert_error(server.request("GET", f"/v1/documents/{job['id']}/review"), 404, "not_found")


def test_every_route_but_health_needs_the_token(server):
    for path in ("/v1/documents/" + "a" * 32, "/metrics", "/openapi.json", "/docs"):
        assert_error(server.request("GET", path, token=None), 401, "unauthorized")
        assert_error(server.request("GET", path, token="wrong"), 401, "unauthorized")
    assert_error(server.upload("a.txt", text_document(4), token=None), 401, "unauthorized")
    assert server.request("GET", "/v1/documents/" + "a" * 32 + "/review", token=None).headers["www-authenticate"] == "Bearer"
    assert server.request("GET", "/healthz", token=None).status == 200
    ready = server.request("GET", "/readyz", token=None)
    assert ready.status == 200 and ready.json()["status"] == "ready"
    assert server.request("GET", "/metrics", token=TOKEN).status == 200


def test_metrics_and_openapi(server):
    reply = server.request("GET", "/metrics")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/plain")
    text = reply.body.decode()
    for name in ('extract_jobs{status="done"}', 'extract_jobs{status="queued"}', "extract_pages_total",
                 "extract_page_seconds_bucket", "extract_document_seconds_count", "extract_workers "):
        assert name in text, name
    paths = server.request("GET", "/openapi.json").json()["paths"]
    assert {"/v1/documents", "/v1/documents/{job_id}", "/v1/documents/{job_id}/review", "/healthz", "/readyz",
            "/metrics"} <= set(paths)
    assert "multipart/form-data" in paths["/v1/documents"]["post"]["requestBody"]["content"]


def test_page_and_queue_limits(tmp_path):
    with Server(tmp_path / "data", "--max-pages", "1", "--max-queue", "2", jobs=1) as small:
        job = small.upload("qd-ubnd.tiff", (SAMPLES / "qd-ubnd.tiff").read_bytes(), wait=60).json()
        assert job["status"] == "failed" and job["stage"] == "limits" and "--max-pages" in job["reason"], job
        replies = [small.upload(f"d{n}.txt", text_document(100 + n)) for n in range(4)]
        full = [r for r in replies if r.status == 503]
        assert full, replies  # one worker, its restore model still loading: the third upload finds 2 waiting
        assert_error(full[0], 503, "queue_full")
        assert int(full[0].headers["retry-after"]) > 0
        accepted = [r.json()["id"] for r in replies if r.status == 202]
        assert all(j["status"] == "done" for j in small.wait_all(accepted).values())
