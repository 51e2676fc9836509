"""Golden files for complaint or not on people's own words: a price rise with a cancellation, a
question on a slow mediation, a first claim declaration, instalments, a reproach in passing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-complaint"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_the_writer_asks_is_weighed_against_what_they_reproach(records: dict[str, dict[str, Any]], name: str) -> None:
    golden.check(records[name], EXPECTED[name], name)
