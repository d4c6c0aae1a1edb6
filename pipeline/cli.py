"""The ``extract`` command. It only builds Options, calls the library and maps exceptions to exit codes.

    extract FILE [-o out.json]          one document → JSON (stdout by default)
    extract DIR_OR_GLOB... -o OUTDIR    many documents → one JSON each plus records.jsonl (batch)
    extract schema                      the record's JSON Schema
    extract restore FILE                diacritic restoration / OCR correction of a text file alone

Exit codes: 0 ok, 1 the document failed, 2 usage error (3 in a batch where some documents failed).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

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


@main.command("run", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), help="output file (one input) or folder (batch)")
@click.option("--pages", "pages", help="pages to read, e.g. 1-3 or 1,4")
@click.option("--lang", default="vie", show_default=True, help="Tesseract language(s)")
@click.option("--dpi", default=300, show_default=True, type=int, help="rasterisation dpi for PDF pages (best: the scan's own resolution)")
@click.option("--no-restore", is_flag=True, help="skip diacritic restoration / OCR post-correction")
@click.option("--no-text-layer", is_flag=True, help="always OCR PDF pages, even with a usable text layer")
@click.option("-j", "--jobs", type=int, default=None, help="worker processes (default: number of cores)")
@click.option("--page-timeout", type=float, default=120.0, show_default=True, help="seconds per page before giving up")
@click.option("--max-pixels", type=int, default=None, help="refuse images with more pixels than this")
@click.option("--min-dpi", type=int, default=0, show_default=True,
              help="upscale an image scanned at a lower resolution to this before OCR, e.g. 300 (0: never)")
@click.option("--keep-rules", is_flag=True, help="OCR the page as rasterised: keep red stamps, ruled lines and box borders")
@click.option("--no-handwriting", is_flag=True, help="do not re-read handwritten number/day fields")
@click.option("--allow-other-languages", is_flag=True, help="do not fail documents that are not Vietnamese")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "edxml"]), default="json", show_default=True)
@click.option("--force", is_flag=True, help="batch: redo inputs whose output is up to date")
@click.option("--scheduler", default=None, help="batch: Dask scheduler address (tcp://host:8786) or 'local'")
@click.option("--dask", "use_dask", is_flag=True, help="batch: run on a local Dask cluster (same as --scheduler local)")
@click.option("--compact", is_flag=True, help="one-line JSON")
@click.option("-v", "--verbose", count=True, help="-v: stage timings on stderr; -vv: debug")
def run_command(inputs, output, pages, lang, dpi, no_restore, no_text_layer, jobs, page_timeout, max_pixels, min_dpi,
                keep_rules, no_handwriting, allow_other_languages, fmt, force, scheduler, use_dask, compact, verbose) -> None:
    """Extract a record from FILE, or from every document under DIR_OR_GLOB... into -o OUTDIR."""
    _setup_logging(verbose)
    try:
        settings = dict(
            lang=lang, dpi=dpi, restore=not no_restore, text_layer="never" if no_text_layer else "auto",
            page_timeout=page_timeout, require_vietnamese=not allow_other_languages, clean_rules=not keep_rules,
            handwriting=not no_handwriting, min_dpi=min_dpi,
        )
        if pages:
            settings["pages"] = parse_page_ranges(pages)
        if jobs is not None:
            settings["jobs"] = jobs
        if max_pixels is not None:
            settings["max_pixels"] = max_pixels
        try:
            options = Options(**settings)
        except ValueError as exc:
            first = exc.errors()[0] if hasattr(exc, "errors") else {"msg": str(exc), "loc": ()}
            raise UsageError(f"bad option {'.'.join(map(str, first.get('loc', ())))}: {first['msg']}") from None
        glob_chars = any(ch in inputs[0] for ch in "*?[")
        if len(inputs) == 1 and not Path(inputs[0]).is_dir() and not glob_chars:
            _run_single(inputs[0], output, options, fmt, compact)
        else:
            if not output:
                raise UsageError("a folder, a glob or several inputs need -o OUTDIR, the folder to write records to")
            from pipeline.batch import run_batch

            scheduler = scheduler or ("local" if use_dask else None)
            sys.exit(run_batch(list(inputs), Path(output), options, fmt=fmt, force=force, scheduler=scheduler))
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the one place exceptions become exit codes
        _fail(exc)


def _run_single(path: str, output: Optional[str], options: Options, fmt: str, compact: bool) -> None:
    from pipeline.extract import extract
    from pipeline.output import format_record, write_atomic

    record = extract(path, options)
    text = format_record(record, fmt, compact=compact)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text)


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


if __name__ == "__main__":
    main()
