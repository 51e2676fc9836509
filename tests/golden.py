"""Golden files through the whole product: a folder of our own letters and emails beside an
`expected.json` ({file name: {record key: expected value}}; only the keys listed, and for a
dict value only its listed sub-keys, are compared).

    RESOURCES = Path(__file__).parent / "resources" / "golden-dates"
    EXPECTED = golden.expected(RESOURCES)
    records = golden.records_fixture(RESOURCES)   # module-scoped pytest fixture

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_golden(records, name):
        golden.check(records[name], EXPECTED[name], name)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_home

Records = dict[str, dict[str, Any]]


def expected(folder: Path) -> dict[str, dict[str, Any]]:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def run(folder: Path, home: Path, names: list[str]) -> Records:
    """Drop `names` from `folder` into a fresh home, run the product once, export."""
    make_home(home)
    for name in names:
        shutil.copyfile(folder / name, home / "inbox" / name)
    cli = [sys.executable, "-m", "pipeline.cli", "--home", str(home)]
    subprocess.run([*cli, "run", "--once"], check=True, capture_output=True, timeout=600)
    out = subprocess.run([*cli, "export"], check=True, capture_output=True, text=True).stdout
    return {r["source_file"]: r for r in map(json.loads, out.splitlines())}


def records_fixture(folder: Path) -> Callable[..., Records]:
    @pytest.fixture(scope="module")
    def records(tmp_path_factory: pytest.TempPathFactory) -> Records:
        return run(folder, tmp_path_factory.mktemp("golden") / "home", sorted(expected(folder)))
    return records


def check(record: dict[str, Any], want: dict[str, Any], name: str) -> None:
    for key, value in want.items():
        got = record[key]
        if isinstance(value, dict) and isinstance(got, dict):
            got = {k: got.get(k) for k in value}
        assert got == value, f"{name}: {key}"
