"""Contract and claim numbers found by their labels (pipeline.understand.references)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.client_register import reference_key
from pipeline.errors import SetupError
from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter, cut_letter
from pipeline.understand.references import find_references, reference_variants


def letter(text: str, method: PageMethod = PageMethod.TEXT_LAYER) -> Letter:
    return cut_letter(Extracted(pages=(Page(1, text, method),)), "courrier")


def email(body: str, subject: str = "") -> Letter:
    headers = EmailHeaders(
        sender_name="Sophie Durand",
        sender_address="sophie.durand@example.fr",
        to=("reclamations@alteregoassurances.fr",),
        subject=subject,
        date="2026-11-20T09:00:00+01:00",
    )
    page = Page(1, body, PageMethod.EMAIL_BODY)
    return cut_letter(Extracted(pages=(page,), email=headers), "email")


def keys(numbers: tuple[str, ...]) -> set[str]:
    return {reference_key(n) for n in numbers}


LETTER = """Mme Sophie Durand
12 rue des Lilas
69003 Lyon

Alter Ego Assurances
12 avenue de la République
75011 Paris

Lyon, le 20 novembre 2026

Objet : contestation d'indemnisation
N° de contrat : AX-2023-004512
Sinistre n° SIN-24-00123

Madame, Monsieur,

Je conteste le refus de prise en charge du dégât des eaux du 3 octobre.

