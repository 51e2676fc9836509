"""Golden tests on real files: each hard case of reading, through the whole product."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_home

RESOURCES = Path(__file__).parent / "resources" / "understand"
EXPECTED: dict[str, dict[str, Any]] = json.loads((RESOURCES / "expected.json").read_text())


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    home = make_home(tmp_path_factory.mktemp("golden") / "home")
    for name in EXPECTED:
        shutil.copyfile(RESOURCES / name, home / "inbox" / name)
    cli = [sys.executable, "-m", "pipeline.cli", "--home", str(home)]
    subprocess.run([*cli, "run", "--once"], check=True, capture_output=True, timeout=600)
    out = subprocess.run([*cli, "export"], check=True, capture_output=True, text=True).stdout
    return {r["source_file"]: r for r in map(json.loads, out.splitlines())}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hard_case_is_read_as_expected(records: dict[str, dict[str, Any]], name: str) -> None:
    record = records[name]
    for key, want in EXPECTED[name].items():
        got = record[key]
        if isinstance(want, dict) and isinstance(got, dict):
            got = {k: got.get(k) for k in want}
        assert got == want, f"{name}: {key}"
    assert record["evidence"] if record["is_complaint"] else True
    assert record["description"] and len(record["description"]) <= 300
