"""To whom an item was written: cabinet, Mediator or another organisation
(pipeline.understand.addressee)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.settings import Settings
from pipeline.settings_load import load_settings
from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.understand.addressee import Addressee, read_addressee
from pipeline.understand.letter import cut_letter

CONFIG = Path(__file__).resolve().parents[1] / "config" / "cabinet.toml"
CABINET_BLOCK = "Alter Ego Assurances\nService Réclamations\n12 avenue de la République\n75011 Paris"


@cache
def settings() -> Settings:
    return load_settings(CONFIG)


def read_letter(recipient: str, body: str, greeting: str = "Madame, Monsieur,", tail: str = "") -> Addressee:
    text = (
        f"Mme Sophie Durand\n12 rue des Lilas\n69003 Lyon\n\n{recipient}\n\n"
        f"Lyon, le 20 novembre 2026\n\nObjet : réclamation\nContrat n° 45 871 236 P\n\n"
        f"{greeting}\n\n{body}\n\nVeuillez agréer mes salutations distinguées.\nSophie Durand\n{tail}"
    )
    extracted = Extracted(pages=(Page(1, text, PageMethod.TEXT_LAYER),))
    return read_addressee(cut_letter(extracted, "courrier"), settings())


def read_email(body: str, to: tuple[str, ...]) -> Addressee:
    headers = EmailHeaders(
        sender_address="s.durand@example.fr", to=to, subject="Réclamation",
        date="2026-11-20T09:00:00+01:00",
    )  # fmt: skip
    extracted = Extracted(pages=(Page(1, body, PageMethod.EMAIL_BODY),), email=headers)
    return read_addressee(cut_letter(extracted, "email"), settings())


def test_complaint_to_the_cabinet() -> None:
    found = read_letter(CABINET_BLOCK, "Mes courriels restent sans réponse depuis un mois.")
    assert (found.kind, found.name) == ("cabinet", "Alter Ego Assurances")
    assert not found.mediator and not found.misdirected and not found.escalation


def test_insurer_refusal_on_a_contract_the_cabinet_placed_is_not_misdirected() -> None:
    body = (
        "En tant que courtier, vous avez placé mon contrat chez MAAF Assurances, qui rejette "
        "aujourd'hui ma demande d'indemnisation. Je compte sur vous, en votre qualité de "
        "courtier, pour défendre mes intérêts auprès de la compagnie."
    )
    found = read_letter(CABINET_BLOCK, body)
    assert found.kind == "cabinet"
    assert not found.misdirected and found.redirect_to is None


def test_naming_the_insurer_is_not_enough() -> None:
    body = "AXA refuse de prendre en charge mon dégât des eaux, ce que je conteste formellement."
    assert not read_letter(CABINET_BLOCK, body).misdirected


def test_letter_to_maaf_sent_to_the_cabinet_by_mistake() -> None:
    recipient = "MAAF\nService Réclamations\n79036 Niort Cedex 9"
    body = "Je suis titulaire auprès de votre compagnie du contrat cité en objet."
    found = read_letter(recipient, body)
    assert found.misdirected and found.redirect_to == "MAAF Assurances"
    assert found.kind == "autre" and found.name == "MAAF Assurances"
    assert "destinataire : MAAF Assurances" in found.misdirected_signals


def test_contract_held_elsewhere_by_a_non_client() -> None:
    body = (
        "Je ne suis pas cliente de votre cabinet, mais je souhaite me plaindre de Generali "
        "Vie, auprès de qui je suis assurée. Merci de transmettre ma réclamation au service "
        "compétent."
    )
    found = read_letter(CABINET_BLOCK, body)
    assert found.misdirected and found.redirect_to == "Generali France"
    assert found.kind == "cabinet"


def test_contract_subscribed_directly_with_an_unlisted_insurer() -> None:
    body = (
        "Mon contrat habitation est souscrit directement auprès de Mutuelle Bretonne. "
        "Pourriez-vous faire suivre ce courrier à qui de droit ?"
    )
    found = read_letter(CABINET_BLOCK, body)
    assert found.misdirected and found.redirect_to == "Mutuelle Bretonne"


def test_alias_in_the_body_maps_to_the_configured_name() -> None:
    body = (
        "Assuré auprès de La Mondiale sous la police citée, je m'adresse à vous faute de "
        "réponse de leur part. Merci de transmettre ma réclamation au service compétent."
    )
    assert read_letter(CABINET_BLOCK, body).redirect_to == "AG2R La Mondiale"


def test_prospect_of_the_cabinet_is_not_misdirected() -> None:
    body = (
        "Je ne suis pas client de votre cabinet : je vous ai seulement contacté pour un devis. "
        "Votre conseiller m'a fait signer un mandat sans m'en expliquer la portée."
    )
    assert not read_letter(CABINET_BLOCK, body).misdirected


def test_letter_to_the_mediator() -> None:
    recipient = "La Médiation de l'Assurance\nTSA 50110\n75441 Paris Cedex 09"
    body = "Je vous saisis du différend qui m'oppose au cabinet Alter Ego Assurances."
    found = read_letter(recipient, body, greeting="Monsieur le Médiateur,")
    assert found.mediator and found.kind == "mediateur"
    assert found.name == "La Médiation de l'Assurance"
    assert not found.misdirected and found.redirect_to is None
    assert "formule d'appel : Monsieur le Médiateur," in found.mediator_signals


def test_greeting_alone_makes_it_mediator_addressed() -> None:
    found = read_letter("", "Je conteste la décision.", greeting="Madame la Médiatrice,")
    assert found.mediator


def test_asking_in_terms_to_seize_the_mediator_through_this_letter() -> None:
    for sentence in (
        "Mes démarches étant restées vaines, je demande par ce courrier l'intervention du "
        "Médiateur de l'assurance, à qui je vous saurais gré de le transmettre.",
        "Ce courrier vaut saisine de la Médiation de l'Assurance : merci de lui transmettre.",
        "Je saisis la Médiation de l'assurance par la présente.",
        "Après avoir épuisé les voies de recours internes, je sollicite votre médiation.",
    ):
        found = read_letter(CABINET_BLOCK, sentence)
        assert found.mediator, sentence
        assert not found.escalation


def test_threat_to_seize_the_mediator_is_an_escalation_only() -> None:
    for sentence in (
        "À défaut de réponse sous quinze jours, je saisirai le Médiateur de l'assurance.",
        "Si rien n'est fait, je n'hésiterai pas à porter ce litige devant le Médiateur.",
        "Je me réserve le droit de saisir la Médiation de l'Assurance.",
    ):
        found = read_letter(CABINET_BLOCK, sentence)
        assert not found.mediator, sentence
        assert found.escalation and found.escalation_signals


def test_copy_to_the_mediator_is_an_escalation_only() -> None:
    found = read_letter(
        CABINET_BLOCK,
        "Mon contrat a été modifié sans mon accord.",
        tail="Copie : La Médiation de l'Assurance\n",
    )
    assert not found.mediator and found.escalation
    assert found.kind == "cabinet"


def test_mediator_letter_speaking_of_the_cabinet_in_the_third_person() -> None:
    body = (
        "Je vous adresse ce courrier afin de soumettre à votre examen le litige relatif à mon "
        "contrat, géré par le cabinet Alter Ego Assurances. Je vous serais reconnaissante "
        "d'examiner ce dossier et de rendre un avis."
    )
    assert read_letter("", body).mediator


def test_email_to_another_insurer_address() -> None:
    found = read_email("Bonjour,\n\nJe conteste ma cotisation.\n\nCordialement,", ("reclamations@maaf.fr",))
    assert found.misdirected and found.redirect_to == "MAAF Assurances"
    assert found.misdirected_signals == ("courriel adressé à reclamations@maaf.fr",)


def test_email_to_the_cabinet_and_the_mediator_is_mediator_addressed() -> None:
    body = "À l'attention de : La Médiation de l'Assurance\n\nMonsieur le Médiateur,\n\nJe conteste."
    found = read_email(body, ("contact@mediation-assurance.org", "reclamations@alteregoassurances.fr"))
    assert found.mediator and not found.misdirected


def test_attention_line_naming_an_insurer_in_an_email() -> None:
    body = "À l'attention de : Allianz France\n\nMadame, Monsieur,\n\nJe conteste la décision."
    found = read_email(body, ("reclamations@alteregoassurances.fr",))
    assert found.misdirected and found.redirect_to == "Allianz France"


def test_unknown_addressee_when_nothing_says() -> None:
    found = read_email("Bonjour,\n\nJe conteste.\n\nCordialement,", ())
    assert (found.kind, found.name) == ("inconnu", None)


def test_an_ocr_slip_in_a_listed_insurer_is_still_that_insurer() -> None:
    recipient = "GME Assurances\nService Réclamations\n45930 Orléans Cedex 9"
    found = read_letter(recipient, "Mon dossier est bloqué depuis deux mois, je conteste ce retard.")
    assert found.misdirected and found.redirect_to == "GMF"
    assert found.kind == "autre" and found.name == "GMF"


def test_a_short_name_read_with_a_slip_is_not_guessed() -> None:
    from pipeline.understand.organisations import OrganisationNames
    names = OrganisationNames(settings())
    assert names.find_fuzzy("GME") is None  # GMF? GAN? too short to say
    assert names.find_fuzzy("Matrnut") is not None
    assert names.find_fuzzy("Société Générale") is None  # not Generali


def test_the_cabinets_address_makes_the_block_the_cabinets_however_its_name_was_read() -> None:
    recipient = "AFA - Courtage\nService clients\n12 avenue de la République\n75011 Paris"
    found = read_letter(recipient, "Mes courriels restent sans réponse depuis un mois.")
    assert found.kind == "cabinet" and not found.misdirected


def test_a_subject_line_is_never_an_organisation() -> None:
    from pipeline.understand.organisations import looks_like_organisation
    assert not looks_like_organisation("_- Objet: Résiliation de mon contrat d'assurance")
    assert not looks_like_organisation("Résiliation de mon contrat assurance")
    assert looks_like_organisation("Cabinet Fournier Assurances")
    assert looks_like_organisation("Agence Perrin & Associés")


def test_a_letter_to_a_local_agent_is_misdirected_to_that_agent() -> None:
    recipient = "Agence Perrin & Associés\nAgent général\n27 rue Nationale\n37000 Tours"
    body = "Vous êtes mon agent depuis des années. Mon sinistre n'a toujours pas été réglé."
    found = read_letter(recipient, body, greeting="Monsieur l'Agent,")
    assert found.misdirected and found.redirect_to == "Agence Perrin & Associés"


def test_an_attention_line_names_the_agent_before_its_address() -> None:
    recipient = ("À l'attention de : Cabinet Fournier Assurances, Agent général, "
                 "3 place de la Mairie, 01000 Bourg-en-Bresse")
    found = read_letter(recipient, "Je conteste ce prélèvement.", greeting="Monsieur l'Agent,")
    assert found.misdirected and found.redirect_to == "Cabinet Fournier Assurances"


def test_a_contract_held_directly_is_misdirected_even_from_a_client_of_the_cabinet() -> None:
    body = ("Ce contrat, je l'ai pris en direct chez Matmut l'an dernier ; je vous écris parce "
            "que vous êtes mon courtier pour le reste. Ils m'ont prélevé deux fois ce mois-ci.")
    found = read_letter(CABINET_BLOCK, body)
    assert found.misdirected and found.redirect_to == "Matmut"


def test_a_denied_link_ties_nothing() -> None:
    body = ("Mon assurance auto est prise directement auprès de la MAAF, et non par votre "
            "intermédiaire. Ils refusent de m'indemniser.")
    found = read_letter(CABINET_BLOCK, body)
    assert found.misdirected and found.redirect_to == "MAAF Assurances"


def test_an_unlisted_insurer_on_a_street_named_like_the_cabinets_is_not_the_cabinet() -> None:
    recipient = "Mutuelle Générale de la Police\nService adhérents\n8 place de la République\n69002 Lyon"
    found = read_letter(recipient, "Je conteste le refus de remboursement de mes lunettes.")
    assert found.misdirected and found.redirect_to == "Mutuelle Générale de la Police"
