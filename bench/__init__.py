"""Benchmarks: one command (``python -m bench.run``) that scores text accuracy, field accuracy and speed.

Modules: ``metrics`` (scores), ``datasets`` (where the gold lives), ``devrender`` (the dev render set, cached),
``quality`` (text and field rows), ``speed`` (throughput rows), ``report`` (table, JSON, markdown), ``run`` (CLI).
"""
