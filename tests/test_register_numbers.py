"""The client register as a gazetteer: OCR-normalised keys, look-ups, numbers found in a text."""

from __future__ import annotations

import pickle

import pytest

from pipeline.client_register import ClientRegister, Contract, RegisteredClaim, reference_key
from pipeline.matching.index import ClientIndex
from pipeline.matching.register_numbers import How, RegisterNumbers, number_key
from pipeline.record import Claimant, References
from tests.test_match import CLIENTS

CONTRACTS = [
    Contract("AX-2020-689185", "C000123", "AXA France"),
    Contract("21 609 182 R", "C000789", "Allianz France"),
    Contract("MCF 70 817539", "C000900", "MAAF"),
    Contract("RCP/0684291", "C000790", "Hiscox"),
    Contract("GN/79/529260", "C000801", "Generali France"),
    Contract("51 740 424 G", "C000802", "MMA"),
    Contract("24.7282.6324", "C000456", "Harmonie Mutuelle"),
]
CLAIMS = [
    RegisteredClaim("GR-SIN-428541", "C000900", "MCF 70 817539", "MAAF"),
    RegisteredClaim("S19 284 712", "C000123", "AX-2020-689185", "AXA France"),
]


@pytest.fixture(scope="module")
def gazetteer() -> RegisterNumbers:
    return RegisterNumbers.build(ClientRegister(
        clients={c.client_id: c for c in CLIENTS},
        contracts={reference_key(c.numero_contrat): c for c in CONTRACTS},
        claims={reference_key(c.numero_sinistre): c for c in CLAIMS},
    ))  # fmt: skip


@pytest.mark.parametrize(("written", "key"), [
    ("AX — 2020 — 689185", "AX2020689185"),  # OCR's em dashes, spaced
    ("GN / 79 / 529260", "GN79529260"),
    ("51 740\n424 g", "51740424G"),  # over a line break, a small closing letter
    ("SIN-2l-O0l23", "51N2100123"),  # O/0, l/1, S/5 read as digits
    ("rcp|0684291", "RCP0684291"),
    ("MCF 7O 8I7539", "MCF70817539"),
])  # fmt: skip
def test_number_key_ignores_separators_case_and_ocr_confusions(written: str, key: str) -> None:
    assert number_key(written) == key


@pytest.mark.parametrize(("written", "number", "how"), [
    ("AX-2020-689185", "AX-2020-689185", How.EXACT),
    ("ax 2020 689185", "AX-2020-689185", How.EXACT),
    ("AX-2O2O-6B9IB5", "AX-2020-689185", How.OCR),
    ("AX — 2020 — 689185", "AX-2020-689185", How.OCR),
    ("21 609 182", "21 609 182 R", How.LETTER),  # the closing letter dropped
    ("RCP/0684291 A", "RCP/0684291", How.LETTER),  # a letter added
    ("GR SIN 42854l", "GR-SIN-428541", How.OCR),
])  # fmt: skip
def test_lookup_finds_the_register_number(gazetteer: RegisterNumbers, written: str, number: str,
                                          how: How) -> None:  # fmt: skip
    hits = gazetteer.lookup(written)
    assert [(h.number, h.how) for h in hits] == [(number, how)]


def test_lookup_kind_comes_from_the_register(gazetteer: RegisterNumbers) -> None:
    (hit,) = gazetteer.lookup("GR-SIN-428541", claim_first=False)  # read after « contrat »
    assert hit.is_claim
    (hit,) = gazetteer.lookup("MCF 70 817539", claim_first=True)  # read after « dossier »
    assert not hit.is_claim


def test_lookup_of_an_unknown_number_finds_nothing(gazetteer: RegisterNumbers) -> None:
    assert gazetteer.lookup("AX-2020-689186") == []
    assert gazetteer.lookup("") == []


TEXT = """Mme Sophie Durand
Vos références : GN / 79 / 529260
Tél. : 06 12 34 56 78 - le 20/11/2026

Madame, Monsieur,
Je vous écris au sujet de ma police mcf 70 817539 et du dossier GR-SIN-428541.
Mon adhésion porte le numéro 51 740
424 g, et mon autre contrat AX — 2020 — 689185 aussi, ainsi que le 21 609 182.
"""


def test_scan_finds_register_numbers_written_anywhere(gazetteer: RegisterNumbers) -> None:
    found = {h.number: h.written for h in gazetteer.scan(TEXT)}
    assert found == {
        "GN/79/529260": "GN / 79 / 529260",
        "MCF 70 817539": "mcf 70 817539",
        "GR-SIN-428541": "GR-SIN-428541",
        "51 740 424 G": "51 740 424 g",
        "AX-2020-689185": "AX — 2020 — 689185",
        "21 609 182 R": "21 609 182",
    }


def test_scan_takes_digits_only_grouped_as_the_register_writes_them(gazetteer: RegisterNumbers) -> None:
    # the same digits as « 24.7282.6324 » and « 51 740 424 G », grouped otherwise
    assert gazetteer.scan("Appelez le 24 72 82 63 24 ou le 517 404 24.") == []
    assert [h.number for h in gazetteer.scan("Réf. 24.7282.6324.")] == ["24.7282.6324"]


def test_index_links_by_a_number_found_in_the_text_only() -> None:
    register = ClientRegister(
        clients={c.client_id: c for c in CLIENTS},
        contracts={reference_key(c.numero_contrat): c for c in CONTRACTS},
        claims={reference_key(c.numero_sinistre): c for c in CLAIMS},
    )
    index = pickle.loads(pickle.dumps(ClientIndex.build(register)))  # shared with workers
    link = index.link(Claimant(nom="Moreau"), References(contrats=("51 740",)),
                      "Mon adhésion porte le numéro 51 740\n424 g. Je conteste.")
    assert link.match is not None and link.match.client_id == "C000802"
    assert link.references == References(contrats=("51 740 424 G",))
    assert link.unknown_references == ()  # « 51 740 » was the number cut short
    assert "trouvé dans le texte : « 51 740 424 g »" in link.reason


def test_a_label_read_number_run_on_is_replaced_by_the_registers() -> None:
    register = ClientRegister(
        clients={c.client_id: c for c in CLIENTS},
        contracts={reference_key(c.numero_contrat): c for c in CONTRACTS},
        claims={},
    )
    index = ClientIndex.build(register)
    link = index.link(None, References(contrats=("AX-2020-689185 12",)),
                      "Objet : réclamation sur mon contrat n° AX-2020-689185\n12 rue des Lilas")
    assert link.references == References(contrats=("AX-2020-689185",))
    assert link.unknown_references == ()