Veuillez agréer mes salutations distinguées.
Sophie Durand
"""


def test_reference_lines_give_contract_and_claim() -> None:
    refs = find_references(letter(LETTER))
    assert refs.contrats == ("AX-2023-004512",)
    assert refs.sinistres == ("SIN-24-00123",)


def test_number_with_inner_spaces_is_kept_whole_and_stops_before_words() -> None:
    refs = find_references(letter("Madame,\n\nmon contrat n° 45 871 236 P et je suis mécontent.\n"))
    assert refs.contrats == ("45 871 236 P",)


def test_labels_in_the_body_and_subject_of_an_email() -> None:
    body = (
        "Bonjour,\n\nAssuré sous la police d'assurance n° MRH/2021/118254, je vous écris au "
        "sujet du dossier n° S24 472 962 resté sans suite.\n\nCordialement,\nPaul Martin"
    )
    refs = find_references(email(body, subject="Réclamation – contrat GMFMRH46089204"))
    assert keys(refs.contrats) == {"MRH2021118254", "GMFMRH46089204"}
    assert keys(refs.sinistres) == {"S24472962"}


def test_various_contract_labels() -> None:
    text = (
        "Madame,\n\nContrat n° 1402382-26\nRéf. contrat : L15257420\nAdhésion n° PAC 71577301 51\n"
        "Référence client : 64 396 737 M\nNuméro de police : MT 2020 4638853\n"
    )
    refs = find_references(letter(text))
    assert keys(refs.contrats) == {
        "140238226", "L15257420", "PAC7157730151", "64396737M", "MT20204638853"
    }  # fmt: skip
    assert refs.sinistres == ()


def test_dossier_number_is_a_claim() -> None:
    refs = find_references(letter("Madame,\n\nDossier n° 19-4471045-M\nDossier sinistre : S20137688\n"))
    assert keys(refs.sinistres) == {"194471045M", "S20137688"}
    assert refs.contrats == ()


def test_ambiguous_vref_is_decided_by_shape_and_context() -> None:
    refs = find_references(letter("Madame,\n\nV/Réf. : SIN-23-20179\nVos références : GPA.29.391557\n"))
    assert keys(refs.sinistres) == {"SIN2320179"}
    assert keys(refs.contrats) == {"GPA29391557"}
    refs = find_references(letter("Madame,\n\nConcernant mon sinistre (réf. 2025-88412), rien.\n"))
    assert keys(refs.sinistres) == {"202588412"}


def test_sous_le_numero_follows_the_sentence() -> None:
    text = "Madame,\n\nMon contrat auto est souscrit auprès de MACIF, sous le numéro A8724847, hélas.\n"
    assert find_references(letter(text)).contrats == ("A8724847",)


def test_duplicates_are_removed_by_reference_key() -> None:
    text = "Objet : contrat AX-2023-004512\n\nMadame,\n\nMon contrat n° AX 2023 004512 est résilié.\n"
    assert keys(find_references(letter(text)).contrats) == {"AX2023004512"}


def test_dates_amounts_and_words_are_not_numbers() -> None:
    text = (
        "Madame,\n\nLe sinistre du 12/10/2026 a été refusé. Mon contrat d'assurance habitation "
        "coûte 1 197 €. Le dossier 2024 est clos. Sinistre n° 12 à voir.\n"
    )
    refs = find_references(letter(text))
    assert refs.contrats == () and refs.sinistres == ()


def test_number_on_the_line_after_its_label() -> None:
    text = "Madame,\n\nJ'écris au sujet de mon contrat n°\n2020-467502 chez Zephir.\n"
    assert find_references(letter(text)).contrats == ("2020-467502",)


def test_ocr_damaged_numbers_are_mended_in_digit_positions() -> None:
    text = "Madame.\n\nN° de contrat : AX-2O23-0O4512\nVIRéf. : S24 768 98O\nSinistre n° SIN-2l-O0l23\n"
    refs = find_references(letter(text, PageMethod.OCR))
    assert keys(refs.contrats) == {"AX2023004512"}
    assert keys(refs.sinistres) == {"S24768980", "SIN2100123"}


def test_two_numbers_under_one_label() -> None:
    refs = find_references(letter("Madame,\n\nContrats n° 45 871 236 P et 45 871 237 P.\n"))
    assert keys(refs.contrats) == {"45871236P", "45871237P"}


def test_reference_variants_cover_ocr_confusions() -> None:
    variants = reference_variants("AX-2O23-004S12")
    assert "AX2023004512" in variants
    assert "AX2O23004S12" in variants
    assert reference_variants("S24 472 962") >= {"S24472962", "524472962"}


def test_label_families_of_the_lexicon() -> None:
    text = (
        "Madame,\n\nRéférence de mon assurance automobile : GPA-8525-29615. J'écris au sujet de "
        "ma complémentaire santé n° 24.7282.6324 et je vous rappelle le dossier GR-SIN-428541 "
        "ouvert.\nV/Réf. : RCP/0684291\n"
    )
    refs = find_references(letter(text))
    assert keys(refs.contrats) == {"GPA852529615", "2472826324", "RCP0684291"}
    assert keys(refs.sinistres) == {"GRSIN428541"}


def test_ocr_dashes_and_lone_separators_inside_a_number() -> None:
    refs = find_references(letter("Madame,\n\nContrat n° AX — 2020 — 689185 et je suis déçu.\n"
                                  "N° adhésion : GN / 79 / 529260\n"))  # fmt: skip
    assert refs.contrats == ("AX-2020-689185", "GN/79/529260")


def test_number_wrapped_over_two_lines_of_prose_with_a_small_closing_letter() -> None:
    text = ("Madame,\n\nMon adhésion porte le numéro 51 740\n424 g. Je me permets de vous "
            "saisir du litige.\n")  # fmt: skip
    assert find_references(letter(text)).contrats == ("51 740 424 G",)


def test_number_at_the_end_of_a_reference_line_does_not_take_the_next_line() -> None:
    refs = find_references(letter("Madame,\n\nContrat n° 123456\n12 rue des Lilas\n"))
    assert refs.contrats == ("123456",)


def test_a_bad_label_family_stops_with_file_and_line(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "reference_labels.txt").write_text("# kind: table 2\ncontrats? | contrat\n"
                                                   "(police | contrat\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    lexicon._load.cache_clear()
    try:
        with pytest.raises(SetupError) as error:
            lexicon.pattern_mapping("reference_labels", str)
    finally:
        lexicon._load.cache_clear()
    assert f"{tmp_path / 'reference_labels.txt'}:3" in str(error.value)
    assert "valeur invalide" in str(error.value)


def test_an_amount_after_a_contract_noun_is_not_a_number() -> None:
    text = "Madame,\n\nMa responsabilité civile 12 000 euros ne couvre pas et mon contrat 150 000 €.\n"
    assert find_references(letter(text)).contrats == ()


def test_two_numbers_of_the_same_shape_around_a_slash_are_two() -> None:
    refs = find_references(letter("Madame,\n\nContrats n° 123456 / 789012 et "
                                  "AX-2023-004512 / AX-2023-004513.\n"))  # fmt: skip
    assert refs.contrats == ("123456", "789012", "AX-2023-004512", "AX-2023-004513")
