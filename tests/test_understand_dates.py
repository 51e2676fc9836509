"""The sending date written on an item (pipeline.understand.dates)."""

from __future__ import annotations

from datetime import date

from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.understand.dates import find_sent_on
from pipeline.understand.letter import Letter, cut_letter

TODAY = date(2026, 11, 26)


def letter(head: str, body: str = "Je conteste le refus du sinistre du 3 octobre 2026.") -> Letter:
    text = (
        "Mme Sophie Durand\n12 rue des Lilas\n69003 Lyon\n\nAlter Ego Assurances\n"
        f"12 avenue de la République\n75011 Paris\n\n{head}\n\nObjet : réclamation\n\n"
        f"Madame, Monsieur,\n\n{body}\n\nVeuillez agréer mes salutations distinguées.\n"
        "Sophie Durand\n"
    )
    return cut_letter(Extracted(pages=(Page(1, text, PageMethod.OCR),)), "courrier")


def email(body: str, date_header: str | None, forwarded: bool = False) -> Letter:
    own = EmailHeaders(sender_address="s.durand@example.fr", subject="Réclamation", date=date_header)
    if not forwarded:
        page = Page(1, body, PageMethod.EMAIL_BODY)
        return cut_letter(Extracted(pages=(page,), email=own), "email")
    outer = EmailHeaders(
        sender_address="t.nguyen@alteregoassurances.fr",
        subject="TR: Réclamation",
        date="2026-11-24T10:00:00+01:00",
    )
    pages = (
        Page(1, "Pour traitement.", PageMethod.EMAIL_BODY),
        Page(1, body, PageMethod.EMAIL_BODY, part="message transféré"),
    )
    return cut_letter(Extracted(pages=pages, email=outer, forwarded=own), "email")


def test_place_and_date_line_in_the_head() -> None:
    assert find_sent_on(letter("Lyon, le 20 novembre 2026"), TODAY) == date(2026, 11, 20)
    assert find_sent_on(letter("Le Puy-en-Velay, le 19 novembre 2026"), TODAY) == date(2026, 11, 19)
    assert find_sent_on(letter("Paris le 1er décembre 2025"), TODAY) == date(2025, 12, 1)


def test_numeric_dates() -> None:
    assert find_sent_on(letter("Lyon, le 20/11/2026"), TODAY) == date(2026, 11, 20)
    assert find_sent_on(letter("Rouen le 18.11.2026"), TODAY) == date(2026, 11, 18)
    assert find_sent_on(letter("Dijon, 20-11-26"), TODAY) == date(2026, 11, 20)


def test_numeric_dates_with_separators_ocr_mixed_or_lost() -> None:
    # decided on the independent set's faded scans
    assert find_sent_on(letter("17.11:2026"), TODAY) == date(2026, 11, 17)
    assert find_sent_on(letter("le 1411/2026"), TODAY) == date(2026, 11, 14)
    assert find_sent_on(letter("Contrat 123411/2026"), TODAY) is None


def test_date_without_year_takes_the_most_recent_past_year() -> None:
    assert find_sent_on(letter("Saint-Malo, le 17 novembre"), TODAY) == date(2026, 11, 17)
    assert find_sent_on(letter("Le 28 décembre"), date(2027, 1, 5)) == date(2026, 12, 28)


def test_fait_a_line_after_the_signature() -> None:
    text = (
        "Madame, Monsieur,\n\nJe conteste le refus du sinistre du 3 octobre 2026.\n\n"
        "Veuillez agréer mes salutations.\nSophie Durand\nFait à Lyon le 21 novembre 2026\n"
    )
    found = find_sent_on(cut_letter(Extracted(pages=(Page(1, text, PageMethod.OCR),)), "courrier"))
    assert found == date(2026, 11, 21)


def test_dates_cited_in_the_body_are_not_the_sending_date() -> None:
    body = "Le sinistre est survenu\nle 3 octobre 2026.\nJe vous ai écrit le 12/10/2026."
    assert find_sent_on(letter("", body), TODAY) is None


def test_ocr_noise_and_missing_accents() -> None:
    assert find_sent_on(letter("Lyon, le 2O novembre 2O26"), TODAY) == date(2026, 11, 20)
    assert find_sent_on(letter("Nice, le 1 er fevrier 2026"), TODAY) == date(2026, 2, 1)
    assert find_sent_on(letter("Nice, le ler aout 2026"), TODAY) == date(2026, 8, 1)
    assert find_sent_on(letter("Lyon, le 20 novernbre 2026"), TODAY) == date(2026, 11, 20)


