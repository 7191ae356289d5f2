"""Fixtures for the production-shape tests: real PostgreSQL, Redis, action server, two replicas.

These tests (tier `prod`) start several servers and install Debian packages when missing, so they
run only through `make test-prod` (which sets LOTSE_PROD_TESTS=1; `make test` ends with it); under
`make pytest` they are collected and skipped.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from scripts import prod_services
from tests.prod.cluster import Cluster
from tests.support.servers import MODEL

ENABLED = os.environ.get("LOTSE_PROD_TESTS") == "1"
# Tests that kill a replica run last: each kill costs a replica restart (~30-90 s) before the next test.
ORDER = ["test_replicas", "test_faults", "test_proxy", "test_failover"]


def pytest_collection_modifyitems(items):
    if not ENABLED:  # conftest hooks see every collected test; leave `make pytest`'s order alone
        return

    def rank(item) -> int:
        name = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        return ORDER.index(name) if name in ORDER else len(ORDER)
    items.sort(key=rank)  # stable: keeps the order inside a module


@pytest.fixture(scope="session", autouse=True)
def prod_only():
    if not ENABLED:
        pytest.skip("production-shape tests run with `make test-prod`")
    if not MODEL.exists():
        pytest.fail(f"{MODEL} missing: `make test-prod` trains it first")


@pytest.fixture(scope="session")
def services(prod_only):
    root = Path(tempfile.mkdtemp(prefix="lotse-prod-"))
    root.chmod(0o755)  # the postgres user must reach its data folder below
    started = time.monotonic()
    try:
        prod_services.ensure_installed(nginx=True)  # one apt-get run for all three, if any is missing
        running = prod_services.start_all(root / "services")
        print(f"\nPostgreSQL :{running.pg_port} and Redis :{running.redis_port} up in "
              f"{time.monotonic() - started:.1f} s")
        yield running
    finally:
        if (root / "services" / prod_services.STATE_FILE).exists():
            prod_services.stop_all(prod_services.Services.load(root / "services"))
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster(services):
    workdir = Path(services.root).parent / "servers"
    workdir.mkdir()
    started = time.monotonic()
    running = Cluster(workdir, services)
    try:
        running.start()
        print(f"Action server and replicas A, B up in {time.monotonic() - started:.1f} s")
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def healthy(request, prod_only):
    """Each test starts with every server up, whatever the previous test stopped or killed."""
    if "cluster" in request.fixturenames:
        request.getfixturevalue("cluster").heal()
    yield
