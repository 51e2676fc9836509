"""Who complains and who writes for them, read from hand-written French letters and emails."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.client_register import Client, ClientStatus
from pipeline.record import Statut
from pipeline.settings import Settings
from pipeline.settings_load import load_settings
from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.understand.letter import FORWARDED, Letter, cut_letter
from pipeline.understand.names import (
    gender_from_first_name,
    natural_case,
    parse_name,
    without_stamp,
)
from pipeline.understand.nlp import LazyNlp, load_nlp
from pipeline.understand.parties import read_parties
from pipeline.understand.register_names import RegisterNames

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp() -> LazyNlp:
    return load_nlp()


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(REPO / "config" / "cabinet.toml")


def letter(text: str) -> Letter:
    page = Page(number=1, text=text, method=PageMethod.TEXT_LAYER)
    return cut_letter(Extracted(pages=(page,)), "courrier")


def email(text: str, sender: EmailHeaders, forwarded_by: EmailHeaders | None = None) -> Letter:
    if forwarded_by is None:
        pages: tuple[Page, ...] = (Page(number=1, text=text, method=PageMethod.EMAIL_BODY),)
        return cut_letter(Extracted(pages=pages, email=sender), "email")
    pages = (
        Page(number=1, text="Pour traitement, merci.", method=PageMethod.EMAIL_BODY),
        Page(number=1, text=text, method=PageMethod.EMAIL_BODY, part=FORWARDED),
    )
    return cut_letter(Extracted(pages=pages, email=forwarded_by, forwarded=sender), "email")


CLIENT_LETTER = """Mme Nicole BEN YOUSSEF
166bis rue de Bagnolet
43000 Le Puy-en-Velay
Téléphone : 06 39 98 57 82
Courriel : Nicole.BenYoussef@example.fr

Alter Ego Assurances
Service Réclamations
12 avenue de la République
75011 Paris

Le Puy-en-Velay, le 19 novembre 2026

Objet : refus d'indemnisation – contrat n° AX-2023-004512

Madame, Monsieur,

Je suis cliente de votre cabinet depuis six ans. AXA France refuse de prendre en charge
le dégât des eaux du 3 octobre. Je vous demande d'intervenir auprès de l'assureur.

Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

Nicole Ben Youssef
"""


def test_claimant_is_the_sender_block_with_family_name_in_natural_case(
    nlp: LazyNlp, settings: Settings
) -> None:
    claimant, representative = read_parties(letter(CLIENT_LETTER), nlp, settings)
    assert representative is None
    assert claimant is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == ("Mme", "Nicole", "Ben Youssef")
    assert (claimant.adresse, claimant.code_postal, claimant.ville) == (
        "166bis rue de Bagnolet", "43000", "Le Puy-en-Velay",
    )
    assert claimant.telephones == ("+33639985782",)
    assert claimant.email == "nicole.benyoussef@example.fr"
    assert claimant.statut is Statut.CLIENT


def test_neither_the_cabinet_nor_the_insurer_nor_staff_is_the_claimant(
    nlp: LazyNlp, settings: Settings
) -> None:
    text = """M. RIVIÈRE Antoine
17 rue du Moulin
69003 Lyon
Tél : 03-31-36-84-61
Alter Ego Assurances
À l'attention de Karim Benali
12 avenue de la République
75011 Paris
Lyon, le 20/11/2026

Madame, Monsieur,

Vous avez placé mon contrat auprès de MAAF Assurances, qui refuse ma demande.
Votre collaboratrice Marie Lefèvre ne m'a jamais rappelé au 01 42 00 00 00.

Cordialement,
Antoine Rivière
"""
    claimant, _ = read_parties(letter(text), nlp, settings)
    assert claimant is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == ("M.", "Antoine", "Rivière")
    assert (claimant.code_postal, claimant.ville) == ("69003", "Lyon")
    assert claimant.telephones == ("+33331368461",)
    assert claimant.statut is Statut.CLIENT


def test_lawyer_writing_for_a_client_makes_the_client_the_claimant(
    nlp: LazyNlp, settings: Settings
) -> None:
    text = """Maître Hélène BRUNET
