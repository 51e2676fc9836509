"""Golden files for the sending date: stamps, town-less date lines, tails, UTC emails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-dates"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_letters_own_date_is_read(records: dict[str, dict[str, Any]], name: str) -> None:
    golden.check(records[name], EXPECTED[name], name)
