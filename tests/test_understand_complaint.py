"""Complaint or not, ACPR category and description, on hand-written French letters."""

from __future__ import annotations

import re

import pytest

from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.understand.complaint import CATEGORIES, Verdict, classify
from pipeline.understand.describe import MAX_CHARS, describe
from pipeline.understand.letter import Letter, cut_letter


def letter(subject: str, *paragraphs: str, greeting: str = "Madame, Monsieur,") -> Letter:
    lines = [
        "Mme Nadia Berthier",
        "5 rue des Tanneurs",
        "67000 Strasbourg",
        "",
        "Strasbourg, le 12 novembre 2026",
        "",
        f"Objet : {subject}",
        "",
        greeting,
        "",
        *[p for paragraph in paragraphs for p in (paragraph, "")],
        "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
        "Nadia Berthier",
    ]
    page = Page(number=1, text="\n".join(lines), method=PageMethod.TEXT_LAYER)
    return cut_letter(Extracted(pages=(page,)), "courrier")


def email(subject: str, body: str, sender: str = "nadia.berthier@example.fr") -> Letter:
    page = Page(number=1, text=body, method=PageMethod.EMAIL_BODY)
    headers = EmailHeaders(sender_name="Nadia Berthier", sender_address=sender, subject=subject)
    return cut_letter(Extracted(pages=(page,), email=headers), "email")


def assert_complaint(verdict: Verdict, category: str | None = None) -> None:
    assert verdict.is_complaint
    assert verdict.evidence
    assert verdict.category in CATEGORIES
    if category is not None:
        assert verdict.category == category
    assert 0.5 <= verdict.score <= 1.0


def assert_not_complaint(verdict: Verdict) -> None:
    assert not verdict.is_complaint
    assert verdict.category is None
    assert 0.5 <= verdict.score <= 1.0


# ---------------------------------------------------------------- the hard cases

def test_insurer_refusal_on_a_contract_the_cabinet_sold_is_a_complaint() -> None:
    item = letter(
        "Sinistre du 3 octobre",
        "Vous avez placé mon contrat habitation chez Mutuelle du Rhin. Celle-ci vient de refuser "
        "de prendre en charge le dégât des eaux du 3 octobre, en invoquant une exclusion que "
        "personne ne m'a jamais signalée.",
        "Je compte sur vous, en tant que courtier, pour obtenir le réexamen de mon dossier.",
    )
    verdict = classify(item)
    assert_complaint(verdict, "sinistre et indemnisation")
    assert any("refus" in phrase.lower() for phrase in verdict.evidence)


def test_angry_request_for_an_attestation_is_not_a_complaint() -> None:
    item = letter(
        "Attestation d'assurance",
        "C'est URGENT ! Mon propriétaire exige mon attestation d'assurance habitation avant "
        "lundi et je ne la retrouve pas. Envoyez-la-moi par courriel aujourd'hui même.",
        "Je vous en remercie par avance.",
    )
    verdict = classify(item)
    assert_not_complaint(verdict)
    assert describe(item, verdict) == "Demande d'attestation d'assurance."


def test_letter_threatening_to_seize_the_mediator_is_a_complaint() -> None:
    item = letter(
        "Cotisation 2027",
        "Ma cotisation automobile a bondi de 35 % alors que je n'ai déclaré aucun accident.",
        "Sans explication de votre part sous quinze jours, je porterai ce litige devant le "
        "Médiateur de l'assurance.",
    )
    assert_complaint(classify(item), "cotisation")


def test_letter_to_the_mediator_is_a_complaint() -> None:
    item = letter(
        "Demande de médiation",
        "Je sollicite votre intervention dans le différend qui m'oppose à mon assureur, qui "
        "refuse d'indemniser la grêle tombée sur ma toiture en juin.",
        greeting="Monsieur le Médiateur,",
    )
    assert_complaint(classify(item), "sinistre et indemnisation")


def test_newsletter_is_not_a_complaint() -> None:
    item = email(
        "Nos nouveautés de décembre",
        "Bonjour,\n\nDécouvrez notre nouvelle gamme de logiciels pour les courtiers : "
        "bénéficiez de 20 % de remise jusqu'au 31 décembre.\n\n"
        "Pour vous désinscrire, répondez STOP.",
        sender="newsletter@logiciels.example",
    )
    verdict = classify(item)
    assert_not_complaint(verdict)
    assert describe(item, verdict).startswith("Message publicitaire")