Avocate au barreau de Limoges
22 chemin de la Croix
87000 Limoges
Portable : 04 80 62 70 72

Alter Ego Assurances
12 avenue de la République
75011 Paris

Madame, Monsieur,

J'interviens au nom et pour le compte de ma cliente, Mme Manon JACQUET, qui m'a chargée
de la défense de ses intérêts. Ma cliente demeure 37 rue de la Gare, 75014 Paris.

Des cotisations continuent d'être prélevées alors que le contrat a été résilié.

Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

Hélène Brunet
"""
    claimant, representative = read_parties(letter(text), nlp, settings)
    assert claimant is not None and representative is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == ("Mme", "Manon", "Jacquet")
    assert (claimant.adresse, claimant.code_postal, claimant.ville) == (
        "37 rue de la Gare", "75014", "Paris",
    )
    assert claimant.statut is Statut.REPRESENTED
    assert claimant.telephones == () and claimant.email is None  # those are the lawyer's
    assert (representative.prenom, representative.nom, representative.qualite) == (
        "Hélène", "Brunet", "avocat",
    )


def test_daughter_writing_for_her_father_is_the_representative(
    nlp: LazyNlp, settings: Settings
) -> None:
    sender = EmailHeaders(sender_name="Anne Étienne", sender_address="anne.etienne@sfr.fr")
    body = """Bonjour,

Je vous écris au nom de mon père, M. Robert ÉTIENNE, hospitalisé, qui m'a demandé de
m'occuper de ses démarches. Son indemnisation ne tient aucun compte des justificatifs.

Cordialement,
Anne Étienne
Portable : 06 17 59 01 46
"""
    claimant, representative = read_parties(email(body, sender), nlp, settings)
    assert claimant is not None and representative is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == ("M.", "Robert", "Étienne")
    assert claimant.statut is Statut.REPRESENTED
    assert (representative.prenom, representative.nom, representative.qualite) == (
        "Anne", "Étienne", "fille",
    )


def test_curator_writing_for_a_protected_person(nlp: LazyNlp, settings: Settings) -> None:
    text = """Mme Catherine Fournier
8 rue Victor-Hugo
13006 Marseille

Alter Ego Assurances
12 avenue de la République
75011 Paris

Madame, Monsieur,

En ma qualité de curatrice de M. Yannick Roy, désignée par jugement, je vous adresse la
présente réclamation.

Je vous prie d'agréer, Madame, Monsieur, l'expression de mes sentiments distingués.

Catherine Fournier
"""
    claimant, representative = read_parties(letter(text), nlp, settings)
    assert claimant is not None and representative is not None
    assert (claimant.prenom, claimant.nom, claimant.statut) == ("Yannick", "Roy", Statut.REPRESENTED)
    assert claimant.adresse is None  # the curator's address is not the claimant's
    assert representative.qualite == "curateur"


def test_staff_forward_gives_the_original_sender_as_claimant(
    nlp: LazyNlp, settings: Settings
) -> None:
    original = EmailHeaders(
        sender_name="Sébastien Garnier",
        sender_address="sebastien.garnier@free.fr",
        to=("t.nguyen@alteregoassurances.fr",),
    )
    staff = EmailHeaders(
        sender_name="Thomas Nguyen",
        sender_address="t.nguyen@alteregoassurances.fr",
        to=("reclamations@alteregoassurances.fr",),
    )
    body = """De : Sébastien Garnier <sebastien.garnier@free.fr>
À : Thomas Nguyen <t.nguyen@alteregoassurances.fr>

Bonjour,

Je suis client de votre cabinet : ma cotisation a augmenté de 30 % sans explication.

