"""Linking an item to the client register: references, e-mail, phone, names, ambiguity."""

from __future__ import annotations

import pickle

import pytest

from pipeline.client_register import (
    Civilite,
    Claim,
    Client,
    ClientRegister,
    ClientStatus,
    Contract,
    reference_key,
)
from pipeline.match import ClientIndex, Link, link_item
from pipeline.record import Channel, Claimant, Findings, Item, References, Source
from tools.bench_match import bench_link


def client(client_id: str, nom: str, prenom: str | None, code_postal: str = "69003",
           adresse: str = "12 rue des Lilas", **more: object) -> Client:  # fmt: skip
    return Client(client_id, ClientStatus.CLIENT, nom, prenom, adresse=adresse,
                  code_postal=code_postal, ville="Lyon", **more)  # type: ignore[arg-type]  # fmt: skip


CLIENTS = [
    client("C000123", "Durand", "Sophie", email="sophie.durand@example.fr",
           telephones=("+33612345678",), civilite=Civilite.MME),
    client("C000456", "Lefèvre-Hénaff", "Hélène", "45000", "3 rue de l'Église",
           email="famille.henaff@example.fr"),
    client("C000457", "Lefèvre-Hénaff", "Paul", "45000", "3 rue de l'Église",
           email="famille.henaff@example.fr"),
    client("C000789", "de La Fontaine", "Jean-Loïc", "75011", "8 place du Marché"),
    client("C000790", "N'Diaye", "Aminata", "93100", "40 avenue Jean Jaurès",
           telephones=("+33139900123",)),
    client("C000801", "Martin", "Sophie", "69003", "5 rue Pasteur"),
    client("C000802", "Martin", "Sophie", "69003", "27 boulevard Gambetta"),
    client("C000900", "Moreau", "Claire", "13008", "2 rue Paradis"),
]  # fmt: skip
CONTRACTS = [
    Contract("AX-2023-004512", "C000123", "AXA France", produit="MRH"),
    Contract("45 871 236 P", "C000789", "Allianz France", produit="Auto"),
    Contract("GN71577301", "C000900", "Generali France", produit="Auto"),
]
CLAIMS = [
    Claim("SIN-24-00123", "C000123", "AX-2023-004512", "AXA France", gestionnaire="tnguyen"),
    Claim("2024/SIN/876099", "C000900", "GN71577301", "Generali France"),
]


def make_register(clients: list[Client] = CLIENTS, contracts: list[Contract] = CONTRACTS,
                  claims: list[Claim] = CLAIMS) -> ClientRegister:  # fmt: skip
    return ClientRegister(
        clients={c.client_id: c for c in clients},
        contracts={reference_key(c.numero_contrat): c for c in contracts},
        claims={reference_key(c.numero_sinistre): c for c in claims},
    )


@pytest.fixture(scope="module")
def index() -> ClientIndex:
    return ClientIndex.build(make_register())


def linked(link: Link) -> tuple[str | None, str | None]:
    return (link.match.client_id, link.match.method) if link.match else (None, None)


# --- references --------------------------------------------------------------------------


def test_claim_number_links_its_client_claim_and_contract(index: ClientIndex) -> None:
    link = index.link(None, References(sinistres=("SIN-24-00123",)))
    assert linked(link) == ("C000123", "sinistre")
    assert link.match is not None and link.match.score == 1.0
    assert link.claim is not None and link.claim.numero_sinistre == "SIN-24-00123"
    assert link.contract is not None and link.contract.numero_contrat == "AX-2023-004512"
    assert link.reason == "sinistre SIN-24-00123 du registre"
    assert not link.ambiguous and not link.conflict