def test_lawyer_writing_for_a_client_is_a_complaint() -> None:
    item = letter(
        "Mme Faure – sinistre n° SIN-24-00123",
        "J'interviens en qualité d'avocat de Mme Faure. Ma cliente conteste le montant de "
        "l'indemnité proposée à la suite du cambriolage de son domicile, qui ne couvre pas la "
        "moitié des biens volés.",
        "Je vous mets en demeure de réexaminer ce dossier sous quinze jours.",
        greeting="Maître,",
    )
    verdict = classify(item)
    assert_complaint(verdict, "sinistre et indemnisation")
    assert "Faure" not in describe(item, verdict).split(":", 1)[1]


def test_negated_complaint_word_does_not_make_a_complaint() -> None:
    item = email(
        "Question sur mon contrat",
        "Bonjour,\n\nCe n'est pas une réclamation, je ne conteste rien : pourriez-vous "
        "simplement me préciser le montant de ma franchise bris de glace ?\n\nCordialement,",
    )
    assert_not_complaint(classify(item))


def test_staff_forwarding_note_alone_is_not_a_complaint() -> None:
    item = email("TR: courrier", "Pour traitement, merci.\n\nJulie")
    assert_not_complaint(classify(item))


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Demande de devis", "Je souhaiterais obtenir un devis pour assurer ma nouvelle moto."),
        ("Nouvelle adresse", "Je vous informe de mon changement d'adresse : 4 allée des Pins, 35000 Rennes."),
        ("Documents", "Pourriez-vous me faire parvenir une copie de mes conditions générales ?"),
        ("Question", "Mon contrat couvre-t-il mon fils étudiant à l'étranger ? Merci de votre réponse."),
        ("Remerciements", "Merci à votre équipe pour la rapidité avec laquelle mon sinistre a été réglé."),
    ],
)
def test_requests_for_service_or_information_are_not_complaints(subject: str, body: str) -> None:
    assert_not_complaint(classify(letter(subject, body)))


# ---------------------------------------------------------------- each category

@pytest.mark.parametrize(
    ("category", "subject", "body"),
    [
        ("avant-vente et conseil", "Mauvais conseil",
         "Votre conseiller m'a fait souscrire une formule inadaptée à mes besoins, sans me "
         "parler des exclusions. Je m'estime mal conseillé."),
        ("gestion du contrat", "Mon contrat",
         "L'avenant que je vous ai demandé en septembre pour ajouter un conducteur n'a jamais été "
         "établi, malgré mes relances."),
        ("cotisation", "Prélèvement",
         "Vous avez prélevé deux fois ma cotisation de 84 euros en octobre. Je demande le "
         "remboursement du trop-perçu."),
        ("sinistre et indemnisation", "Mon dossier",
         "L'expert n'est jamais venu et aucune indemnisation ne m'a été proposée, quatre mois "
         "après ma déclaration de sinistre."),
        ("résiliation", "Mon contrat auto",
         "Ma demande de résiliation au titre de la loi Hamon est restée sans suite et vous "
         "continuez à me prélever."),
        ("qualité de service", "Votre accueil",
         "Votre collaboratrice m'a raccroché au nez et personne ne me rappelle. Cet accueil "
         "est inadmissible."),
        ("données personnelles", "Démarchage",
         "Je reçois des appels de vos partenaires alors que je n'ai jamais donné mon "
         "consentement à l'utilisation de mes données personnelles."),
        ("autre", "Mécontentement",
         "Votre site internet affiche depuis un mois des informations erronées dans mon espace "
         "client, et personne ne corrige."),
    ],
)
def test_complaint_gets_its_acpr_category(category: str, subject: str, body: str) -> None:
    assert_complaint(classify(letter(subject, body)), category)


# ---------------------------------------------------------------- evidence and description

def test_evidence_is_quoted_as_it_appears_in_the_letter() -> None:
    item = letter("Réclamation", "Je suis très mécontente : aucune réponse à mes courriels depuis un mois.")
    verdict = classify(item)
    assert verdict.is_complaint
    for phrase in verdict.evidence:
        assert phrase in " ".join(item.text.split())


