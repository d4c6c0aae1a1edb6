"""OCR stage: one page image → an ``OcrPage`` (words with boxes and confidences, lines in reading order).

- ``engine``: the engine protocol and the Tesseract engine(s) behind it;
- ``raster``: a page's pixels (PDF page rasterised, image frame);
- ``cleanup``: red stamps dropped, ruled lines and box borders removed before OCR;
- ``layout``: Tesseract's word table → lines in reading order (two-column header and signature zones);
- ``handwriting``: the handwritten number and day re-read by a digit classifier;
- ``signature``: the signature block re-read when a seal hid the signer's name;
- ``page``: the recipe for one page, composing the above.
"""

from pipeline.ocr.engine import (
    CommandLineEngine,
    InProcessEngine,
    OcrEngine,
    make_engine,
)
from pipeline.ocr.page import recognise_page

__all__ = ["CommandLineEngine", "InProcessEngine", "OcrEngine", "make_engine", "recognise_page"]
