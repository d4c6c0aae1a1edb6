"""Tests of `extract serve` (a package, so its conftest is not taken for the top-level one by name)."""