def test_a_name_is_not_read_as_a_date() -> None:
    assert find_sent_on(letter("À l'attention de Marie Lefèvre"), TODAY) is None


def test_email_without_written_date_uses_its_date_header() -> None:
    found = find_sent_on(email("Bonjour,\n\nJe conteste.\n\nCordialement,", "2026-11-20T07:58:00+01:00"))
    assert found == date(2026, 11, 20)


def test_email_written_date_wins_over_the_header() -> None:
    body = "Lyon, le 18 novembre 2026\n\nBonjour,\n\nJe conteste.\n\nCordialement,"
    assert find_sent_on(email(body, "2026-11-20T07:58:00+01:00")) == date(2026, 11, 18)


def test_forwarded_email_uses_the_original_sent_line_then_the_outer_date() -> None:
    body = (
        "De : Sophie Durand <s.durand@example.fr>\nEnvoyé : vendredi 20 novembre 2026 07:37\n"
        "À : Thomas Nguyen <t.nguyen@alteregoassurances.fr>\nObjet : Réclamation\n\n"
        "Bonjour,\n\nJe conteste.\n\nCordialement,"
    )
    assert find_sent_on(email(body, None, forwarded=True)) == date(2026, 11, 20)
    bare = "Bonjour,\n\nJe conteste.\n\nCordialement,"
    assert find_sent_on(email(bare, None, forwarded=True)) == date(2026, 11, 24)


def test_a_quoted_earlier_message_is_not_the_sending_date() -> None:
    body = (
        "Bonjour,\n\nJe conteste votre réponse.\n\nCordialement,\nSophie\n\n"
        "Le ven. 13 nov. 2026 à 10:00, Alter Ego <contact@alteregoassurances.fr> a écrit :\n"
        "> Paris, le 13 novembre 2026\n"
    )
    assert find_sent_on(email(body, "2026-11-20T07:58:00+01:00")) == date(2026, 11, 20)


def test_letter_without_any_date_gives_none() -> None:
    assert find_sent_on(letter(""), TODAY) is None


def test_a_date_line_without_a_town_is_the_letters_date() -> None:
    assert find_sent_on(letter("Mercredi 4 novembre 2026"), TODAY) == date(2026, 11, 4)
    assert find_sent_on(letter("4 NOVEMBRE 2026"), TODAY) == date(2026, 11, 4)
    assert find_sent_on(letter("Le 04/11/2026"), TODAY) == date(2026, 11, 4)


def test_ocr_debris_around_the_date_line_is_ignored() -> None:
    for head in ("Lyon, .le 8 novembre 2026", "« Lyon, le 8 novembre 2026", "_- le 8 nov. 2026",
                 ". 8 novembre 2026 :",
                 "| Lyon, le 8 novembre 2026 |"):
        assert find_sent_on(letter(head), TODAY) == date(2026, 11, 8), head


def test_a_mail_room_stamp_is_never_the_letters_date() -> None:
    for stamp in ("REÇU LE 12 NOV. 2026", "REGU LE 12 NOV. 2026", "ARRIVÉ LE 12/11/2026",
                  "COURRIER ARRIVÉ\n12 NOV. 2026", "ECU LE 12 NOV. 2026"):
        assert find_sent_on(letter(f"{stamp}\nLyon, le 8 novembre 2026"), TODAY) == date(
            2026, 11, 8), stamp
        assert find_sent_on(letter(stamp), TODAY) is None, stamp  # no date of its own


def test_fait_a_in_the_tail_wins_over_event_dates_in_the_body() -> None:
    text = ("Mme Sophie Durand\n12 rue des Lilas\n69003 Lyon\n\nObjet : réclamation\n\n"
            "Madame, Monsieur,\n\nLe 3 octobre 2026, un dégât des eaux a eu lieu.\n"
            "Mon courrier du 12 octobre 2026 est resté sans réponse.\n\n"
            "Veuillez agréer mes salutations.\nFait à Lyon, le 5 novembre 2026\nSophie Durand\n")
    found = find_sent_on(cut_letter(Extracted(pages=(Page(1, text, PageMethod.OCR),)),
                                    "courrier"), TODAY)
    assert found == date(2026, 11, 5)


def test_a_date_in_a_two_column_head_is_read_from_its_cell() -> None:
    head = "Sophie Durand                          Lyon, le 9 novembre 2026"
    assert find_sent_on(letter(head), TODAY) == date(2026, 11, 9)
