"""Golden files for the claimant's name on mail we did not write (issue 9, "Names"): a
stamp over the head, a name only in a degraded scan's signature, OCR punctuation, a
compound family name, NOM Prénom, and a name that agrees with a client's only in part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-names"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_claimants_name_is_read_whole(records: dict[str, dict[str, Any]], name: str) -> None:
    golden.check(records[name], EXPECTED[name], name)


def test_a_name_agreeing_in_part_with_a_client_is_reviewed_not_linked(
    records: dict[str, dict[str, Any]],
) -> None:
    record = records["nom-proche-d-un-client.pdf"]
    assert record["client_id"] is None and record["match"] is None and record["needs_review"]
    assert "client à confirmer (nom proche)" in record["owner_reason"]
