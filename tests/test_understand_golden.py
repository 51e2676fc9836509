"""Golden tests on real files: each hard case of reading, through the whole product."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "understand"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hard_case_is_read_as_expected(records: dict[str, dict[str, Any]], name: str) -> None:
    record = records[name]
    golden.check(record, EXPECTED[name], name)
    assert record["evidence"] if record["is_complaint"] else True
    assert record["description"] and len(record["description"]) <= 300
