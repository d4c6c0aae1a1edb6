"""Calls into the pipeline that the benchmark needs, each failing with a clear ``NotReady`` when a stage is absent.

``extract_cached`` runs ``pipeline.extract`` on a file and caches the record JSON under ``.cache/bench/extract/``,
keyed by the file's hash, the options and a hash of the pipeline's code and model files: a rerun with an
unchanged pipeline reads the cache; any change to ``pipeline/`` or ``pipeline/models/restore/`` invalidates it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pipeline.ingest.files import sha256_file

from .datasets import CACHE, REPO


class NotReady(RuntimeError):
    """A pipeline stage the benchmark measures is not importable yet (or failed to load)."""


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


@lru_cache(maxsize=1)
def restorer() -> Any:
    try:
        from pipeline.restore import load_restorer

        return load_restorer()
    except Exception as exc:  # ImportError while the stage is being written, a missing model file, ...
        raise NotReady(f"restore: {_describe(exc)}") from exc


def restore_text(text: str) -> str:
    return restorer().restore(text).text


@lru_cache(maxsize=1)
def _parse_document() -> Any:
    try:
        from pipeline.parse import parse_document

        return parse_document
    except Exception as exc:
        raise NotReady(f"parse: {_describe(exc)}") from exc


def parse_supports(flag: str) -> bool:
    return flag in inspect.signature(_parse_document()).parameters


def parse(pages: list[str], **flags: Optional[bool]) -> Any:
    """``parse_document(pages)``; flags (``use_ruler=False``: the ablation) are passed only when given."""
    fn = _parse_document()
    flags = {k: v for k, v in flags.items() if v is not None}
    missing = [k for k in flags if not parse_supports(k)]
    if missing:
        raise NotReady(f"parse: parse_document has no {', '.join(missing)} flag")
    return fn(pages, **flags)


# ----------------------------------------------------------------------------------------------------------------
# Cached extraction


def _tree_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        stat = path.stat()
        digest.update(f"{path.relative_to(REPO)}\x00{stat.st_size}\x00".encode())
        if path.suffix == ".py" or stat.st_size < (1 << 20):
            digest.update(path.read_bytes())
        else:  # big model files: size and mtime are enough
            digest.update(str(stat.st_mtime_ns).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def pipeline_hash() -> str:
    files = [p for p in (REPO / "pipeline").rglob("*.py")]
    for name in ("restore", "digits", "names", "places", "dashes"):  # the models the pipeline loads at run time
        models = REPO / "pipeline" / "models" / name
        if models.is_dir():
            files += [p for p in models.rglob("*") if p.is_file()]
    return _tree_hash(files)[:16]


def _extract_worker(path: str, options_json: str) -> dict[str, Any]:
    """Run extract in a worker; returns {"record": json dict} or {"error": reason}, with the wall time."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from pipeline import Options, extract

    started = time.perf_counter()
    try:
        record = extract(path, Options.model_validate_json(options_json))
        return {"record": json.loads(record.model_dump_json()), "seconds": time.perf_counter() - started}
    except Exception as exc:
        error = _describe(exc)
    # a later stage is missing or failed: still report what OCR read, so the raw column can be scored
    try:
        from pipeline.extract import plan, read_pages

        options = Options.model_validate_json(options_json)
        raw = "\n".join(r.text for r in read_pages(plan(path, options), options))
        return {"error": error, "raw_text": raw, "seconds": time.perf_counter() - started}
    except Exception as exc:
        return {"error": f"{error}; OCR: {_describe(exc)}", "seconds": time.perf_counter() - started}


def extract_many_cached(paths: list[Path], jobs: int = 2, **options: Any) -> list[dict[str, Any]]:
    """Extract each file (``Options(jobs=1, **options)``; ``jobs`` documents at a time), reading the cache first."""
    from pipeline import Options

    opts = Options(jobs=1, **options)
    options_json = opts.model_dump_json()
    key_base = hashlib.sha256((pipeline_hash() + options_json).encode()).hexdigest()[:16]
    folder = CACHE / "extract"
    folder.mkdir(parents=True, exist_ok=True)
    results: list[Optional[dict[str, Any]]] = []
    todo: list[tuple[int, Path, Path]] = []
    for i, path in enumerate(paths):
        cache_file = folder / f"{sha256_file(path)[:20]}-{key_base}.json"
        if cache_file.is_file():
            results.append(json.loads(cache_file.read_text(encoding="utf-8")))
        else:
            results.append(None)
            todo.append((i, path, cache_file))
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            futures = [(i, cache_file, pool.submit(_extract_worker, str(path), options_json))
                       for i, path, cache_file in todo]
            for i, cache_file, future in futures:
                result = future.result()
                results[i] = result
                if "record" in result:  # errors are not cached: the next run tries again
                    cache_file.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return [r or {"error": "no result"} for r in results]


def page_texts(result: dict[str, Any]) -> tuple[str, Optional[str]]:
    """(raw text before restoration, final text or None) of an extract result, pages joined by newlines."""
    if "record" not in result:
        return result.get("raw_text", ""), None
    pages = result["record"].get("pages") or []
    raw = "\n".join(p.get("raw_text") or p.get("text") or "" for p in pages)
    final = "\n".join(p.get("text") or "" for p in pages)
    return raw, final
