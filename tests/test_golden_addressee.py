"""Golden files for the addressee: organisations read with OCR slips, misdirected mail (a contract
held directly, a local agent), a subject line that is no organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-addressee"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_item_is_for_whom_it_says(records: dict[str, dict[str, Any]], name: str) -> None:
    golden.check(records[name], EXPECTED[name], name)
