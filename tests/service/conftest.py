"""Fixtures of the service tests: a real server in a subprocess (tests/service/service_harness.py)."""

from __future__ import annotations

import pytest
from service_harness import TOKEN, Server



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server with a token, two workers and a small upload limit, for the API tests of a module."""
    data = tmp_path_factory.mktemp("service") / "data"
    with Server(data, "--max-upload-mb", "1.5", token=TOKEN) as running:
        yield running