def test_contract_number_links_its_client(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Durand"), References(contrats=("AX-2023-004512",)))
    assert linked(link) == ("C000123", "contrat")
    assert link.contract is not None and link.contract.client_id == "C000123"
    assert link.claim is None
    assert link.reason == "contrat AX-2023-004512 du registre"


def test_reference_compared_without_spaces_dots_dashes_or_case(index: ClientIndex) -> None:
    link = index.link(None, References(contrats=("45871236p",)))
    assert linked(link) == ("C000789", "contrat")
    assert link.match is not None and link.match.score == 1.0
    assert link.references.contrats == ("45 871 236 P",)


def test_ocr_damaged_contract_number_is_found_and_rewritten(index: ClientIndex) -> None:
    link = index.link(None, References(contrats=("AX-2O23-OO4512",)))
    assert linked(link) == ("C000123", "contrat")
    assert link.match is not None and link.match.score == pytest.approx(0.95)
    assert link.references == References(contrats=("AX-2023-004512",))
    assert "lu « AX-2O23-OO4512 »" in link.reason
    assert link.unknown_references == ()


def test_ocr_damaged_claim_number_is_found_and_rewritten(index: ClientIndex) -> None:
    link = index.link(None, References(sinistres=("SIN-24-0O123",)))
    assert linked(link) == ("C000123", "sinistre")
    assert link.references.sinistres == ("SIN-24-00123",)
    assert link.claim is not None and link.claim.numero_sinistre == "SIN-24-00123"


def test_ocr_reads_letters_for_digits_both_ways(index: ClientIndex) -> None:
    # I for 1, S for 5, B for 8, l for 1: all the usual confusions at once
    link = index.link(None, References(contrats=("GN7IS773Ol",)))
    assert linked(link) == ("C000900", "contrat")


def test_number_read_as_a_contract_that_is_a_claim_goes_to_claims(index: ClientIndex) -> None:
    link = index.link(None, References(contrats=("2024/SIN/876099",)))
    assert linked(link) == ("C000900", "sinistre")
    assert link.references == References(contrats=(), sinistres=("2024/SIN/876099",))


def test_number_absent_from_register_is_listed_as_unknown(index: ClientIndex) -> None:
    link = index.link(None, References(contrats=("ZZ-9999-000001", "AX-2023-004512")))
    assert linked(link) == ("C000123", "contrat")
    assert link.unknown_references == ("ZZ-9999-000001",)
    assert link.references.contrats == ("ZZ-9999-000001", "AX-2023-004512")
    assert "absent du registre : ZZ-9999-000001" in link.reason


# --- e-mail and phone --------------------------------------------------------------------


def test_email_links_its_client_whatever_the_case(index: ClientIndex) -> None:
    link = index.link(Claimant(email="Sophie.Durand@Example.fr"), References())
    assert linked(link) == ("C000123", "email")
    assert link.match is not None and link.match.score == pytest.approx(0.95)
    assert link.reason == "e-mail du client"


def test_shared_email_is_told_apart_by_the_first_name(index: ClientIndex) -> None:
    claimant = Claimant(nom="Lefevre-Henaff", prenom="Paul", email="famille.henaff@example.fr")
    link = index.link(claimant, References())
    assert linked(link) == ("C000457", "email")
    assert "départagé par le nom" in link.reason


def test_shared_email_without_a_name_is_ambiguous(index: ClientIndex) -> None:
    link = index.link(Claimant(email="famille.henaff@example.fr"), References())
    assert link.match is None and link.ambiguous
    assert link.reason == "deux clients possibles : C000456 et C000457"
    assert {c for c, _ in link.candidates} == {"C000456", "C000457"}


@pytest.mark.parametrize("written", ["+33612345678", "06 12 34 56 78", "0612345678"])
def test_phone_links_its_client_in_any_french_writing(index: ClientIndex, written: str) -> None:
    link = index.link(Claimant(telephones=(written,)), References())
    assert linked(link) == ("C000123", "telephone")
    assert link.match is not None and link.match.score == pytest.approx(0.9)


# --- names -------------------------------------------------------------------------------


def test_name_and_postal_code_link_the_client(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Moreau", prenom="Claire", code_postal="13008"), References())
    assert linked(link) == ("C000900", "nom+code_postal")
    assert link.match is not None and 0.7 <= link.match.score <= 0.85


def test_name_postal_code_and_street_link_by_address(index: ClientIndex) -> None:
    claimant = Claimant(nom="Moreau", prenom="Claire", adresse="2, rue Paradis",
                        code_postal="13008")  # fmt: skip
    link = index.link(claimant, References())
    assert linked(link) == ("C000900", "nom+adresse")
    assert link.match is not None and link.match.score > 0.85


def test_names_compared_without_accents_case_or_hyphens(index: ClientIndex) -> None:
    claimant = Claimant(nom="LEFEVRE HENAFF", prenom="helene", code_postal="45000")
    assert linked(index.link(claimant, References())) == ("C000456", "nom+code_postal")


def test_particles_and_apostrophes_do_not_matter(index: ClientIndex) -> None:
    for nom, prenom, code, expected in [
        ("Delafontaine", "Jean Loïc", "75011", "C000789"),
        ("LA FONTAINE", "Jean-Loic", "75011", "C000789"),
        ("Ndiaye", "Aminata", "93100", "C000790"),
    ]:
        link = index.link(Claimant(nom=nom, prenom=prenom, code_postal=code), References())
        assert linked(link) == (expected, "nom+code_postal"), nom


def test_inverted_given_and_family_names_still_link(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Claire", prenom="MOREAU", code_postal="13008"), References())
    assert linked(link) == ("C000900", "nom+code_postal")


def test_ocr_error_in_the_name_still_links(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Durnad", prenom="Sophle", code_postal="69003"), References())
    assert linked(link) == ("C000123", "nom+code_postal")


def test_ocr_error_in_the_postal_code_is_mended(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Moreau", prenom="Claire", code_postal="13OO8"), References())
    assert linked(link) == ("C000900", "nom+code_postal")


def test_name_and_street_link_when_the_postal_code_is_wrong(index: ClientIndex) -> None:
    claimant = Claimant(nom="Durand", prenom="Sophie", adresse="12 rue des Lilas",
                        code_postal="69008")  # fmt: skip
    link = index.link(claimant, References())
    assert linked(link) == ("C000123", "nom+adresse")


def test_two_martin_sophie_in_69003_are_ambiguous(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="MARTIN", prenom="Sophie", code_postal="69003"), References())
    assert link.match is None
    assert link.ambiguous
    assert link.reason == "deux clients possibles : C000801 et C000802"
    assert [c for c, _ in link.candidates[:2]] == ["C000801", "C000802"]


def test_homonyms_told_apart_by_the_street(index: ClientIndex) -> None:
    claimant = Claimant(nom="Martin", prenom="Sophie", adresse="27 bd Gambetta",
                        code_postal="69003")  # fmt: skip
    link = index.link(claimant, References())
    assert linked(link) == ("C000802", "nom+adresse")


def test_homonym_in_another_postal_code_does_not_prevent_a_match() -> None:
    clients = [client("C1", "Petit", "Lucas", "69003"), client("C2", "Petit", "Lucas", "75011")]
    index = ClientIndex.build(make_register(clients, [], []))
    link = index.link(Claimant(nom="Petit", prenom="Lucas", code_postal="75011"), References())
    assert linked(link) == ("C2", "nom+code_postal")


def test_other_first_name_in_same_postal_code_is_not_a_match(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Moreau", prenom="Bernard", code_postal="13008"), References())
    assert link.match is None


def test_name_without_postal_code_or_address_is_not_a_match(index: ClientIndex) -> None:
    link = index.link(Claimant(nom="Moreau", prenom="Claire"), References())
    assert link.match is None and not link.ambiguous


def test_name_agreeing_only_in_part_is_a_candidate_for_review_not_a_link() -> None:
    clients = [client("C1", "Le Roux", "Anne-Sophie", "69007", "4 rue Chevreul")]
    index = ClientIndex.build(make_register(clients, [], []))
    link = index.link(Claimant(nom="Roux", prenom="Sophie", code_postal="69007"), References())
    assert link.match is None and not link.ambiguous
    assert link.weak_name and [c for c, _ in link.candidates] == ["C1"]
    assert "prénom « Sophie » pour « Anne-Sophie »" in link.reason
    assert "nom « Roux » pour « Le Roux »" in link.reason
    assert "rattachement à confirmer" in link.reason


@pytest.mark.parametrize(
    ("nom", "prenom", "why"),
    [
        ("Roux", "Anne-Sophie", "nom « Roux » pour « Le Roux »"),  # particle left out
        ("Le Roux", "Sophie", "prénom « Sophie » pour « Anne-Sophie »"),  # part of a compound
        ("Le Roux", "A.", "prénom « A. » pour « Anne-Sophie »"),  # an initial
        ("Le Roux", None, "sans prénom dans le courrier"),  # surname only
    ],
)
def test_each_partial_agreement_is_weak(nom: str, prenom: str | None, why: str) -> None:
    clients = [client("C1", "Le Roux", "Anne-Sophie", "69007", "4 rue Chevreul")]
    index = ClientIndex.build(make_register(clients, [], []))
    link = index.link(Claimant(nom=nom, prenom=prenom, code_postal="69007"), References())
    assert link.match is None and link.weak_name, (nom, prenom)
    assert why in link.reason


def test_compound_family_name_written_in_part_is_weak() -> None:
    clients = [client("C1", "Rocher-Perrin", "Valérie", "35000", "9 rue de Brest")]
    index = ClientIndex.build(make_register(clients, [], []))
    link = index.link(Claimant(nom="Rocher", prenom="Valérie", code_postal="35000"), References())
    assert link.match is None and link.weak_name
    whole = index.link(Claimant(nom="ROCHER PERRIN", prenom="Valerie", code_postal="35000"),
                       References())  # fmt: skip
    assert linked(whole) == ("C1", "nom+code_postal")


def test_ocr_error_in_a_particle_still_links() -> None:
    clients = [client("C1", "Le Goff", "François", "33120"),
               client("C2", "Van den Berghe", "David", "91000")]  # fmt: skip
    index = ClientIndex.build(make_register(clients, [], []))
    for nom, prenom, code, expected in [("Lc Goff", "François", "33120", "C1"),
                                        ("VAN DCN BERGHE", "David", "91000", "C2")]:  # fmt: skip
        link = index.link(Claimant(nom=nom, prenom=prenom, code_postal=code), References())
        assert linked(link) == (expected, "nom+code_postal"), nom


def test_whole_name_wins_over_a_client_it_agrees_with_in_part() -> None:
    clients = [client("C1", "Le Roux", "Anne-Sophie", "69007", "4 rue Chevreul"),
               client("C2", "Roux", "Sophie", "69007", "30 rue de Marseille")]  # fmt: skip
    index = ClientIndex.build(make_register(clients, [], []))
    link = index.link(Claimant(nom="Roux", prenom="Sophie", code_postal="69007"), References())
    assert linked(link) == ("C2", "nom+code_postal") and not link.weak_name


def test_weak_name_beside_a_stronger_signal_changes_nothing(index: ClientIndex) -> None:
    claimant = Claimant(nom="Durand", email="sophie.durand@example.fr", code_postal="69003")
    link = index.link(claimant, References())
    assert linked(link) == ("C000123", "email") and not link.weak_name


def test_weak_name_match_carries_its_candidates_to_the_record() -> None:
    clients = [client("C1", "Le Roux", "Anne-Sophie", "69007", "4 rue Chevreul")]
    index = ClientIndex.build(make_register(clients, [], []))
    source = Source("REC-2026-000001", "x.pdf", "", "2026-11-20T10:00:00+01:00",
                    "2026-11-20T10:00:00+01:00", Channel.LETTER, 1)  # fmt: skip
    findings = Findings(claimant=Claimant(nom="Roux", prenom="Sophie", code_postal="69007"))
    match = link_item(Item(source, findings=findings), index).match
    assert match is not None and match.client_id is None and not match.ambiguous
    assert match.weak_name and match.candidates == ("C1",)


# --- strength, conflicts, nothing --------------------------------------------------------


def test_claim_number_outweighs_another_clients_email_and_says_so(index: ClientIndex) -> None:
    claimant = Claimant(email="famille.henaff@example.fr", nom="Durand", prenom="Sophie")
    link = index.link(claimant, References(sinistres=("SIN-24-00123",)))
    assert linked(link) == ("C000123", "sinistre")
    assert link.conflict
    assert link.reason.startswith("sinistre SIN-24-00123 du registre ; conflit : ")
    assert "l'e-mail désigne le client C000456 ou C000457" in link.reason


def test_claim_and_contract_of_different_clients_keep_the_claim(index: ClientIndex) -> None:
    refs = References(contrats=("GN71577301",), sinistres=("SIN-24-00123",))
    link = index.link(None, refs)
    assert linked(link) == ("C000123", "sinistre")
    assert link.conflict and "le contrat GN71577301 désigne le client C000900" in link.reason
    assert link.contract is not None and link.contract.numero_contrat == "AX-2023-004512"


def test_claim_of_a_client_other_than_the_named_one_is_a_conflict(index: ClientIndex) -> None:
    claimant = Claimant(nom="Durand", prenom="Sophie", code_postal="69003")
    link = index.link(claimant, References(sinistres=("2024/SIN/876099",)))
    assert linked(link) == ("C000900", "sinistre")
    assert link.conflict
    assert "conflit : le nom et le code postal désignent le client C000123" in link.reason


def test_contracts_of_two_clients_are_told_apart_by_the_email(index: ClientIndex) -> None:
    refs = References(contrats=("GN71577301", "AX-2023-004512"))
    link = index.link(Claimant(email="sophie.durand@example.fr"), refs)
    assert linked(link) == ("C000123", "contrat")
    assert "départagé par l'e-mail" in link.reason
    assert link.conflict


def test_contracts_of_two_clients_without_other_signal_are_ambiguous(index: ClientIndex) -> None:
    link = index.link(None, References(contrats=("GN71577301", "AX-2023-004512")))
    assert link.match is None and link.ambiguous
    assert link.contract is None


def test_reference_agreeing_with_the_name_has_no_conflict(index: ClientIndex) -> None:
    claimant = Claimant(nom="Durand", prenom="Sophie", code_postal="69003",
                        email="sophie.durand@example.fr")  # fmt: skip
    link = index.link(claimant, References(contrats=("AX-2023-004512",)))
    assert linked(link) == ("C000123", "contrat")
    assert not link.conflict and link.reason == "contrat AX-2023-004512 du registre"


def test_unknown_claimant_and_numbers_match_nothing(index: ClientIndex) -> None:
    claimant = Claimant(nom="Inconnu", prenom="Paul", code_postal="33000",
                        email="paul@example.fr", telephones=("+33699999999",))  # fmt: skip
    link = index.link(claimant, References(contrats=("XY-1234-5678",)))
    assert link.match is None and not link.ambiguous
    assert link.candidates == ()
    assert link.unknown_references == ("XY-1234-5678",)
    assert link.reason.startswith("aucun client du registre ne correspond")


def test_no_claimant_and_no_reference_match_nothing(index: ClientIndex) -> None:
    link = index.link(None, References())
    assert link.match is None and link.reason == "aucun client du registre ne correspond"


def test_index_survives_pickling(index: ClientIndex) -> None:
    copy = pickle.loads(pickle.dumps(index))
    claimant = Claimant(nom="Durnad", prenom="Sophie", code_postal="69003")
    assert copy.link(claimant, References()) == index.link(claimant, References())


def test_bench_link_reports_times_and_finds_clients() -> None:
    figures = bench_link(clients=1_000, lookups=40)
    assert {"name_median_ms", "name_p95_ms", "reference_median_ms", "reference_p95_ms"} <= set(
        figures
    )
    assert figures["reference_found"] == 1.0
    assert figures["text_found"] == 1.0  # the gazetteer finds a number written without a label
    assert figures["name_found"] >= 0.9
    assert figures["names_line_found"] >= 0.95  # homonyms in a postal code give no name