Salutations distinguées,
Sébastien Garnier
41 avenue Jean-Jaurès
69003 Lyon
07 04 11 17 42
"""
    claimant, representative = read_parties(email(body, original, staff), nlp, settings)
    assert representative is None
    assert claimant is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == ("M.", "Sébastien", "Garnier")
    assert claimant.email == "sebastien.garnier@free.fr"
    assert (claimant.adresse, claimant.code_postal) == ("41 avenue Jean-Jaurès", "69003")
    assert claimant.telephones == ("+33704111742",)
    assert claimant.statut is Statut.CLIENT


def test_statut_is_none_when_the_item_says_nothing(nlp: LazyNlp, settings: Settings) -> None:
    sender = EmailHeaders(sender_name="Isabelle Roux", sender_address="isabelle.roux@free.fr")
    body = """Bonjour,

Le ton employé par votre collaborateur au téléphone était tout à fait inacceptable.

Cordialement,
Isabelle Roux
"""
    claimant, _ = read_parties(email(body, sender), nlp, settings)
    assert claimant is not None
    assert claimant.statut is None
    assert claimant.civilite == "Mme"


@pytest.mark.parametrize(
    ("sentence", "statut"),
    [
        ("Je ne suis pas client de votre cabinet : je souhaitais seulement un devis.", Statut.PROSPECT),
        ("Je suis la personne lésée dans l'accident causé par l'un de vos assurés.", Statut.THIRD_PARTY),
        ("Je suis l'héritière de mon père, décédé en mars, bénéficiaire du contrat.", Statut.BENEFICIARY),
        ("Assuré par votre intermédiaire depuis dix ans, je conteste ce refus.", Statut.CLIENT),
        ("Client de Generali France, je conteste leur décision sur mon contrat.", None),
        ("Je ne suis pas encore cliente : j'avais sollicité une étude pour mon logement.",
         Statut.PROSPECT),
        ("J'ai rencontré votre conseiller en vue de souscrire une assurance santé.",
         Statut.PROSPECT),
        ("Ma voiture a été percutée par celle d'un de vos assurés le 3 mars.", Statut.THIRD_PARTY),
    ],
)
def test_statut_is_what_the_writer_states(
    nlp: LazyNlp, settings: Settings, sentence: str, statut: Statut | None
) -> None:
    sender = EmailHeaders(sender_name="Paul Martin", sender_address="paul.martin@orange.fr")
    body = f"Madame, Monsieur,\n\n{sentence}\n\nCordialement,\nPaul Martin\n"
    claimant, _ = read_parties(email(body, sender), nlp, settings)
    assert claimant is not None
    assert claimant.statut == statut


def test_letter_to_an_insurer_does_not_make_the_writer_a_client(
    nlp: LazyNlp, settings: Settings
) -> None:
    text = """Mme Amandine LE GOFF
17 rue du Moulin
92100 Boulogne-Billancourt

MACIF
Service Réclamations
2-4 rue du Pied de Fond
79037 Niort Cedex 9

Madame, Monsieur,

Assurée chez vous sous le contrat n° 14 527 196 B, je conteste la gestion de mon dossier.

Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

Amandine Le Goff
"""
    claimant, _ = read_parties(letter(text), nlp, settings)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom) == ("Amandine", "Le Goff")
    assert claimant.statut is None


def test_advertisement_sender_is_an_organisation_without_person_fields(
    nlp: LazyNlp, settings: Settings
) -> None:
    sender = EmailHeaders(sender_name="Bureau Plus Fournitures", sender_address="offres@bureauplus.example")
    body = """Madame, Monsieur,

Profitez de notre offre spéciale. Pour ne plus recevoir nos offres, répondez STOP.

