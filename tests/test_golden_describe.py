"""Golden files for the description (issue 12, "Descriptions quote the wrong sentence"): our
own letters and emails in other layouts than the generators' (an association, a lawyer, a
daughter writing for her father, the Mediator writing to the cabinet, a letter opening with
« Suite à notre conversation téléphonique », an HTML email signed with an IBAN and no
closing formula, an email reply above a quoted message, a disclaimer, a phone's signature,
a scan whose lines OCR reads as paragraphs). The description quotes the sentence that
states the grievance, never an opening formula, a frame, a threat, a signature or a quote
of the cabinet's own message."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests import golden

RESOURCES = Path(__file__).parent / "resources" / "golden-describe"
EXPECTED = golden.expected(RESOURCES)
records = golden.records_fixture(RESOURCES)


def _quote(description: str) -> str | None:
    match = re.search(r"«\s*(.+?)\s*»", description)
    return match.group(1) if match else None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_description_quotes_the_grievance(records: dict[str, dict[str, Any]],
                                               name: str) -> None:
    record, want = records[name], EXPECTED[name]
    assert record["is_complaint"] is want["is_complaint"], name
    assert _quote(record["description"]) == want["quote"], name
    assert len(record["description"]) <= 250


def test_a_signature_with_a_bank_number_is_never_quoted(records: dict[str, dict[str, Any]]) -> None:
    description = records["signature-html.eml"]["description"]
    assert "IBAN" not in description and "FR76" not in description
    assert "06 12" not in description
