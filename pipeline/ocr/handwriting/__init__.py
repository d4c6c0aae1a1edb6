"""Handwritten number and day fields: ``fields`` locates and rewrites them on the OCR page, ``digits`` reads the ink."""