Bien cordialement,
Bureau Plus Fournitures
"""
    claimant, _ = read_parties(email(body, sender), nlp, settings)
    assert claimant is not None
    assert (claimant.nom, claimant.prenom, claimant.civilite) == ("Bureau Plus Fournitures", None, None)
    assert claimant.email == "offres@bureauplus.example"


@pytest.mark.parametrize(
    ("line", "civilite", "prenom", "nom"),
    [
        ("Mme Nicole BEN YOUSSEF", "Mme", "Nicole", "Ben Youssef"),
        ("M. RIVIÈRE Antoine", "M.", "Antoine", "Rivière"),
        ("MME Claire SCHNEIDER-HERVÉ", "Mme", "Claire", "Schneider-Hervé"),
        ("Mlle Julie Aubry", "Mme", "Julie", "Aubry"),
        ("Monsieur Jean Pierre DUPONT", "M.", "Jean Pierre", "Dupont"),
        ("Marc-Antoine Lefort", None, "Marc-Antoine", "Lefort"),
        ("Anne-Sophie Le Goff", None, "Anne-Sophie", "Le Goff"),
        ("Sylvie de Villeneuve", None, "Sylvie", "de Villeneuve"),
        ("M. LE ROUX", "M.", None, "Le Roux"),
        ("Fabrice Robin :", None, "Fabrice", "Robin"),  # OCR punctuation around the name
        ("| Fabrice Robin »", None, "Fabrice", "Robin"),
        ("DUPONT Jean", None, "Jean", "Dupont"),  # NOM Prénom
        ("DUPONT JEAN PIERRE", None, "Jean Pierre", "Dupont"),  # NOM PRÉNOM in capitals
        ("MME LE GOFF ANNE-SOPHIE", "Mme", "Anne-Sophie", "Le Goff"),
        ("ANNE-SOPHIE LE GOFF", None, "Anne-Sophie", "Le Goff"),
        ("ROBIN FABRICE", None, "Robin", "Fabrice"),  # both first names: Prénom NOM stands
        ("Van den Berghe Hugo", None, "Hugo", "Van den Berghe"),  # a particle first: NOM Prénom
        ("Le Goff Anne Sophie", None, "Anne Sophie", "Le Goff"),
        ("Valérie Rocher- Perrin", None, "Valérie", "Rocher-Perrin"),  # a hyphen OCR broke
        ("Valérie Rocher Perrin", None, "Valérie", "Rocher Perrin"),  # Rocher: no first name
        ("Jean Pierre Martin", None, "Jean Pierre", "Martin"),
        ("Hugo Van den Berghe", None, "Hugo", "Van den Berghe"),
        ("Mme Clémence d'Almeida", "Mme", "Clémence", "d'Almeida"),
        ("Mme Hélène Marchetti REÇU LE", "Mme", "Hélène", "Marchetti"),  # a stamp over it
        ("M. Ousmane KOWALSKI Strasbourg, le 10/11/2026", "M.", "Ousmane", "Kowalski"),
        ("M. Raphaël FERRAND LE Le 20/11/2026 |", "M.", "Raphaël", "Ferrand"),  # stamp's "LE"
    ],
)
def test_parse_name_tells_given_and_family_names_apart(
    line: str, civilite: str | None, prenom: str | None, nom: str
) -> None:
    name = parse_name(line)
    assert name is not None
    assert (name.civilite, name.prenom, name.nom) == (civilite, prenom, nom)


@pytest.mark.parametrize("line", ["NN NT", "Service Réclamations", "Cabinet Alter Ego", "dnaie Van PA",
                                  "REÇU LE", "EÇU LE", "COURRIER ARRIVÉ", "Reçu le"])
def test_parse_name_rejects_lines_that_are_not_names(line: str) -> None:
    assert parse_name(line) is None


def test_natural_case_keeps_particles_lower_case() -> None:
    assert natural_case("MARTIN DU GARD") == "Martin du Gard"
    assert natural_case("D'ALMEIDA") == "D'Almeida"


@pytest.mark.parametrize(
    ("prenom", "civilite"),
    [("Théophile", "M."), ("Timothée", "M."), ("Jean-Baptiste", "M."), ("Maïwenn", "Mme"),
     ("Océane", "Mme"), ("Agnès", "Mme"), ("Ysé", "Mme"), ("Grégoire", "M.")],
)
def test_title_guessed_from_the_first_name_when_the_letter_gives_none(
    prenom: str, civilite: str
) -> None:
    assert gender_from_first_name(prenom) == civilite


@pytest.mark.parametrize(
    ("line", "left"),
    [("REÇU LE 27 NOV. 2026", ""), ("EÇU LE 27 NOV 2026 Mme Hélène Marchetti", "Mme Hélène Marchetti"),
     ("COURRIER ARRIVÉ LE 2 DÉC. 2026", ""), ("12 rue des Lilas", "12 rue des Lilas")],
)
def test_stamp_words_and_their_date_are_taken_off_a_line(line: str, left: str) -> None:
    assert without_stamp(line) == left


STAMPED_LETTER = """REÇU LE 27 NOV. 2026
Mme Hélène Marchetti
3 rue Carnot
84000 Avignon

