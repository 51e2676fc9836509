"""Phones, emails and postal lines as French letters write them."""

from __future__ import annotations

import pytest

from pipeline.understand.contacts import (
    find_address_in_text,
    find_emails,
    find_phones,
    parse_postal_lines,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("Portable : 06.12.34.56.78", "+33612345678"),
        ("Tél. : 06-12-34-56-78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("Téléphone : 01 42 00 00 00", "+33142000000"),
    ],
)
def test_find_phones_normalises_french_writings_to_e164(text: str, expected: str) -> None:
    assert find_phones(text) == (expected,)


def test_find_phones_accepts_possible_fiction_range_numbers() -> None:
    assert find_phones("Portable : 06 39 98 91 00") == ("+33639989100",)


def test_find_phones_keeps_order_and_drops_repeats() -> None:
    text = "Tél : 01 42 00 00 00\nPortable : 07 01 54 63 90\nRappel : 01.42.00.00.00"
    assert find_phones(text) == ("+33142000000", "+33701546390")


def test_find_phones_ignores_contract_numbers() -> None:
    assert find_phones("Contrat n° 0612345678\nSinistre : SIN-24-00123") == ()


def test_find_emails_lower_cases_and_joins_ocr_split_addresses() -> None:
    text = "Courriel : Sophie.Durand@Example.fr\nMél : gael54@ wanadoo.example."
    assert find_emails(text) == ("sophie.durand@example.fr", "gael54@wanadoo.example")


def test_parse_postal_lines_reads_street_code_and_town() -> None:
    assert parse_postal_lines(["Mme Sophie DURAND", "12 rue des Lilas", "69003 Lyon"]) == (
        "12 rue des Lilas", "69003", "Lyon",
    )


def test_parse_postal_lines_keeps_town_as_written_with_cedex() -> None:
    assert parse_postal_lines(["BP 12", "75011 PARIS CEDEX 11"]) == ("BP 12", "75011", "PARIS CEDEX 11")


def test_parse_postal_lines_joins_two_street_lines() -> None:
    assert parse_postal_lines(["Bât. B", "3 allée des Pins", "60000 BEAUVAIS"]) == (
        "Bât. B\n3 allée des Pins", "60000", "BEAUVAIS",
    )


def test_parse_postal_lines_tolerates_ocr_noise_and_lost_leading_zero() -> None:
    assert parse_postal_lines(["166bis rue de Bagnolet", ". 43000 Le Puy-en-Velay"]) == (
        "166bis rue de Bagnolet", "43000", "Le Puy-en-Velay",
    )
    assert parse_postal_lines(["25 rue de la Convention", "1000 BOURG-EN-BRESSE"]) == (
        "25 rue de la Convention", "01000", "BOURG-EN-BRESSE",
    )


def test_parse_postal_lines_returns_none_without_postal_code() -> None:
    assert parse_postal_lines(["M. Jean Martin", "Tél : 06 12 34 56 78"]) is None


def test_find_address_in_text_reads_an_address_in_prose() -> None:
    text = "Ma cliente demeure Bâtiment A, appt 24, 38\nboulevard Voltaire, 50100 Cherbourg-en-Cotentin."
    assert find_address_in_text(text) == (
        "Bâtiment A, appt 24, 38 boulevard Voltaire", "50100", "Cherbourg-en-Cotentin",
    )


def test_parse_postal_lines_splits_a_letterhead_line_between_dashes() -> None:
    line = "74 rue du Docteur Roux — 35000 Rennes -— Portable : +33 7 32 39 38 01"
    assert parse_postal_lines(["M. Bruno Besnard", line]) == (
        "74 rue du Docteur Roux", "35000", "Rennes")
    assert parse_postal_lines(["‘120 ter place du Marché – 33800 Bordeaux"]) == (
        "120 ter place du Marché", "33800", "Bordeaux")
    assert parse_postal_lines(["3 rue de Saint-Étienne - 42000 Saint-Étienne"]) == (
        "3 rue de Saint-Étienne", "42000", "Saint-Étienne")


def test_a_reference_box_read_on_the_streets_line_is_not_the_street() -> None:
    lines = ["Monsieur Yannick Lacombe Vos références :",
             "99 chemin des Vignes N° adhésion : MCF 86 158299", "83000 TOULON"]
    assert parse_postal_lines(lines) == ("99 chemin des Vignes", "83000", "TOULON")
    assert parse_postal_lines(["12 rue de la Police", "69003 Lyon"]) == (
        "12 rue de la Police", "69003", "Lyon")


@pytest.mark.parametrize(("line", "phone"), [
    ("Tél. : +33 6 67 18 67 O4", "+33667186704"),   # OCR's O for 0 on a phone line
    ("Portable : O6 12 34 56 78", "+33612345678"),
    ("7 66 89 24 79", "+33766892479"),              # "Tél. : 0" lost by OCR
])
def test_ocr_damage_on_a_phone_line_is_mended(line: str, phone: str) -> None:
    assert find_phones(line) == (phone,)


def test_a_reference_number_is_not_mended_into_a_phone() -> None:
    assert find_phones("contrat n° 4 12 34 56 78") == ()
    assert find_phones("Police O6 12 34 56 78") == ()
