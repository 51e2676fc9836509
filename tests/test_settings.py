"""config/cabinet.toml: the shipped file loads; every mistake names its key and line."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

from pipeline.errors import SetupError
from pipeline.settings import (
    HolidayCalendar,
    OrganisationType,
    RegisterColumn,
    Settings,
)
from pipeline.settings_load import load_settings

ROOT = Path(__file__).resolve().parents[1]

MINIMAL = textwrap.dedent(
    """\
    [cabinet]
    nom = "Alter Ego Assurances"
    emails = ["Reclamations@AlterEgoAssurances.fr"]
    adresse = "12 avenue de la République, 75011 Paris"

    [[collaborateurs]]
    id = "mlefevre"
    nom = "Marie Lefèvre"
    email = "m.lefevre@alteregoassurances.fr"
    responsable_reclamations = true

    [[collaborateurs]]
    id = "tnguyen"
    nom = "Thomas Nguyen"
    email = "t.nguyen@alteregoassurances.fr"

    [mediateur]
    nom = "La Médiation de l'Assurance"
    adresse = "TSA 50110, 75441 Paris Cedex 09"
    """
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cabinet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(SetupError) as caught:
        load_settings(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_shipped_config_loads() -> None:
    settings = load_settings(ROOT / "config" / "cabinet.toml")
    assert settings.cabinet.name == "Alter Ego Assurances"
    assert "reclamations@alteregoassurances.fr" in settings.cabinet.emails
    assert settings.process_owner.id == "mlefevre"
    assert 5 <= len(settings.collaborators) <= 6
    assert settings.mediator.address == "TSA 50110, 75441 Paris Cedex 09"
    names = {o.name: o for o in settings.organisations}
    assert names["MAAF Assurances"].type is OrganisationType.INSURER
    assert "Aviva" in names["Abeille Assurances"].aliases
    assert any(o.type is OrganisationType.INTERMEDIARY for o in settings.organisations)
    assert all(
        o.complaints_email is None or o.complaints_email.endswith(".example")
        for o in settings.organisations
    )
    assert settings.text_limits().max_file_bytes == 50 * 1024 * 1024


def test_minimal_config_takes_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL))
    assert settings.cabinet.emails == ("reclamations@alteregoassurances.fr",)
    assert settings.cabinet.domains == ("alteregoassurances.fr",)
    assert settings.cabinet.holidays is HolidayCalendar.METROPOLE
    assert settings.organisations == ()
    assert settings.register_columns == {}
    assert settings.processing.stability_delay_s == 5.0
    assert settings.processing.max_attempts == 3
    assert settings.collaborator("TNGUYEN") is not None
    assert settings.collaborator("nobody") is None


def test_settings_survive_pickling_for_worker_processes() -> None:
    settings = load_settings(ROOT / "config" / "cabinet.toml")
    again = pickle.loads(pickle.dumps(settings))
    assert isinstance(again, Settings)
    assert again == settings
    assert again.process_owner == settings.process_owner


def test_traitement_section_builds_text_limits(tmp_path: Path) -> None:
    text = MINIMAL + textwrap.dedent(
        """
        [traitement]
        delai_stabilite_s = 2.5
        travailleurs = 3
        taille_max_mo = 10
        pages_max = 20
        pixels_max_page = 1000000
        pieces_jointes_max = 5
        ocr_delai_max_s = 30
        ocr_dpi = 200
        """
    )
    settings = load_settings(write(tmp_path, text))
    assert settings.processing.stability_delay_s == 2.5
    assert settings.processing.worker_count() == 3
    limits = settings.text_limits()
    assert limits.max_file_bytes == 10 * 1024 * 1024
    assert (limits.max_pages, limits.max_page_pixels, limits.max_attachments) == (20, 1000000, 5)
    assert (limits.ocr_timeout_s, limits.ocr_dpi) == (30.0, 200)
    assert settings.processing.cluster is None  # local workers unless a cluster is named


def test_a_cluster_address_is_read(tmp_path: Path) -> None:
    text = MINIMAL + '\n[traitement]\ncluster = " tcp://reclam-sched.example:8786 "\n'
    assert load_settings(write(tmp_path, text)).processing.cluster == (
        "tcp://reclam-sched.example:8786")


def test_unknown_key_in_second_collaborator_names_key_and_line(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'email = "t.nguyen@alteregoassurances.fr"',
        'email = "t.nguyen@alteregoassurances.fr"\ncourriel = "x@y.fr"',
    )
    message = load_error(tmp_path, text)
    assert "courriel" in message
    assert f"ligne {line_of(text, 'courriel')} " in message
    assert "[[collaborateurs]] n° 2" in message


def test_unknown_section_names_it_and_its_line(tmp_path: Path) -> None:
    text = MINIMAL + "\n[options]\nverbeux = true\n"
    message = load_error(tmp_path, text)
    assert "« options »" in message
    assert f"ligne {line_of(text, '[options]')} " in message


def test_unknown_key_found_after_a_multiline_array(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "[mediateur]\n",
        '[mediateur]\nalias = [\n    "LMA",  # [not a table]\n    "Médiateur = x",\n]\nsiege = "Paris"\n',
    )
    message = load_error(tmp_path, text)
    assert "« siege »" in message
    assert f"ligne {line_of(text, 'siege')} " in message


def test_unknown_dotted_key_in_registre_names_its_line(tmp_path: Path) -> None:
    text = MINIMAL + '\n[registre]\ncolonnes.nom = "NOM_CLIENT"\ncolonnes.cp = "CP"\n'
    message = load_error(tmp_path, text)
    assert "« cp »" in message
    assert f"ligne {line_of(text, 'colonnes.cp')} " in message


def test_missing_key_names_key_and_its_section_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('email = "t.nguyen@alteregoassurances.fr"\n', "")
    message = load_error(tmp_path, text)
    assert "« email »" in message
    assert f"ligne {line_of(text, '[[collaborateurs]]', 2)} " in message


def test_missing_section_is_named(tmp_path: Path) -> None:
    text = MINIMAL[: MINIMAL.index("[mediateur]")]
    assert "[mediateur]" in load_error(tmp_path, text)


@pytest.mark.parametrize(
    ("addition", "key"),
    [
        ('travailleurs = "quatre"', "travailleurs"),
        ("travailleurs = true", "travailleurs"),
        ("delai_stabilite_s = [5]", "delai_stabilite_s"),
        ("ocr_dpi = 20", "ocr_dpi"),
        ("tentatives_max = 0", "tentatives_max"),
        ('cluster = "192.0.2.10:8786"', "cluster"),
        ('cluster = "http://192.0.2.10:8786"', "cluster"),
        ("cluster = 8786", "cluster"),
    ],
)
def test_wrong_type_or_value_names_key_and_line(tmp_path: Path, addition: str, key: str) -> None:
    text = MINIMAL + f"\n[traitement]\n{addition}\n"
    message = load_error(tmp_path, text)
    assert f"« {key} »" in message
    assert f"ligne {line_of(text, addition)} " in message


def test_text_where_a_list_is_expected_names_key_and_line(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'emails = ["Reclamations@AlterEgoAssurances.fr"]', 'emails = "reclamations@x.fr"'
    )
    message = load_error(tmp_path, text)
    assert "« emails »" in message and "liste" in message
    assert f"ligne {line_of(text, 'emails =')} " in message


def test_two_process_owners_name_the_second_and_the_first(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'email = "t.nguyen@alteregoassurances.fr"',
        'email = "t.nguyen@alteregoassurances.fr"\nresponsable_reclamations = true',
    )
    message = load_error(tmp_path, text)
    assert "responsable_reclamations" in message
    assert f"ligne {line_of(text, 'responsable_reclamations', 2)} " in message
    assert f"ligne {line_of(text, 'responsable_reclamations', 1)})" in message
    assert "mlefevre" in message


def test_no_process_owner_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL.replace("responsable_reclamations = true\n", "")
    message = load_error(tmp_path, text)
    assert "responsable_reclamations" in message
    assert f"ligne {line_of(text, '[[collaborateurs]]')} " in message


def test_duplicate_collaborator_id_names_both_lines(tmp_path: Path) -> None:
    text = MINIMAL.replace('id = "tnguyen"', 'id = "MLefevre"')
    message = load_error(tmp_path, text)
    assert "MLefevre" in message
    assert f"ligne {line_of(text, 'MLefevre')} " in message
    assert f"ligne {line_of(text, 'id = ')})" in message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('adresse = "12', 'jours_feries = "bretagne"\nadresse = "12', "jours_feries"),
        ("[mediateur]", '[[organismes]]\nnom = "X"\ntype = "banque"\n'
         'adresse_reclamations = "Y"\n\n[mediateur]', "type"),
    ],
)  # fmt: skip
def test_value_outside_its_vocabulary_names_key_and_line(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    text = MINIMAL.replace(old, new)
    message = load_error(tmp_path, text)
    assert f"« {key} »" in message
    assert f"ligne {line_of(text, key + ' = ')} " in message


def test_alsace_moselle_calendar_and_organisations_are_read(tmp_path: Path) -> None:
    text = MINIMAL.replace('adresse = "12', 'jours_feries = "alsace-moselle"\nadresse = "12')
    text += textwrap.dedent(
        """
        [[organismes]]
        nom = "MAAF Assurances"
        type = "assureur"
        alias = ["MAAF"]
        adresse_reclamations = "MAAF Assurances, Service Réclamations, 79036 Niort Cedex 9"
        email_reclamations = "Reclamations@maaf.example"
        """
    )
    settings = load_settings(write(tmp_path, text))
    assert settings.cabinet.holidays is HolidayCalendar.ALSACE_MOSELLE
    (maaf,) = settings.organisations
    assert maaf.type is OrganisationType.INSURER
    assert maaf.names == ("MAAF Assurances", "MAAF")
    assert maaf.complaints_email == "reclamations@maaf.example"


def test_register_column_mapping_is_read(tmp_path: Path) -> None:
    text = MINIMAL + '\n[registre.colonnes]\nnom = "NOM_CLIENT"\ncode_postal = "CP"\n'
    settings = load_settings(write(tmp_path, text))
    assert settings.header_for(RegisterColumn.NOM) == "NOM_CLIENT"
    assert settings.header_for(RegisterColumn.CODE_POSTAL) == "CP"
    assert settings.header_for(RegisterColumn.VILLE) == "ville"


def test_invalid_staff_email_names_key_and_line(tmp_path: Path) -> None:
    text = MINIMAL.replace("t.nguyen@alteregoassurances.fr", "t.nguyen")
    message = load_error(tmp_path, text)
    assert "« email »" in message
    line = line_of(text, '"t.nguyen"')
    assert f"ligne {line} " in message


def test_toml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    text = MINIMAL.replace('nom = "Thomas Nguyen"', "nom = Thomas Nguyen")
    message = load_error(tmp_path, text)
    assert "TOML" in message
    assert f"ligne {line_of(text, 'nom = Thomas')}" in message


def test_missing_file_is_a_setup_error(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="introuvable"):
        load_settings(tmp_path / "absent.toml")


def test_file_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.toml"
    path.write_bytes(MINIMAL.encode("utf-8-sig"))
    assert load_settings(path).process_owner.id == "mlefevre"