Alter Ego Assurances
12 avenue de la République
75011 Paris

Avignon, le 24 novembre 2026

Objet : remboursement non reçu

Madame, Monsieur,

Je conteste le retard de remboursement de mon sinistre, toujours pas réglé.

Veuillez agréer mes salutations distinguées.

Hélène Marchetti
"""


def test_a_stamp_over_the_head_neither_ends_the_sender_block_nor_names_anyone(
    nlp: LazyNlp, settings: Settings
) -> None:
    claimant, _ = read_parties(letter(STAMPED_LETTER), nlp, settings)
    assert claimant is not None
    assert (claimant.nom, claimant.prenom, claimant.code_postal) == ("Marchetti", "Hélène", "84000")


SIGNED_ONLY = """12 rue des Glycines
35000 Rennes

Alter Ego Assurances
12 avenue de la République
75011 Paris

Rennes, le 24 novembre 2026

Objet : cotisation prélevée deux fois

Madame, Monsieur,

Ma cotisation a été prélevée deux fois ce mois-ci. Je conteste ce prélèvement.

Cordialement,

Valérie Rocher Perrin
"""


def test_a_name_alone_in_the_signature_is_the_claimant(nlp: LazyNlp, settings: Settings) -> None:
    claimant, _ = read_parties(letter(SIGNED_ONLY), nlp, settings)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom) == ("Valérie", "Rocher Perrin")


def test_the_register_gives_a_clients_name_its_split_and_spelling(
    nlp: LazyNlp, settings: Settings
) -> None:
    names = RegisterNames.of([
        Client("C1", ClientStatus.CLIENT, "ROCHER-PERRIN", "Valérie", code_postal="35000"),
        Client("C2", ClientStatus.CLIENT, "Rocher-Perrin", "Valérie", code_postal="13000"),
    ])
    claimant, _ = read_parties(letter(SIGNED_ONLY), nlp, settings, names)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom) == ("Valérie", "Rocher-Perrin")
    # another postal code: the register says nothing, the rules' reading stands
    elsewhere = SIGNED_ONLY.replace("35000 Rennes", "69007 Lyon")
    claimant, _ = read_parties(letter(elsewhere), nlp, settings, names)
    assert claimant is not None and claimant.nom == "Rocher Perrin"


def test_register_lookup_takes_a_name_out_of_ocr_debris() -> None:
    names = RegisterNames.of([Client("C1", ClientStatus.CLIENT, "DUPONT", "Thomas",
                                     code_postal="50100")])  # fmt: skip
    found = names.find("50100", "~ M. DUPONT Thomas ,, ii")
    assert found is not None and (found.civilite, found.prenom, found.nom) == ("M.", "Thomas", "Dupont")
    assert names.find("75011", "M. DUPONT Thomas") is None


def test_a_stamp_beside_the_sender_block_leaves_neither_words_nor_date(
    nlp: LazyNlp, settings: Settings
) -> None:
    text = STAMPED_LETTER.replace(
        "REÇU LE 27 NOV. 2026\nMme Hélène Marchetti\n3 rue Carnot",
        "Hélène MARCHETTI REÇU LE\n3 rue Carnot 27 NOV. 2026")
    claimant, _ = read_parties(letter(text.replace("\nHélène Marchetti\n", "\nH. M.\n")), nlp, settings)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom, claimant.adresse) == ("Hélène", "Marchetti", "3 rue Carnot")


@pytest.mark.parametrize(
    "line",
    ["Fabrice Robin : 8 impasse des Tanneurs – 21000 Dijon",
     "Fabrice Robin – 8 impasse des Tanneurs – 21000 Dijon",
     "Fabrice Robin, 8 impasse des Tanneurs, 21000 Dijon"],
)
def test_a_name_opening_a_one_line_sender_block_is_read(
    nlp: LazyNlp, settings: Settings, line: str
) -> None:
    text = SIGNED_ONLY.replace("12 rue des Glycines\n35000 Rennes", line).replace(
        "Valérie Rocher Perrin", "F. R.")
    claimant, _ = read_parties(letter(text), nlp, settings)
    assert claimant is not None and (claimant.prenom, claimant.nom) == ("Fabrice", "Robin")
    assert (claimant.adresse, claimant.code_postal) == ("8 impasse des Tanneurs", "21000")


def test_the_register_completes_a_name_read_in_part(nlp: LazyNlp, settings: Settings) -> None:
    names = RegisterNames.of([Client("C1", ClientStatus.CLIENT, "Rocher-Perrin", "Valérie",
                                     code_postal="35000")])  # fmt: skip
    text = SIGNED_ONLY.replace("Valérie Rocher Perrin", "Valérie Rocher - Perrin")
    claimant, _ = read_parties(letter(text), nlp, settings, names)
    assert claimant is not None and (claimant.prenom, claimant.nom) == ("Valérie", "Rocher-Perrin")


@pytest.mark.parametrize(
    ("block", "signed", "civilite", "prenom", "nom"),
    [("Hugues CITE\n2 FEW er@V6o.fr", "Hugues Ollivier", "M.", "Hugues", "Ollivier"),
     ("Monsieur François-Xavi\ntlevard cemdnés", "François-Xavier Hamon", "M.",
      "François-Xavier", "Hamon")],
)
def test_a_damaged_sender_block_gives_way_to_the_signature_naming_the_same_person(
    nlp: LazyNlp, settings: Settings, block: str, signed: str, civilite: str, prenom: str,
    nom: str,
) -> None:
    text = SIGNED_ONLY.replace("12 rue des Glycines\n35000 Rennes", block).replace(
        "Valérie Rocher Perrin", signed)
    claimant, _ = read_parties(letter(text), nlp, settings)
    assert claimant is not None
    assert (claimant.civilite, claimant.prenom, claimant.nom) == (civilite, prenom, nom)


def test_a_sender_block_with_its_address_keeps_its_name(nlp: LazyNlp, settings: Settings) -> None:
    text = SIGNED_ONLY.replace("12 rue des Glycines", "Hugues OLLIVIER\n12 rue des Glycines")
    claimant, _ = read_parties(letter(text.replace("Valérie Rocher Perrin", "Hugues O.")),
                               nlp, settings)  # fmt: skip
    assert claimant is not None and (claimant.prenom, claimant.nom) == ("Hugues", "Ollivier")


def test_the_register_is_looked_up_by_a_postal_code_in_a_damaged_address_line(
    nlp: LazyNlp, settings: Settings
) -> None:
    names = RegisterNames.of([Client("C1", ClientStatus.CLIENT, "Peyrot", "Loïc",
                                     code_postal="44000")])  # fmt: skip
    text = SIGNED_ONLY.replace("12 rue des Glycines\n35000 Rennes",
                               "Loic Peyrot\n42 rue Emile-Zola - 44000 Nantes VÉ LE 19/11/2026 4")
    claimant, _ = read_parties(letter(text.replace("Valérie Rocher Perrin", "PEYROT Loic")),
                               nlp, settings, names)  # fmt: skip
    assert claimant is not None and (claimant.prenom, claimant.nom) == ("Loïc", "Peyrot")


SIGNED_UNDER_THE_TEXT = """Groupama Centre-Manche
Service Relations Clients
TSA 40110
75441 Paris Cedex 09

