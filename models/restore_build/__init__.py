"""Build-time helpers for the restore model (rendering, OCR, alignment, counting). Not imported at run time."""
