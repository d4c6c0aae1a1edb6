"""The HTTP routes (FastAPI): upload a document, poll its job, fetch its record and review page; health, readiness
and Prometheus metrics. Every error is ``{"error": {"code": ..., "message": one line}}``.

    POST /v1/documents              multipart field ``file`` → 202 {id, status, location}; ?wait=N waits up to N s
    GET  /v1/documents/{id}         status (queued, running, done, failed + stage and reason), the record when done
    GET  /v1/documents/{id}/review  the review page (HTML) of a finished job
    GET  /healthz  /readyz          liveness, readiness (no token needed)
    GET  /metrics                   Prometheus text format
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any, Optional

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.batch.outcome import one_line
from pipeline.errors import InputError
from pipeline.ingest.files import sniff
from pipeline.service.config import MAX_WAIT_SECONDS, RETRY_AFTER_SECONDS, ServiceConfig
from pipeline.service.metrics import Metrics
from pipeline.service.runner import Runner
from pipeline.service.store import (
    ACTIVE,
    Job,
    Store,
    UploadTooLarge,
    display_name,
    safe_suffix,
)
from pipeline.service.work import review_page

log = logging.getLogger("pipeline.service")

OPEN_PATHS = frozenset({"/healthz", "/readyz"})
UPLOAD_PATH = "/v1/documents"
MULTIPART_SLACK = 64 * 1024  # the form's own bytes around the file
DRAIN_BYTES = 8 * 1024 * 1024  # of a refused upload read (and dropped) so that the client hears the 413
JOB_ID = re.compile(r"[0-9a-f]{32}")
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                409: "not_ready", 413: "too_large", 415: "unsupported_document", 422: "bad_request",
                429: "too_many_requests", 500: "internal", 503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: Optional[dict[str, str]] = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, one_line(message), headers


class BodyTooLarge(Exception):
    pass


def error_response(status: int, code: str, message: str, headers: Optional[dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": one_line(message)}}, status_code=status, headers=headers)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class JobBody(BaseModel):
    id: str
    status: str
    location: str
    filename: str
    sha256: str
    size: int
    created: str
    started: Optional[str] = None
    finished: Optional[str] = None
    attempts: int
    pages: Optional[int] = None
    seconds: Optional[float] = None
    stage: Optional[str] = None
    reason: Optional[str] = None
    review: Optional[str] = None
    record: Optional[dict[str, Any]] = None


def _when(stamp: Optional[float]) -> Optional[str]:
    return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="milliseconds") if stamp else None


def job_body(job: Job) -> dict[str, Any]:
    location = f"{UPLOAD_PATH}/{job.id}"
    body: dict[str, Any] = {"id": job.id, "status": job.status, "location": location, "filename": job.filename,
                            "sha256": job.sha256, "size": job.size, "created": _when(job.created),
                            "started": _when(job.started), "finished": _when(job.finished), "attempts": job.attempts,
                            "pages": job.pages, "seconds": round(job.seconds, 3) if job.seconds is not None else None}
    if job.status == "failed":
        body.update(stage=job.stage, reason=job.reason)
    if job.status == "done":
        body["review"] = f"{location}/review" if job.review else None
        body["record"] = json.loads(job.record) if job.record else None
    return body


class Guard:
    """ASGI middleware: the bearer token on every route but /healthz and /readyz, and the upload's size (a
    declared Content-Length over the limit is refused at once; a body that grows past it stops being read)."""

    def __init__(self, app, token: Optional[str], max_upload: int):
        self.app, self.max_body = app, max_upload + MULTIPART_SLACK
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if self.expected is not None and scope["path"] not in OPEN_PATHS:
            if not hmac.compare_digest(headers.get(b"authorization", b""), self.expected):
                response = error_response(401, "unauthorized", "a bearer token is required: send the header "
                                          "'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
                return await response(scope, receive, send)
        if scope["method"] == "POST" and scope["path"] == UPLOAD_PATH:
            try:
                declared = int(headers.get(b"content-length", b"0") or 0)
            except ValueError:
                declared = 0
            if declared > self.max_body:
                if b"100-continue" not in headers.get(b"expect", b"").lower():
                    await self._drain(receive, 0)  # a client that sends it all before reading hears the answer
                response = error_response(413, "too_large", f"the upload is {declared} bytes, over the limit of "
                                          f"{self.max_body - MULTIPART_SLACK} bytes", {"Connection": "close"})
                return await response(scope, receive, send)
            receive = self._counting(receive)
        return await self.app(scope, receive, send)

    def _counting(self, receive):
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    if message.get("more_body", False):
                        await self._drain(receive, seen)
                    raise BodyTooLarge()
            return message

        return counted

    async def _drain(self, receive, seen: int) -> None:
        """Read and drop the rest of a refused body, up to a bound (past it the connection is just closed)."""
        bound = 2 * self.max_body + DRAIN_BYTES
        while seen < bound:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return


def create_app(config: ServiceConfig) -> FastAPI:
    store = Store(config.data)
    metrics = Metrics(store.counts, workers=config.workers, queue_limit=config.max_queue)
    state: dict[str, Runner] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        runner = state["runner"] = Runner(config, store, metrics)
        runner.start()
        try:
            yield
        finally:
            await run_in_threadpool(runner.stop)

    app = FastAPI(title="vn-doc-extract service", version="1",
                  description="Vietnamese administrative documents (PDF, image, hOCR/TSV, text) to JSON records. "
                              "Upload a document, poll its job, fetch the record and its review page.",
                  lifespan=lifespan)
    app.add_middleware(Guard, token=config.token, max_upload=config.max_upload_bytes)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException):
        return error_response(exc.status_code, STATUS_CODES.get(exc.status_code, "error"), str(exc.detail),
                              getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError):
        first = (exc.errors() or [{}])[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return error_response(422, "bad_request", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(Exception)
    async def _internal_error(_request: Request, exc: Exception):
        log.exception("internal error")
        return error_response(500, "internal", f"internal error: {type(exc).__name__}")

    def accept(upload: UploadFile) -> tuple[Job, bool]:
        """Store the upload and queue its job, or answer with the job of the same content."""
        try:
            received = store.receive(upload.file, config.max_upload_bytes)
        except UploadTooLarge:
            metrics.uploads.labels("too_large").inc()
            raise ApiError(413, "too_large", f"the upload is over the limit of {config.max_upload_bytes} bytes") from None
        try:
            if received.size == 0:
                raise ApiError(400, "empty", "the upload is empty (0 bytes)")
            try:
                sniff(received.path)
            except InputError as exc:
                raise ApiError(415, "unsupported_document", str(exc)) from None
            suffix, key = safe_suffix(upload.filename), config.options.output_key()
            existing = store.find(received.sha256, suffix, key)
            if existing is not None:
                return existing, False
            if store.active() >= config.max_queue:
                raise ApiError(503, "queue_full", f"{config.max_queue} documents are waiting or being read; try "
                               f"again in {RETRY_AFTER_SECONDS} s", {"Retry-After": str(RETRY_AFTER_SECONDS)})
            store.keep(received, suffix)
            job, new = store.add(received.sha256, suffix, key, display_name(upload.filename), received.size)
            state["runner"].wake()
            return job, new
        except ApiError as exc:
            metrics.uploads.labels(exc.code).inc()
            raise
        finally:
            received.path.unlink(missing_ok=True)

    upload_body = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": "the document: PDF, PNG/JPEG/TIFF, Tesseract hOCR/TSV, text, HTML "
                                               "or .docx; its kind is told by its content"}}}}}}}
    errors = {code: {"model": ErrorBody} for code in (400, 401, 413, 415, 422, 503)}

    @app.post(UPLOAD_PATH, status_code=202, openapi_extra=upload_body,
              responses={200: {"model": JobBody, "description": "the job finished (within ?wait, or already done)"},
                         202: {"model": JobBody, "description": "accepted: poll the location"}, **errors})
    async def upload_document(request: Request, wait: float = Query(0, ge=0, le=MAX_WAIT_SECONDS,
                                                                    description="seconds to wait for the record")):
        """Upload one document. The same bytes uploaded again (with a name of the same kind) answer with the
        first upload's job, whatever its state."""
        try:
            form = await request.form(max_files=1, max_fields=8, max_part_size=64 * 1024)
        except BodyTooLarge:
            metrics.uploads.labels("too_large").inc()
            raise ApiError(413, "too_large", f"the upload is over the limit of {config.max_upload_bytes} bytes",
                           {"Connection": "close"}) from None
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise ApiError(400, "bad_request", "send the document as a multipart/form-data field named 'file'")
            job, new = await run_in_threadpool(accept, upload)
        finally:
            await form.close()
        metrics.uploads.labels("accepted" if new else "duplicate").inc()
        deadline = time.monotonic() + wait
        while job.status in ACTIVE and time.monotonic() < deadline:
            await asyncio.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
            job = await run_in_threadpool(store.get, job.id) or job
        body = job_body(job)
        body["duplicate"] = not new
        return JSONResponse(body, status_code=202 if job.status in ACTIVE else 200, headers={"Location": body["location"]})

    def _job(job_id: str) -> Job:
        job = store.get(job_id) if JOB_ID.fullmatch(job_id) else None
        if job is None:
            raise ApiError(404, "not_found", f"no document job {job_id[:40]!r}")
        return job

    @app.get(UPLOAD_PATH + "/{job_id}", response_model=JobBody, responses={404: {"model": ErrorBody}})
    def get_document(job_id: str):
        """The job's status; the record when done, the stage and one-line reason when failed."""
        return JSONResponse(job_body(_job(job_id)))

    @app.get(UPLOAD_PATH + "/{job_id}/review", response_class=FileResponse,
             responses={200: {"content": {"text/html": {}}}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody}})
    def get_review(job_id: str):
        """The review page of a finished job: every field boxed where it was read, the ones to check first."""
        job = _job(job_id)
        if job.status in ACTIVE:
            raise ApiError(409, "not_ready", f"the document is {job.status}; the review page is written when it is done",
                           {"Retry-After": "2"})
        path = store.review_path(job.id)
        if job.status != "done" or not job.review or not job.record:
            raise ApiError(404, "not_found", "this job has no review page"
                           + (f" (it failed: {job.reason})" if job.status == "failed" else ""))
        if not path.is_file():  # drawn on its first request (a thread of the server's pool, not the event loop)
            try:
                review_page(job.record, str(store.file_path(job.sha256, job.suffix)), str(path))
            except Exception as exc:  # noqa: BLE001 - the record stands; its page could not be drawn
                raise ApiError(500, "review_failed", f"the review page could not be drawn: {type(exc).__name__}: "
                               f"{' '.join(str(exc).split())[:200]}") from None
        return FileResponse(path, media_type="text/html; charset=utf-8")

    @app.get("/healthz")
    def healthz():
        """The process answers."""
        return {"status": "ok"}

    @app.get("/readyz", responses={503: {"model": ErrorBody}})
    def readyz():
        """Ready for uploads: the dispatcher runs, the store answers and the queue has room."""
        runner = state.get("runner")
        if runner is None or not runner.healthy or not store.ping():
            reason = runner.error if runner is not None and runner.error else "starting"
            raise ApiError(503, "not_ready", f"not ready: {reason}", {"Retry-After": "1"})
        counts = store.counts()
        if counts["queued"] + counts["running"] >= config.max_queue:
            raise ApiError(503, "queue_full", "the queue is full", {"Retry-After": str(RETRY_AFTER_SECONDS)})
        return {"status": "ready", "jobs": counts, "workers": config.workers}

    @app.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
    def metrics_route():
        """Prometheus metrics: extract_jobs{status}, extract_pages_total{kind}, extract_page_seconds, ..."""
        from prometheus_client import CONTENT_TYPE_LATEST

        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return app


def serve(config: ServiceConfig, log_level: str = "info") -> None:
    import uvicorn

    app = create_app(config)
    uvicorn.run(app, host=config.host, port=config.port, log_level=log_level, access_log=log_level == "debug",
                timeout_graceful_shutdown=10, server_header=False)