Mardi 10 novembre 2026

Objet : remboursement non reçu

Madame, Monsieur,

J'attends depuis deux mois le remboursement promis après mon sinistre.
Je vous demande de le verser sans plus attendre.

Cordialement,

Hélène Marchal
8 impasse des Glycines
86000 Poitiers
Tél. : 06 21 43 65 O7
"""


def test_an_address_under_the_signature_is_the_writers_not_the_addressees(
    nlp: LazyNlp, settings: Settings
) -> None:
    # decided on the independent set's letters signed without a sender block
    claimant, _ = read_parties(letter(SIGNED_UNDER_THE_TEXT), nlp, settings)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom) == ("Hélène", "Marchal")
    assert (claimant.adresse, claimant.code_postal, claimant.ville) == (
        "8 impasse des Glycines", "86000", "Poitiers")
    assert claimant.telephones == ("+33621436507",)


TWO_COLUMN_HEAD_AS_ONE_LINE = """Océane Tardieu Nantes, le 13/11/2026
38 rue des Acacias

44000 NANTES

Portable : 04-22-14-11-50

AEA - Courtage
Service clients
12 avenue de la République
75011 Paris

Objet : Changement d'adresse

Messieurs,

Je vous informe de mon déménagement. Merci de mettre à jour mon dossier.

