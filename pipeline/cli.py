"""The ``extract`` command. It only builds Options, calls the library and maps exceptions to exit codes.

    extract FILE [-o out.json]          one document → JSON (stdout by default)
    extract DIR_OR_GLOB... -o OUTDIR    many documents → one JSON each plus records.jsonl (batch)
    extract schema                      the record's JSON Schema
    extract restore FILE                diacritic restoration / OCR correction of a text file alone
    extract serve [--port 8000]         the HTTP service (docs/service.md)

Exit codes: 0 ok, 1 the document failed, 2 usage error (3 in a batch where some documents failed).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Literal, Optional

import click

from pipeline.errors import ExtractError, UsageError
from pipeline.options import Options, parse_page_ranges

log = logging.getLogger("pipeline")


class DefaultCommandGroup(click.Group):
    """A group whose first argument, when it is not a sub-command, is an input of the default command."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("extract", "[OPTIONS] FILE | DIR_OR_GLOB... | schema | restore FILE")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # a library's Python warnings (PIL on a damaged TIFF: "Corrupt EXIF data") are for -vv, not beside the one-line
    # error a user reads
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.WARNING if verbose >= 2 else logging.ERROR)


def _fail(exc: BaseException) -> None:
    """Print one line to stderr and exit with the exception's code."""
    if isinstance(exc, ExtractError):
        click.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"error: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (run with -vv for details)", err=True)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("traceback", exc_info=exc)
    sys.exit(1)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-doc-extract", prog_name="extract")
def main() -> None:
    """Turn scanned Vietnamese administrative documents (PDF, PNG, JPEG, TIFF, OCR text) into JSON records."""


def _option_decorators():
    """One click option per ``Options`` field, read from the field itself (flag, default, help): options are
    defined once, in pipeline/options.py. A ``--no-...``-style flag turns a default-on option off."""
    decorators = []
    for name, field in Options.model_fields.items():
        extra = field.json_schema_extra or {}
        flag = extra.get("cli")
        if not flag:
            continue
        names = flag.split("/")
        help_text = extra.get("cli_help", field.description or "")
        if field.annotation is bool or "off_value" in extra:
            decorators.append(click.option(*names, name, is_flag=True, default=False, help=help_text))
        elif getattr(field.annotation, "__origin__", None) is Literal:
            decorators.append(click.option(*names, name, type=click.Choice(field.annotation.__args__), default=None,
                                           help=help_text + f"  [default: {field.default}]"))
        elif extra.get("parse") == "page_ranges":
            decorators.append(click.option(*names, name, default=None, metavar="RANGES", help=help_text))
        else:
            value_type = {int: int, float: float, str: str}.get(field.annotation, str)
            default = None if field.default_factory is not None else field.default
            decorators.append(click.option(*names, name, type=value_type, default=None, show_default=False,
                                           help=help_text + (f"  [default: {default}]" if default not in (None, "") else "")))
    return decorators


def options_from_cli(values: dict) -> Options:
    """Options from the values click parsed for the fields' flags; a value not given keeps the field's default."""
    settings = {}
    for name, field in Options.model_fields.items():
        extra = field.json_schema_extra or {}
        if not extra.get("cli") or name not in values:
            continue
        value = values[name]
        if field.annotation is bool:
            if value:
                settings[name] = not field.default
        elif "off_value" in extra:
            if value:
                settings[name] = extra["off_value"]
        elif value is not None:
            settings[name] = parse_page_ranges(value) if extra.get("parse") == "page_ranges" else value
    try:
        return Options(**settings)
    except ValueError as exc:
        first = exc.errors()[0] if hasattr(exc, "errors") else {"msg": str(exc), "loc": ()}
        raise UsageError(f"bad option {'.'.join(map(str, first.get('loc', ())))}: {first['msg']}") from None


def _with_options(function):
    for decorator in reversed(_option_decorators()):
        function = decorator(function)
    return function


@main.command("run", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), help="output file (one input) or folder (batch)")
@_with_options
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "edxml", "sqlite", "ics"]), default=None,
              help="json (default), jsonl, csv, edxml, sqlite (a database: -o FILE.sqlite, or records.sqlite in a "
                   "batch's OUTDIR) or ics (a calendar of the deadlines; a batch writes calendar.ics). An -o ending "
                   "in .sqlite/.db or .ics picks sqlite or ics")
