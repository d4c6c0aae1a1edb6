"""The edXML message header (thông điệp dữ liệu điện tử, QCVN 102:2016/BTTTT) that e-office systems import:
Code (số, ký hiệu), PromulgationInfo (place and date of issue), DocumentType, Subject (trích yếu), SignerInfo,
DueDate, ToPlaces (nơi nhận), OtherInfo (priority, page count). Built with xml.etree; empty fields are left out.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Optional

from pipeline.record import Record

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


# Priority (độ khẩn): 0 normal (thường), 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 immediate (hỏa tốc).
_PRIORITY = {"KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3}


# Field length limits from the standard (characters).
_LIMITS = {"CodeNumber": 11, "CodeNotation": 30, "OrganName": 200, "Subject": 500, "Position": 100, "FullName": 50,
           "Competence": 100, "Place": 200}


def _q(tag: str) -> str:
    return f"{{{EDXML_NS}}}{tag}"


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    if value is not None and value != "":
        text = " ".join(str(value).split())
        limit = _LIMITS.get(tag)
        element.text = text[:limit] if limit else text
    return element


def _edxml_date(value: Optional[dt.date]) -> Optional[str]:
    return value.strftime("%Y/%m/%d") if value else None


def _due_date(record: Record) -> Optional[dt.date]:
    """The earliest dated deadline of the document, if any (DueDate: by when the document must be handled)."""
    dates = [d.end or d.start for d in record.deadlines if (d.end or d.start)]
    return min(dates) if dates else None


def _priority(record: Record) -> int:
    urgency = (record.document.urgency or "").upper()
    return max((level for name, level in _PRIORITY.items() if name in urgency), default=0)


def _code_number(record: Record) -> Optional[str]:
    number = record.document.number
    if number:
        return number
    code = record.document.code or ""
    return code.split("/", 1)[0] if "/" in code else None


def _code_notation(record: Record) -> Optional[str]:
    doc = record.document
    if doc.symbol:
        return doc.symbol
    return doc.code.split("/", 1)[1] if doc.code and "/" in doc.code else None


def edxml_tree(record: Record) -> ET.ElementTree:
    doc, signer = record.document, record.signer
    ET.register_namespace("edXML", EDXML_NS)
    envelope = ET.Element(_q("edXMLEnvelope"))
    header = _add(envelope, "edXMLHeader")
    message = _add(header, "MessageHeader")
    sender = _add(message, "From")
    _add(sender, "OrganName", doc.issuing_body_normal or doc.issuing_body)
    code = _add(message, "Code")
    _add(code, "CodeNumber", _code_number(record))
    _add(code, "CodeNotation", _code_notation(record))
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", doc.place)
    _add(promulgation, "PromulgationDate", _edxml_date(doc.issue_date))
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "TypeName", doc.type)
    _add(message, "Subject", doc.subject)
    signer_info = _add(message, "SignerInfo")
    _add(signer_info, "Competence", signer.authority)
    _add(signer_info, "Position", signer.position)
    _add(signer_info, "FullName", signer.name)
    due = _due_date(record)
    if due:
        _add(message, "DueDate", _edxml_date(due))
    places = [p for p in (doc.addressees or record.recipients) if p]
    if places:
        to_places = _add(message, "ToPlaces")
        for place in places:
            _add(to_places, "Place", place)
    other = _add(message, "OtherInfo")
    _add(other, "Priority", _priority(record))
    _add(other, "PageAmount", record.source.pages)
    ET.indent(envelope, space="  ")
    return ET.ElementTree(envelope)


def edxml(record: Record) -> str:
    """The record's edXML message header as an XML document (UTF-8 declaration, namespace prefix ``edXML``)."""
    body = ET.tostring(edxml_tree(record).getroot(), encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