Salutations.

TARDIEU Océane
"""


def test_a_head_whose_first_line_also_holds_the_place_and_date(
    nlp: LazyNlp, settings: Settings
) -> None:
    # decided on the independent set's two-column heads read as one line by OCR
    claimant, _ = read_parties(letter(TWO_COLUMN_HEAD_AS_ONE_LINE), nlp, settings)
    assert claimant is not None
    assert (claimant.prenom, claimant.nom) == ("Océane", "Tardieu")
    assert (claimant.adresse, claimant.code_postal, claimant.ville) == (
        "38 rue des Acacias", "44000", "NANTES")
    assert claimant.telephones == ("+33422141150",)


def test_an_attached_letters_signature_gives_the_address_the_covering_email_lacks(
    nlp: LazyNlp, settings: Settings
) -> None:
    # decided on the independent set's emails carrying a scanned letter
    text = ("Alter Ego Assurances\nService Réclamations\n12 avenue de la République\n"
            "75011 PARIS\n\nNancy, le 20 novembre 2026\n\nObjet : contrat non modifié\n\n"
            "Madame,\n\nLa carte verte ne mentionne toujours pas ma fille. Ce manque de suivi "
            "est pénible.\n\nSalutations.\n\nMonsieur Gilles TARDIEU\n49 allée des Peupliers\n"
            "54000 Nancy\nPortable : 06 72 91 97 40\n\n"
            "Madame,\n\nVeuillez trouver ci-joint mon courrier.\n\nSalutations.\nGilles Tardieu\n")
    claimant, _ = read_parties(letter(text), nlp, settings)
    assert claimant is not None
    assert (claimant.adresse, claimant.code_postal, claimant.ville) == (
        "49 allée des Peupliers", "54000", "Nancy")
    assert claimant.telephones == ("+33672919740",)
