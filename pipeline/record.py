"""The output record: what a tracker receives for one document (pydantic v2).

``extract schema`` prints its JSON Schema. Bump ``SCHEMA_VERSION`` on any incompatible change.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_serializer

SCHEMA_VERSION = "1.3"  # 1.1: input_kind and page kinds may be "ocr-file" (a TSV or hOCR file read as input);
# 1.2: a top-level ``review`` (the paths to check) and calibrated evidence confidences for its fields; evidence
# read by OCR has its box on the page image, whose size (and dpi) the page gives; 1.3: a task's normalised
# ``owners``/``partners`` (kind, inherited_from), ``deliverable`` and ``report_to``, a deadline's ``scope`` and the
# plan-level ``period`` (fields added, none changed)

InputKind = Literal["pdf-scan", "pdf-text", "pdf-mixed", "image", "text", "ocr-file"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """Where a value came from: page and line (1-based) and the character span inside that line."""

    page: Optional[int] = None
    line: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    text: Optional[str] = None
    confidence: Optional[float] = Field(default=None, ge=0.0, le=1.0)
    box: Optional[tuple[int, int, int, int]] = Field(
        default=None, description="read by OCR: the words' box on the page image (x0, y0, x1, y1 in pixels of the "
        "image the page's image_width/image_height/dpi give)")


class OcrInfo(_Model):
    engine: str = "tesseract"
    engine_version: Optional[str] = None
    language: str = "vie"
    dpi: Optional[int] = None
    restored: bool = False


class SourceInfo(_Model):
    file: str
    sha256: str
    pages: int
    input_kind: InputKind
    page_kinds: list[str] = Field(default_factory=list, description="per page: ocr, ocr-file, text-layer or text")
    ocr: Optional[OcrInfo] = None
    mean_confidence: Optional[float] = Field(default=None, description="mean OCR word confidence, 0-1")
    options_key: Optional[str] = Field(default=None, description="hash of the options that shaped this record "
                                       "(language, dpi, pages, restoration, ...): a batch rerun with others redoes it")


class DocumentInfo(_Model):
    type: Optional[str] = Field(default=None, description="document type name, e.g. Kế hoạch (plan)")
    type_code: Optional[str] = Field(default=None, description="Decree-30 abbreviation, e.g. KH")
    number: Optional[str] = Field(default=None, description="the number part of the code, e.g. 58")
    symbol: Optional[str] = Field(default=None, description="the symbol part, e.g. KH-LHH")
    code: Optional[str] = Field(default=None, description="number/symbol, e.g. 58/KH-LHH")
    issuing_body: Optional[str] = Field(default=None, description="issuing body (cơ quan ban hành) as printed")
    issuing_body_normal: Optional[str] = Field(default=None, description="issuing body in normal capitalisation")
    parent_body: Optional[str] = Field(default=None, description="parent body (cơ quan chủ quản) as printed")
    parent_body_normal: Optional[str] = None
    place: Optional[str] = Field(default=None, description="place of issue (địa danh)")
    issue_date: Optional[dt.date] = None
    subject: Optional[str] = Field(default=None, description="trích yếu; a Công văn's V/v line")
    urgency: Optional[str] = Field(default=None, description="HỎA TỐC, THƯỢNG KHẨN, KHẨN")
    secrecy: Optional[str] = Field(default=None, description="MẬT, TỐI MẬT, TUYỆT MẬT, LƯU HÀNH NỘI BỘ")
    addressees: list[str] = Field(default_factory=list, description="Kính gửi (to) addressees")


class Signer(_Model):
    authority: Optional[str] = Field(default=None, description="authority lines joined with ' / ', e.g. TM. BAN THƯỜNG VỤ")
    authority_prefix: Optional[str] = Field(default=None, description="TM., KT., TL., TUQ. or Q.")
    authority_body: Optional[str] = None
    position: Optional[str] = None
    name: Optional[str] = None


class Citation(_Model):
    type: Optional[str] = None
    code: Optional[str] = None
    date: Optional[dt.date] = None
    issuer: Optional[str] = None
    text: str
    evidence: Optional[Evidence] = None


class Section(_Model):
    path: str = Field(description="outline path, e.g. II.1.3")
    label: str = Field(description="the label as printed, e.g. 1.3.")
    title: Optional[str] = None
    level: int = 0
    children: list["Section"] = Field(default_factory=list)
    evidence: Optional[Evidence] = None


class Quantity(_Model):
    value: float
    text: str
    unit: Optional[str] = None
    counted: Optional[str] = Field(default=None, description="what is counted, e.g. hội nghị")
    qualifier: Optional[str] = Field(default=None, description="ít nhất (at least), trên (over), ...")


class Deadline(_Model):
    text: str
    kind: Literal["date", "month", "quarter", "year", "term", "recurrence", "relative"]
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    rule: Optional[str] = Field(default=None, description="before, no later than, until, from, within, by, after; "
                                "a recurrence's RRULE (FREQ=MONTHLY;BYMONTHDAY=20); a relative one's P15D")
    scope: Optional[Literal["task", "plan"]] = Field(
        default=None, description="plan: the plan's own period (its title's or purpose's năm 2024, giai đoạn "
        "2024-2030), also where an item repeats it; task: set by the item that carries it")
    evidence: Optional[Evidence] = None


class Owner(_Model):
    """A responsible unit, group or person of a task, as printed and normalised against the gazetteer."""

    name: str = Field(description="normalised: abbreviations spelt out (Sở GD&ĐT → Sở Giáo dục và Đào tạo)")
    printed: str = Field(description="as printed in the document")
    kind: Literal["unit", "group", "person-role"] = Field(
        default="unit", description="group: several units named as one (UBND các huyện, thị xã, thành phố; các "
        "Sở, ban, ngành); person-role: a person by role (Phó Chủ tịch Thường trực UBND tỉnh)")
    inherited_from: Optional[Literal["lead", "issuer"]] = Field(
        default=None, description="not named by the item itself: lead (the heading or lead line above it, e.g. "
        "Sở Y tế chịu trách nhiệm: then bullets) or issuer (an item of a plan's content section)")


class Target(_Model):
    path: str
    label: Optional[str] = Field(default=None, description="the item's label as printed, e.g. (4) or 1.")
    kind: Literal["target", "honour"] = "target"
    text: str
    quantities: list[Quantity] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    evidence: Optional[Evidence] = None


class Task(_Model):
    path: str
    label: Optional[str] = Field(default=None, description="the item's label as printed, e.g. 1. or Điều 3.")
    text: str
    responsible: list[str] = Field(default_factory=list, description="responsible units as printed (the item's "
                                   "own, else its lead's)")
    collaborators: list[str] = Field(default_factory=list, description="phối hợp (collaborating) units as printed")
    owners: list[Owner] = Field(default_factory=list, description="the responsible units normalised, with the "
                                "issuer's default where a plan's content item names none")
    partners: list[Owner] = Field(default_factory=list, description="the collaborators normalised")
    inherited_from: Optional[Literal["lead", "issuer"]] = Field(
        default=None, description="where the owners come from when the item names none")
    deliverable: Optional[str] = Field(default=None, description="Sản phẩm (what is to be delivered)")
    report_to: list[str] = Field(default_factory=list, description="whom to report to, as printed: "
                                 "UBND tỉnh (qua Sở Nội vụ)")
    deadlines: list[Deadline] = Field(default_factory=list)
    evidence: Optional[Evidence] = None


class PageText(_Model):
    number: int
    kind: str = Field(description="ocr, ocr-file, text-layer or text")
    text: str
    raw_text: Optional[str] = Field(default=None, description="text before restoration, when it changed")
    mean_confidence: Optional[float] = None
    image_width: Optional[int] = Field(default=None, description="an OCR page: width of the page image in pixels")
    image_height: Optional[int] = Field(default=None, description="an OCR page: height of the page image in pixels")
    dpi: Optional[int] = Field(default=None, description="an OCR page: the image's resolution, when known")


class Parsed(_Model):
    """What the parse stage returns: every field read from the text. ``Record`` adds source and pages."""

    document: DocumentInfo = Field(default_factory=DocumentInfo)
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận (distribution list)")
    filing: Optional[str] = Field(default=None, description="the Lưu: (filed at) line")
    citations: list[Citation] = Field(default_factory=list)
    outline: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    period: Optional[Deadline] = Field(default=None, description="a plan's or programme's own period (the year or "
                                       "term of its title or purpose): the plan-level deadline, scope plan")
    evidence: dict[str, Evidence] = Field(default_factory=dict, description="field path → where it was read; for "
                                          "the review fields its confidence is the calibrated field confidence")
    review: list[str] = Field(default_factory=list, description="dotted paths of the fields a person should check "
                              "(document.code, signer.name, ...), each with a warning that starts with the path")
    warnings: list[str] = Field(default_factory=list)


class Record(Parsed):
    """One document's record: source facts, the parsed fields, and the text per page."""

    schema_version: str = SCHEMA_VERSION
    source: SourceInfo
    pages: list[PageText] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _source_first(self, handler):  # schema version and source lead the JSON, pages close it
        data = handler(self)
        head = {key: data.pop(key) for key in ("schema_version", "source") if key in data}
        pages = data.pop("pages", None)
        return {**head, **data, **({"pages": pages} if pages is not None else {})}

    @classmethod
    def build(cls, source: SourceInfo, parsed: Parsed, pages: list[PageText]) -> "Record":
        return cls(source=source, pages=pages, **dict(parsed))


def json_schema() -> dict:
    return Record.model_json_schema()