@click.option("--force", is_flag=True, help="batch: redo inputs whose output is up to date")
@click.option("--scheduler", default=None, help="batch: Dask scheduler address (tcp://host:8786) or 'local'")
@click.option("--dask", "use_dask", is_flag=True, help="batch: run on a local Dask cluster (same as --scheduler local)")
@click.option("--compact", is_flag=True, help="one-line JSON")
@click.option("--review", "review", type=click.Path(), default=None,
              help="also write a review page (HTML: each field boxed where it was read, the ones to check first): "
                   "PAGE.html for one input; a folder for a batch (a page per document and index.html)")
@click.option("-v", "--verbose", count=True, help="-v: stage timings on stderr; -vv: debug")
def run_command(inputs, output, fmt, force, scheduler, use_dask, compact, review, verbose, **option_values) -> None:
    """Extract a record from FILE, or from every document under DIR_OR_GLOB... into -o OUTDIR."""
    _setup_logging(verbose)
    try:
        options = options_from_cli(option_values)
        fmt = _format_for(fmt, output)
        glob_chars = any(ch in inputs[0] for ch in "*?[")
        if len(inputs) == 1 and not Path(inputs[0]).is_dir() and not glob_chars:
            _run_single(inputs[0], output, options, fmt, compact, review)
        else:
            if not output:
                raise UsageError("a folder, a glob or several inputs need -o OUTDIR, the folder to write records to")
            from pipeline.batch import run_batch

            outdir, target = _batch_paths(Path(output), fmt)
            scheduler = scheduler or ("local" if use_dask else None)
            sys.exit(run_batch(list(inputs), outdir, options, fmt=fmt, force=force, scheduler=scheduler, target=target,
                               review=Path(review) if review else None))
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the one place exceptions become exit codes
        _fail(exc)


DATABASE_SUFFIXES, CALENDAR_SUFFIXES = (".sqlite", ".sqlite3", ".db"), (".ics",)


def _format_for(fmt: Optional[str], output: Optional[str]) -> str:
    """--format as given, else from the -o suffix (.sqlite/.sqlite3/.db: sqlite, .ics: ics), else json."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower() if output else ""
    if suffix in DATABASE_SUFFIXES and not Path(output).is_dir():
        return "sqlite"
    if suffix in CALENDAR_SUFFIXES and not Path(output).is_dir():
        return "ics"
    return "json"


def _batch_paths(output: Path, fmt: str) -> tuple[Path, Optional[Path]]:
    """A batch's OUTDIR and its database/calendar file. ``-o tracker.sqlite`` (or ``deadlines.ics``): the file
    is that path and the per-document JSON records (which make reruns resumable) go to the folder beside it
    named without the suffix (``tracker/``); any other -o is OUTDIR (records.sqlite / calendar.ics inside)."""
    suffixes = DATABASE_SUFFIXES if fmt == "sqlite" else CALENDAR_SUFFIXES if fmt == "ics" else ()
    if output.suffix.lower() in suffixes and not output.is_dir():
        return output.with_suffix(""), output
    return output, None


def _run_single(path: str, output: Optional[str], options: Options, fmt: str, compact: bool,
                review: Optional[str] = None) -> None:
    from pipeline.extract import extract
    from pipeline.output import format_record, write_atomic

    if fmt == "sqlite" and not output:
        raise UsageError("--format sqlite needs -o FILE.sqlite, the database to write the record into")
    if review and Path(review).is_dir():
        raise UsageError(f"--review {review} is a folder; for one input give the page's file name, e.g. review.html")
    record = extract(path, options)
    if review:
        from pipeline.output.review_page import write_review_page

        write_review_page(record, review)
    if fmt == "sqlite":
        from pipeline.output.database import database_path, write_database

        write_database(database_path(output), [record])
        return
    if fmt == "ics":
        from pipeline.output.ical import calendar_ics

        text = calendar_ics([record])
    else:
        text = format_record(record, fmt, compact=compact)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=fmt != "ics")


@main.command("schema")
def schema_command() -> None:
    """Print the record's JSON Schema."""
    from pipeline.record import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command("restore")
