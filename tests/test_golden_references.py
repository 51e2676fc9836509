"""Golden files for references: labels beyond « contrat n° », OCR's dashes, a number over two
lines, a dropped closing letter, an insurer's format written without a label. Each number is
the shipped register's, and the letter goes to its client's manager (not the process owner)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-references"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_reference_finds_the_registers_client(records: dict[str, dict[str, Any]],
                                                  name: str) -> None:  # fmt: skip
    golden.check(records[name], EXPECTED[name], name)
