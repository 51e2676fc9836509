"""The sentence a description quotes (pipeline/understand/grievance.py), on hand-written
bodies: what is not the writer's prose, formulas, frames, closings, and the fallbacks."""

from __future__ import annotations

from pipeline.understand import grievance
from pipeline.understand.grievance import candidates, key_sentence, sentences


def test_the_grievance_is_quoted_not_the_opening_formula() -> None:
    body = ("Notre association vous fait part de la réclamation suivante :\n\n"
            "Le remboursement promis à notre adhérent le 3 octobre n'a jamais été versé.\n\n"
            "Nous vous demandons de régulariser ce dossier.")
    assert key_sentence(body) == ("Le remboursement promis à notre adhérent le 3 octobre n'a "
                                  "jamais été versé.")


def test_an_opening_formula_is_read_past_and_its_rest_scored() -> None:
    body = ("Suite à notre conversation téléphonique d'hier, je conteste le montant de "
            "l'indemnité proposée pour mon dégât des eaux.\n\nJe vous en remercie par avance.")
    assert key_sentence(body).startswith("Suite à notre conversation téléphonique")


def test_a_sentence_that_is_only_a_formula_is_never_a_candidate() -> None:
    body = ("Madame, Monsieur, je me permets de vous écrire ce courrier.\n\n"
            "Suite à notre conversation téléphonique de ce matin,")
    assert candidates(body) == []
    assert key_sentence(body) == ""


def test_frames_and_threats_give_way_to_the_grievance() -> None:
    body = ("Cliente de votre cabinet depuis 2009, je n'avais jamais eu à me plaindre.\n\n"
            "Ma cotisation a été prélevée deux fois en octobre.\n\n"
            "Sans réponse sous quinze jours, je saisirai le Médiateur de l'assurance.")
    assert key_sentence(body) == "Ma cotisation a été prélevée deux fois en octobre."


def test_the_first_clear_grievance_wins_over_the_history_after_it() -> None:
    body = ("Vos courriers partent toujours à une adresse erronée depuis trois mois.\n\n"
            "Le 2 octobre, j'ai appelé : on m'a promis une correction qui n'est jamais venue.")
    assert key_sentence(body).startswith("Vos courriers partent toujours")


def test_without_a_grievance_the_request_is_quoted() -> None:
    body = ("J'ai bien reçu votre courrier du 3 novembre.\n\n"
            "Je vous demande de m'adresser le détail du calcul de ma prime 2027.")
    assert key_sentence(body).startswith("Je vous demande de m'adresser")


def test_a_quoted_reply_and_what_follows_are_not_the_writers() -> None:
    body = ("Je n'ai toujours rien reçu sur mon compte.\n\n"
            "Le lun. 2 nov. 2026 à 10:12, Alter Ego Assurances <r@example.fr> a écrit :\n"
            "> Nous regrettons le retard et l'absence de réponse de l'assureur.")
    assert sentences(body) == ["Je n'ai toujours rien reçu sur mon compte."]


def test_a_disclaimer_and_a_phones_signature_are_not_prose() -> None:
    body = ("Vous avez prélevé deux fois ma cotisation de novembre.\nEnvoyé de mon iPhone\n\n"
            "Ce message et toutes les pièces jointes sont confidentiels et établis à "
            "l'intention exclusive de leurs destinataires.")
    assert sentences(body) == ["Vous avez prélevé deux fois ma cotisation de novembre."]


def test_a_sentence_holding_a_bank_number_or_a_masked_one_is_never_quoted() -> None:
    body = ("Le remboursement doit être fait sur mon compte FR76 3000 6000 0112 3456 7890 189 "
            "et non sur l'ancien, que vous avez encore débité à tort.\n\n"
            "RIB : FR76 **** **** **** 0189 pour le remboursement du trop-perçu par erreur.")
    assert candidates(body) == []


def test_a_text_ending_without_a_stop_stops_above_its_signature() -> None:
    body = ("mon remboursement de 230 euros n'est toujours pas arrivé alors que le dossier est "
            "clos\nJulien Roche\nService comptabilité – Transports Roche")
    assert key_sentence(body) == ("mon remboursement de 230 euros n'est toujours pas arrivé "
                                  "alors que le dossier est clos")


def test_a_sentence_cut_by_blank_lines_of_ocr_stays_whole() -> None:
    body = ("Le dépanneur est arrivé avec cinq heures\n\nde retard, et j'ai dû dormir dans "
            "ma voiture.")
    assert sentences(body) == ["Le dépanneur est arrivé avec cinq heures de retard, et j'ai "
                               "dû dormir dans ma voiture."]


def test_abbreviations_do_not_cut_a_sentence() -> None:
    body = "M. Roux et Mme Petit n'ont jamais reçu le contrat n. 123 promis le 2 octobre."
    assert sentences(body) == [body]


def test_the_cue_tables_load() -> None:
    grievance.check()


def test_prose_about_the_message_itself_is_no_disclaimer() -> None:
    body = ("Ce mail est destiné au service réclamations.\n"
            "Date : 3 novembre 2026, jour où ma cotisation a été prélevée deux fois.")
    assert len(sentences(body)) == 2


def test_a_line_of_names_and_titles_is_not_a_sentence() -> None:
    body = "Julien Roche\nResponsable Service Clients – Transports Roche Lyon"
    assert sentences(body) == []