@click.argument("file", type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="write the restored text here instead of stdout")
@click.option("--json", "as_json", is_flag=True, help="print every token with its confidence and alternatives")
def restore_command(file: str, output: Optional[str], as_json: bool) -> None:
    """Restore diacritics and correct OCR errors in a text FILE (stage `restore` alone).

    A Tesseract TSV or hOCR FILE is restored page by page with its words' confidences; the pages' texts are joined
    with form feeds, and --json gives each page's tokens under "pages"."""
    try:
        from pipeline.errors import InputError
        from pipeline.ingest.ocr_files import ocr_file_format, page_texts
        from pipeline.ingest.text import decode_text_bytes
        from pipeline.output import write_atomic
        from pipeline.restore import load_restorer
        from pipeline.text import normalize

        path = Path(file)
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a regular file", path=file)
        try:
            text, _ = decode_text_bytes(path.read_bytes())
        except ValueError as exc:
            raise InputError(str(exc), path=file) from None
        text = normalize(text)
        restorer = load_restorer()
        fmt = ocr_file_format(text)
        if fmt:
            items = page_texts(text, fmt, file)
            context = restorer.document_context(items)
            restored_pages = [restorer.restore(t, c, context) for t, c in items]
            joined = "\f".join(r.text for r in restored_pages)
            data = {"text": joined, "pages": [{"number": n, "text": r.text, "tokens": [_token_dict(t) for t in r.tokens]}
                                              for n, r in enumerate(restored_pages, start=1)]}
        else:
            restored = restorer.restore(text)
            joined = restored.text
            data = {"text": restored.text, "tokens": [_token_dict(t) for t in restored.tokens]}
        if as_json:
            payload = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            payload = joined
        if output:
            write_atomic(output, payload)
        else:
            click.echo(payload)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001
        _fail(exc)


def _token_dict(token) -> dict:
    return {
        "original": token.original, "text": token.text, "start": token.start, "end": token.end,
        "confidence": round(token.confidence, 4), "changed": token.changed,
        "alternatives": [[alt, round(score, 4)] for alt, score in token.alternatives],
    }


@main.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (0.0.0.0: every interface)")
@click.option("--port", default=8000, show_default=True, type=int, help="port to listen on")
@click.option("--data", default="extract-data", show_default=True, type=click.Path(file_okay=False),
              help="folder of the job store (SQLite), the uploaded files and the review pages")
@click.option("--token", envvar="EXTRACT_TOKEN", default=None,
              help="bearer token every route but /healthz and /readyz requires (or env EXTRACT_TOKEN)")
@click.option("--max-upload-mb", default=50.0, show_default=True, type=float, help="largest upload (413 past it)")
@click.option("--max-pages", default=100, show_default=True, type=int, help="most pages read of one document")
@click.option("--max-queue", default=500, show_default=True, type=int,
              help="queued and running jobs at most; past it uploads get 503 with Retry-After")
@click.option("--recycle-pages", default=200, show_default=True, type=int,
              help="replace a worker process after it has read this many pages (memory stays flat)")
@_with_options
@click.option("-v", "--verbose", count=True, help="-v: the service's log; -vv: every request")
def serve_command(host, port, data, token, max_upload_mb, max_pages, max_queue, recycle_pages, verbose,
                  **option_values) -> None:
    """Run the HTTP service: POST /v1/documents, GET /v1/documents/{id}[/review], /healthz, /readyz, /metrics
    (OpenAPI at /docs). See docs/service.md."""
    _setup_logging(verbose)
    try:
        options = options_from_cli(option_values)
        if max_upload_mb <= 0 or max_pages < 1 or max_queue < 1 or recycle_pages < 1:
            raise UsageError("--max-upload-mb, --max-pages, --max-queue and --recycle-pages must be positive")
        try:
            from pipeline.service.app import serve
            from pipeline.service.config import ServiceConfig
        except ImportError as exc:
            raise UsageError(f"the service needs its packages ({exc.name} is missing): pip install vn-doc-extract") from None
        config = ServiceConfig(data=Path(data), options=options, host=host, port=port, token=token or None,
                               max_upload_bytes=int(max_upload_mb * 1024 * 1024), max_pages=max_pages,
                               max_queue=max_queue, recycle_pages=recycle_pages)
        serve(config, log_level="debug" if verbose >= 2 else "info")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001
        _fail(exc)


if __name__ == "__main__":
    main()