def test_description_is_a_short_french_sentence_about_the_grievance() -> None:
    item = letter(
        "Contestation de l'indemnisation",
        "Je suis cliente de votre cabinet depuis dix ans.",
        "L'indemnité de 900 euros proposée pour le dégât des eaux du 3 octobre ne couvre même "
        "pas la moitié des réparations.",
        "Je vous demande de revoir cette proposition.",
    )
    text = describe(item, classify(item))
    assert text.startswith("Conteste l'indemnisation")
    assert "dégât des eaux" in text
    assert "cliente de votre cabinet" not in text
    assert len(text) <= MAX_CHARS
    assert text.endswith((".", "»", "…"))


def test_description_never_copies_a_long_letter_whole() -> None:
    long_body = " ".join(["Je conteste formellement le refus de prise en charge de mon sinistre."] * 30)
    item = letter("Réclamation – sinistre", long_body)
    text = describe(item, classify(item))
    assert len(text) <= MAX_CHARS
    assert re.search(r"[a-zé]", text)


def test_description_of_a_request_names_the_request() -> None:
    item = letter("Demande de devis", "Je souhaiterais obtenir un devis d'assurance habitation.")
    assert describe(item, classify(item)) == "Demande de devis."


def test_a_price_rise_announced_with_a_cancellation_is_a_complaint() -> None:
    verdict = classify(letter(
        "Résiliation de mon contrat auto",
        "Mon avis d'échéance vient d'arriver : 18 % de plus cette année, sans aucun sinistre "
        "de ma part.",
        "Dans ces conditions je ne souhaite pas continuer : merci de résilier mon contrat à "
        "l'échéance et de me le confirmer par écrit."))
    assert_complaint(verdict)


def test_a_question_about_someone_elses_slow_mediation_is_not_a_complaint() -> None:
    verdict = classify(letter(
        "Question",
        "Mon collègue a un litige avec son assureur et le médiateur ne lui a toujours pas "
        "répondu après trois mois.",
        "Par curiosité, combien de temps dure en général une médiation ?"))
    assert_not_complaint(verdict)


def test_a_first_claim_declaration_is_not_a_complaint() -> None:
    verdict = classify(letter(
        "Déclaration de sinistre",
        "Malheureusement, la tempête de samedi a arraché une partie de la toiture du garage.",
        "Je vous déclare donc ce sinistre ; pouvez-vous me dire s'il faut attendre l'expert "
        "avant de faire bâcher ?"))
    assert_not_complaint(verdict)


def test_a_request_for_instalments_is_not_a_complaint() -> None:
    verdict = classify(letter(
        "Paiement de ma cotisation",
        "Serait-il possible de régler ma cotisation habitation en quatre fois plutôt qu'en une "
        "seule ? Merci de m'indiquer la marche à suivre."))
    assert_not_complaint(verdict)


def test_a_reproach_in_passing_before_a_request_is_a_complaint() -> None:
    verdict = classify(letter(
        "Attestation scolaire",
        "L'an dernier il m'a fallu vous relancer trois fois pour avoir l'attestation de mon "
        "fils, alors je m'y prends plus tôt.",
        "Pouvez-vous m'envoyer l'attestation de responsabilité civile pour l'année scolaire ?"))
    assert_complaint(verdict)


def test_a_cabinets_complaints_service_line_is_no_grief() -> None:
    verdict = classify(letter(
        "Question", "Service Réclamations", "Est-il possible de payer en plusieurs fois ?"))
    assert_not_complaint(verdict)


def test_a_letterhead_line_with_a_phone_does_not_hide_the_subject() -> None:
    lines = ["Monsieur Bruno Lacaze", "",
             "74 rue du Docteur Roux — 35000 Rennes — Portable : +33 7 32 39 38 01", "",
             "Rennes, le 04/11/2026", "", "Objet : Réclamation sur mon sinistre", "",
             "Bonjour,", "", "La franchise retenue n'est pas celle de mon contrat.",
             "On me réclame 310 € que je ne dois pas.", "", "Cordialement,", "Bruno Lacaze"]
    item = cut_letter(Extracted(pages=(Page(1, "\n".join(lines), PageMethod.TEXT_LAYER),)),
                      "courrier")
    assert item.subject == "Réclamation sur mon sinistre"
    assert_complaint(classify(item))
