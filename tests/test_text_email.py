"""The email readers (`pipeline.text.email`): our own small fixtures, then every real
odd email and .msg of /work/shared/corpus-real read in place, each with a golden
expectation.

The attachment reader is a real function (`fake_reader`): PDFs and PNG/JPEG/TIFF with
the right magic bytes give one page, anything else raises DocumentError, as the real
PDF/OCR reader does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline import codec
from pipeline.errors import DocumentError
from pipeline.text.email import read_eml, read_msg
from pipeline.text.email_assemble import FORWARD_PART, sanitise_name, unique_name
from pipeline.text.email_charset import decode_bytes
from pipeline.text.email_forward import split_forward
from pipeline.text.email_headers import parse_date
from pipeline.text.email_html import html_to_text
from pipeline.text.model import Extracted, Page, PageMethod, TextLimits

RESOURCES = Path(__file__).parent / "resources" / "email"
CORPUS = Path("/work/shared/corpus-real")
LIMITS = TextLimits()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def fake_reader(name: str, data: bytes) -> tuple[Page, ...]:
    """Stands for the PDF/image reader: same interface, same failure mode."""
    if b"%PDF-" in data[:1024] or data[:8] == PNG[:8] or data[:3] == b"\xff\xd8\xff":
        return (Page(1, f"Texte lu dans {name}", PageMethod.TEXT_LAYER, part=name),)
    raise DocumentError("pdf-illisible", "Le fichier PDF est endommagé.")


@dataclass
class RecordingReader:
    """A reader that remembers what it was given."""

    calls: list[tuple[str, bytes]] = field(default_factory=list)

    def __call__(self, name: str, data: bytes) -> tuple[Page, ...]:
        self.calls.append((name, data))
        return fake_reader(name, data)


def eml(name: str, limits: TextLimits = LIMITS) -> Extracted:
    return read_eml((RESOURCES / name).read_bytes(), limits, fake_reader)


def part_text(result: Extracted, part: str) -> str:
    return "\n".join(p.text for p in result.pages if p.part == part)


def build(
    body: str | None = "Bonjour, voici ma réclamation.",
    *,
    subject: str = "Réclamation",
    html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    headers: dict[str, str] | None = None,
) -> bytes:
    """A small email built with the stdlib, in our own words."""
    msg = EmailMessage()
    msg["From"] = "Jeanne Client <jeanne.client@example.fr>"
    msg["To"] = "reclamations@courtier.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 18 Mar 2024 10:00:00 +0100"
    msg["Message-ID"] = "<built@example.fr>"
    for key, value in (headers or {}).items():
        msg[key] = value
    if body is not None:
        msg.set_content(body)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


# --------------------------------------------------------------------------- our fixtures


def test_latin1_quoted_printable_complaint_keeps_french_accents() -> None:
    result = eml("plainte_latin1_qp.eml")
    assert result.email is not None
    assert result.email.subject == "Réclamation contrat habitation n° HAB-2023-004512"
    assert result.email.sender_name == "Hélène Lefèvre"
    assert result.email.sender_address == "helene.lefevre@example.fr"
    assert result.email.cc == ("client@courtier.example",)
    assert result.email.date == "2024-03-12T09:15:02+01:00"
    body = result.pages[0]
    assert (body.number, body.method, body.part) == (1, PageMethod.EMAIL_BODY, "")
    assert "résiliation" in body.text and "Hélène Lefèvre" in body.text
    assert "Référence du sinistre\u00a0: SIN-88412" in body.text  # NBSP before the colon
    assert "Ã" not in result.text  # no mojibake


def test_html_only_body_becomes_clean_text_without_script_or_style() -> None:
    result = eml("plainte_html_seul.eml")
    text = result.pages[0].text
    assert "dégât des eaux" in text
    assert "passé.\nJe demande" in text  # <br> kept as a line break
    assert "Bonjour,\n\nSuite" in text  # paragraphs kept apart
    assert "alert" not in text and "color" not in text and "Titre caché" not in text
    assert result.email is not None and result.email.sender_name == "François Prévost"


def test_inline_cid_image_is_listed_but_not_read() -> None:
    reader = RecordingReader()
    result = read_eml((RESOURCES / "plainte_html_seul.eml").read_bytes(), LIMITS, reader)
    (logo,) = result.attachments
    assert (logo.name, logo.read, logo.note) == ("logo.png", False, "image intégrée au message")
    assert reader.calls == []


def test_base64_utf8_body_and_encoded_subject_are_decoded() -> None:
    result = eml("plainte_base64_utf8.eml")
    assert result.email is not None and result.email.subject == "Véhicule immobilisé"
    assert "immobilisée depuis trois semaines" in result.text
    assert "Émilie Bécaud" in result.text


def test_outlook_french_forward_is_split_from_the_staff_note() -> None:
    result = eml("transfert_outlook_fr.eml")
    note = part_text(result, "")
    original = part_text(result, FORWARD_PART)
    assert "Pour traitement" in note and "Mon sinistre" not in note
    assert "Mon sinistre du 5 janvier n'est toujours pas réglé" in original
    assert result.forwarded is not None
    assert result.forwarded.sender_name == "Dupont, Marie"
    assert result.forwarded.sender_address == "marie.dupont@example.fr"
    assert result.forwarded.subject == "Réclamation sinistre auto SIN-55102"
    assert result.forwarded.to == ("paul.martin@courtier.example", "accueil@courtier.example")
    assert result.forwarded.cc == ("conseiller@courtier.example",)
    assert (
        result.email is not None and result.email.sender_address == "paul.martin@courtier.example"
    )


def test_gmail_forward_is_split_and_the_original_sender_parsed() -> None:
    result = eml("transfert_gmail.eml")
    assert part_text(result, "") == "Bonjour, je vous transfère le message de M. Garnier."
    assert "franchise de 450 €" in part_text(result, FORWARD_PART)
    assert result.forwarded is not None
    assert result.forwarded.sender_name == "Luc Garnier"
    assert result.forwarded.sender_address == "luc.garnier@example.fr"
    assert result.forwarded.subject == "Contestation de la franchise"
    assert result.forwarded.date is None  # no offset in "ven. 8 mars 2024 à 16:32"


def test_pdf_attachment_is_read_as_pages_of_the_same_item() -> None:
    reader = RecordingReader()
    result = read_eml((RESOURCES / "une_ligne_avec_pdf.eml").read_bytes(), LIMITS, reader)
    assert reader.calls == [("lettre.pdf", PDF)]
    assert [(p.part, p.method) for p in result.pages] == [
        ("", PageMethod.EMAIL_BODY),
        ("lettre.pdf", PageMethod.TEXT_LAYER),
    ]
    (pdf,) = result.attachments
    assert (pdf.name, pdf.content_type, pdf.size, pdf.read) == (
        "lettre.pdf",
        "application/pdf",
        len(PDF),
        True,
    )


def test_email_without_body_is_rejected_with_a_french_reason() -> None:
    with pytest.raises(DocumentError) as caught:
        eml("sans_corps.eml")
    assert caught.value.code == "email-vide"
    assert caught.value.reason.startswith(
        "Le message ne contient ni texte ni pièce jointe lisible : vérifiez l'export"
    )


def test_attachment_named_with_parent_directories_is_reduced_to_its_base_name() -> None:
    reader = RecordingReader()
    result = read_eml((RESOURCES / "piece_jointe_chemin.eml").read_bytes(), LIMITS, reader)
    assert [a.name for a in result.attachments] == ["x.pdf"]
    assert reader.calls[0][0] == "x.pdf"
    assert all(".." not in p.part and "/" not in p.part for p in result.pages)


def test_attachment_named_dot_dot_x_without_extension_is_safe() -> None:
    data = build(attachments=[("../../x", "application/octet-stream", b"data")])
    result = read_eml(data, LIMITS, fake_reader)
    (att,) = result.attachments
    assert att.name == "x" and att.note == "format non pris en charge"


def test_result_survives_a_json_round_trip() -> None:
    result = eml("transfert_outlook_fr.eml")
    assert codec.load(Extracted, codec.dump(result)) == result


def test_letter_text_is_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    eml("plainte_latin1_qp.eml")
    eml("transfert_outlook_fr.eml")
    assert "résiliation" not in caplog.text and "Mon sinistre" not in caplog.text


# --------------------------------------------------------------------------- built in code


def test_message_rfc822_part_is_kept_apart_as_the_forwarded_message() -> None:
    inner = EmailMessage()
    inner["From"] = "Marc Client <Marc.Client@Example.fr>"
    inner["To"] = "agence@courtier.example"
    inner["Subject"] = "Retard de remboursement"
    inner["Date"] = "Tue, 05 Mar 2024 14:00:00 +0100"
    inner.set_content("J'attends mon remboursement depuis deux mois.")
    outer = EmailMessage()
    outer["From"] = "agence@courtier.example"
    outer["To"] = "reclamations@courtier.example"
    outer["Subject"] = "Fwd: Retard de remboursement"
    outer["Date"] = "Wed, 06 Mar 2024 09:00:00 +0100"
    outer.set_content("À traiter en priorité.")
    outer.add_attachment(inner)
    result = read_eml(outer.as_bytes(), LIMITS, fake_reader)
    assert part_text(result, "") == "À traiter en priorité."
    assert "J'attends mon remboursement" in part_text(result, FORWARD_PART)
    assert result.forwarded is not None
    assert result.forwarded.sender_address == "marc.client@example.fr"
    assert result.forwarded.date == "2024-03-05T14:00:00+01:00"
    (att,) = result.attachments
    assert att.name == "Retard de remboursement.eml" and att.read


def test_attached_eml_file_is_read_as_a_forwarded_message() -> None:
    original = (RESOURCES / "plainte_latin1_qp.eml").read_bytes()
    data = build(
        "Voir pièce jointe.", attachments=[("plainte.eml", "application/octet-stream", original)]
    )
    result = read_eml(data, LIMITS, fake_reader)
    assert result.forwarded is not None and result.forwarded.sender_name == "Hélène Lefèvre"
    assert "résiliation" in part_text(result, FORWARD_PART)


def test_attached_outlook_msg_is_read_as_a_forwarded_message() -> None:
    msg = (CORPUS / "msg" / "poi_attachment_msg_pdf.msg").read_bytes()
    data = build(
        "Message Outlook joint.", attachments=[("client.msg", "application/vnd.ms-outlook", msg)]
    )
    result = read_eml(data, LIMITS, fake_reader)
    assert result.forwarded is not None and result.forwarded.subject == "test email"
    assert "Test email with 1 msg attachment" in part_text(result, FORWARD_PART)
    assert "smbprn.00009008.KdcPjl.pdf" in {a.name for a in result.attachments}


def test_nested_messages_beyond_the_depth_limit_are_noted_with_a_warning() -> None:
    msg = EmailMessage()
    msg["From"] = "niveau3@example.fr"
    msg["Subject"] = "niveau 3"
    msg.set_content("Texte le plus profond.")
    for level in (2, 1):
        outer = EmailMessage()
        outer["From"] = f"niveau{level}@example.fr"
        outer["Subject"] = f"niveau {level}"
        outer.set_content(f"Texte du niveau {level}.")
        outer.add_attachment(msg)
        msg = outer
    container = EmailMessage()
    container["From"] = "gestionnaire@courtier.example"
    container["Subject"] = "Message de tête"
    container["Date"] = "Mon, 18 Mar 2024 10:00:00 +0100"
    container.set_content("Message de tête.")
    container.add_attachment(msg)
    result = read_eml(container.as_bytes(), TextLimits(max_attachment_depth=2), fake_reader)
    forwarded = part_text(result, FORWARD_PART)
    assert "Texte du niveau 1." in forwarded and "Texte du niveau 2." in forwarded
    assert "Texte le plus profond." not in forwarded
    assert any("profondeur maximale" in w for w in result.warnings)
    deepest = [a for a in result.attachments if not a.read]
    assert deepest and "profondeur maximale" in deepest[0].note


def test_email_whose_only_content_is_an_empty_attached_message_is_empty() -> None:
    inner = EmailMessage()
    inner["From"] = "client@example.fr"
    inner["Subject"] = "Sans texte"
    inner.set_content("")
    outer = EmailMessage()
    outer["From"] = "agence@courtier.example"
    outer["Subject"] = "Fwd: Sans texte"
    outer.set_content("")
    outer.add_attachment(inner)
    with pytest.raises(DocumentError) as caught:
        read_eml(outer.as_bytes(), LIMITS, fake_reader)
    assert caught.value.code == "email-vide"


def test_more_attachments_than_the_limit_is_rejected_with_the_count() -> None:
    files = [(f"releve{i}.txt", "text/plain", b"ligne") for i in range(4)]
    with pytest.raises(DocumentError) as caught:
        read_eml(build(attachments=files), TextLimits(max_attachments=3), fake_reader)
    assert caught.value.code == "trop-de-pieces-jointes"
    assert "4 pièces jointes" in caught.value.reason and "limite de 3" in caught.value.reason


def test_failing_pdf_keeps_the_email_and_notes_the_reason() -> None:
    data = build(attachments=[("scan.pdf", "application/pdf", b"pas un pdf")])
    result = read_eml(data, LIMITS, fake_reader)
    (att,) = result.attachments
    assert (att.read, att.note) == (False, "Le fichier PDF est endommagé.")
    assert any("scan.pdf" in w and "endommagé" in w for w in result.warnings)
    assert result.pages[0].text == "Bonjour, voici ma réclamation."


def test_unexpected_reader_errors_are_not_swallowed() -> None:
    def broken_reader(name: str, data: bytes) -> tuple[Page, ...]:
        raise RuntimeError("tesseract absent")

    data = build(attachments=[("lettre.pdf", "application/pdf", PDF)])
    with pytest.raises(RuntimeError):
        read_eml(data, LIMITS, broken_reader)


def test_only_a_failing_pdf_and_no_body_is_an_empty_email_naming_the_attachment() -> None:
    data = build(None, html=None, attachments=[("scan.pdf", "application/pdf", b"abime")])
    with pytest.raises(DocumentError) as caught:
        read_eml(data, LIMITS, fake_reader)
    assert caught.value.code == "email-vide" and "scan.pdf" in caught.value.reason


def test_image_attachment_is_read_and_other_formats_are_noted() -> None:
    files = [
        ("photo.png", "image/png", PNG),
        ("contrat.doc", "application/msword", b"\xd0\xcf\x11\xe0rest"),
        ("archive.zip", "application/zip", b"PK\x03\x04rest"),
        ("winmail.dat", "application/ms-tnef", b"\x78\x9f\x3e\x22rest"),
        ("vide.pdf", "application/pdf", b""),
    ]
    result = read_eml(build(attachments=files), LIMITS, fake_reader)
    notes = {a.name: (a.read, a.note) for a in result.attachments}
    assert notes["photo.png"] == (True, "")
    assert notes["contrat.doc"] == (False, "format non pris en charge")
    assert notes["archive.zip"] == (False, "format non pris en charge")
    assert notes["winmail.dat"] == (False, "pièce winmail.dat (format TNEF) non décodée")
    assert notes["vide.pdf"] == (False, "pièce jointe vide (aucune donnée)")
    assert any("TNEF" in w for w in result.warnings)
    assert any("vide.pdf" in w for w in result.warnings)


def test_text_attachment_is_read_as_a_plain_file_page() -> None:
    data = build(attachments=[("détail.txt", "text/plain", "Montant dû : 300 €".encode())])
    result = read_eml(data, LIMITS, fake_reader)
    page = result.pages[-1]
    assert (page.part, page.method, page.text) == (
        "détail.txt",
        PageMethod.PLAIN_FILE,
        "Montant dû : 300 €",
    )


def test_duplicate_attachment_names_are_made_unique() -> None:
    files = [("ATT00001.txt", "text/plain", b"un"), ("ATT00001.txt", "text/plain", b"deux")]
    result = read_eml(build(attachments=files), LIMITS, fake_reader)
    assert [a.name for a in result.attachments] == ["ATT00001.txt", "ATT00001 (2).txt"]
    assert {p.part: p.text for p in result.pages if p.part} == {
        "ATT00001.txt": "un",
        "ATT00001 (2).txt": "deux",
    }


def test_html_only_email_built_with_the_stdlib_is_read() -> None:
    data = build(None, html="<p>Contrat <b>résilié</b> sans préavis.</p>")
    assert read_eml(data, LIMITS, fake_reader).pages[0].text == "Contrat résilié sans préavis."


def test_oversized_header_is_cut_with_a_warning() -> None:
    many = ", ".join(f"dest{i}@example.fr" for i in range(400))
    data = build(headers={"Cc": many})
    result = read_eml(data, TextLimits(max_header_bytes=2000, max_addresses=1000), fake_reader)
    assert result.email is not None and 0 < len(result.email.cc) < 400
    assert any("« Cc »" in w and "tronqué" in w for w in result.warnings)


def test_addresses_are_capped_in_number_with_a_warning() -> None:
    many = ", ".join(f"Dest{i}@Example.fr" for i in range(30))
    result = read_eml(build(headers={"Cc": many}), TextLimits(max_addresses=10), fake_reader)
    assert result.email is not None and len(result.email.cc) == 10
    assert result.email.cc[0] == "dest0@example.fr"
    assert any("30 adresses" in w for w in result.warnings)


def test_invalid_date_gives_none_and_a_warning() -> None:
    result = read_eml(
        build(headers={}).replace(
            b"Mon, 18 Mar 2024 10:00:00 +0100", b"Mon, 18 Mar 2024 27:00:00 +0100"
        ),
        LIMITS,
        fake_reader,
    )
    assert result.email is not None and result.email.date is None
    assert any("Date d'envoi illisible" in w for w in result.warnings)


def test_file_over_the_size_limit_is_rejected_before_parsing() -> None:
    with pytest.raises(DocumentError) as caught:
        read_eml(build(), TextLimits(max_file_bytes=100), fake_reader)
    assert caught.value.code == "fichier-trop-gros"


def test_text_that_is_not_an_email_is_rejected() -> None:
    with pytest.raises(DocumentError) as caught:
        read_eml(b"This is not a valid eml.", LIMITS, fake_reader)
    assert caught.value.code == "email-invalide"


def test_garbage_given_as_msg_is_rejected_as_unreadable() -> None:
    with pytest.raises(DocumentError) as caught:
        read_msg(b"From: x@example.fr\r\n\r\nbonjour", LIMITS, fake_reader)
    assert caught.value.code == "msg-illisible"


def test_truncated_msg_container_is_rejected_as_unreadable() -> None:
    data = (CORPUS / "msg" / "poi_attachment_msg_pdf.msg").read_bytes()[:4096]
    with pytest.raises(DocumentError) as caught:
        read_msg(data, LIMITS, fake_reader)
    assert caught.value.code == "msg-illisible"


def test_outlook_msg_given_as_eml_is_read_as_msg() -> None:
    data = (CORPUS / "msg" / "poi_attachment_msg_pdf.msg").read_bytes()
    result = read_eml(data, LIMITS, fake_reader)
    assert result.email is not None and result.email.subject == "test email"


# --------------------------------------------------------------------------- helpers


def test_charset_fallbacks_decode_chinese_korean_and_mislabelled_latin1() -> None:
    assert decode_bytes("镜头".encode("gb18030"), "gb2312") == "镜头"
    assert decode_bytes("한국".encode("cp949"), "ks_c_5601-1987") == "한국"
    assert decode_bytes("cœur d’été".encode("cp1252"), "iso-8859-1") == "cœur d’été"
    assert decode_bytes("prévu".encode("latin-1"), "x-inconnu") == "prévu"
    assert decode_bytes("prévu".encode(), None) == "prévu"


def test_sanitised_names_have_no_path_no_control_characters_and_are_nfc() -> None:
    assert sanitise_name("1234/../../1234.txt", "text/plain", 1) == "1234.txt"
    assert sanitise_name("..\\..\\x.pdf", "application/pdf", 1) == "x.pdf"
    assert sanitise_name("relevé\n\rjanvier.pdf", "application/pdf", 1) == "relevé janvier.pdf"
    assert sanitise_name("releve\u0301.pdf", "application/pdf", 1) == "relevé.pdf"
    assert sanitise_name("../..", "application/pdf", 3) == "pièce jointe 3.pdf"
    assert sanitise_name(None, "message/rfc822", 2) == "pièce jointe 2.eml"
    assert sanitise_name("=?utf-8?q?r=C3=A9sum=C3=A9.pdf?=", "application/pdf", 1) == "résumé.pdf"


def test_unique_names_are_case_insensitive() -> None:
    taken: set[str] = set()
    assert [unique_name(n, taken) for n in ("a.pdf", "A.pdf", "a.pdf", "message transféré")] == [
        "a.pdf",
        "A (2).pdf",
        "a (3).pdf",
        "message transféré (2)",
    ]


@pytest.mark.parametrize(
    "marker",
    [
        "-------- Message transféré --------",
        "-------- Message d'origine --------",
        "-----Message d'origine-----",
        "Début du message réexpédié :",
        "---------- Forwarded message ---------",
        "-----Original Message-----",
    ],
)
def test_forward_markers_split_the_note_from_the_original(marker: str) -> None:
    text = f"Note du gestionnaire.\n\n{marker}\nDe : Anne Roy <anne.roy@example.fr>\nObjet : Sinistre\n\nTexte de la cliente."
    note, original, headers = split_forward(text)
    assert note == "Note du gestionnaire."
    assert original.endswith("Texte de la cliente.")
    assert headers is not None and headers.sender_address == "anne.roy@example.fr"


def test_english_outlook_header_block_is_a_forward() -> None:
    text = "FYI\n\nFrom: Anne Roy [mailto:anne.roy@example.fr]\nSent: Monday, March 11, 2024 10:19 AM\nTo: Agence\nSubject: Claim\n\nBody"
    note, original, headers = split_forward(text)
    assert note == "FYI" and original.startswith("From: Anne Roy")
    assert headers is not None
    assert (headers.sender_name, headers.sender_address, headers.subject) == (
        "Anne Roy",
        "anne.roy@example.fr",
        "Claim",
    )


def test_plain_body_without_forward_is_left_whole() -> None:
    assert split_forward("Bonjour,\nDe : nos services, rien.\nMerci") == (
        "Bonjour,\nDe : nos services, rien.\nMerci",
        "",
        None,
    )


def test_html_to_text_keeps_lists_and_tables_readable() -> None:
    html = "<ul><li>Contrat</li><li>Sinistre</li></ul><table><tr><td>N°</td><td>42</td></tr></table><!-- x -->"
    assert html_to_text(html) == "Contrat\nSinistre\n\nN° 42"


# --------------------------------------------------------------------------- real corpus


ANY = "<not checked>"


@dataclass(frozen=True)
class Golden:
    """What one real file must give: an error code, or facts about the result."""

    error: str | None = None
    subject: str | None = None
    sender: str | None = None
    body_contains: tuple[str, ...] = ()
    attachments: tuple[str, ...] | None = None  # names, in order
    read: tuple[str, ...] = ()  # attachment names whose text is among the pages
    notes: dict[str, str] = field(default_factory=dict)  # name -> note contains
    forwarded_subject: str | None = None
    forwarded_contains: tuple[str, ...] = ()
    date: str | None = ANY  # ANY: not checked
    warning_contains: tuple[str, ...] = ()


EMAILS: dict[str, Golden] = {
    "cpython_msg_15_nested_same_boundary.eml": Golden(
        subject="XX",
        body_contains=("Some removed test.",),
        attachments=("xx.gif",),
        notes={"xx.gif": "base64 corrompu"},
        warning_contains=("Structure MIME défectueuse",),
    ),
    "cpython_msg_35_no_header_body_separator.eml": Golden(
        subject="here's something interesting",
        sender="aperson@dom.ain",
        body_contains=("counter to RFC 5322",),
    ),
    "cpython_msg_47_invalid_date_hour27.eml": Golden(
        sender="123@example.com",
        body_contains=("PHARRMACY",),
        date=None,
        warning_contains=("27:39:33",),
    ),
    "emlparser_sample_gh_issue_76_newline_in_names.eml": Golden(
        sender="badname@example.com", body_contains=("Message Body",)
    ),
    "emlparser_sample_invalid_date1.eml": Golden(
        subject="",
        body_contains=("test",),
        date=None,
        warning_contains=("Expéditeur absent", "Date d'envoi illisible"),
    ),
    "mailparser_mail_malformed_3.eml": Golden(
        subject="Ahorre Dinero en su Recibo de Luz",
        body_contains=("Problemas para visualizar", "aquí para darse de baja"),
        warning_contains=("Structure MIME défectueuse",),
    ),
    "mailparser_mail_test_5_fr_newsletter.eml": Golden(
        subject="Je prépare mon été zéro complexe !",
        body_contains=("Si ce message ne s'affiche pas correctement",),
        notes={
            "mailingassets_d68799cd6301c7f5731a3c42946e528bcb78eb84.jpg": "image intégrée",
        },
        date="2017-03-08T05:00:31+01:00",
    ),
    "mailparser_mail_test_9_html_only_gb2312.eml": Golden(
        subject="我把镜头拉近些，你们看看这个是什么屄，这种场合自然少不了内射",
        body_contains=("我把镜头拉近些",),
    ),
    "mikelmail_attachment_nonascii_filename_raw8bit.eml": Golden(
        body_contains=("This is the first part.",),
        attachments=("ciële.txt",),
        read=("ciële.txt",),
    ),
    "mikelmail_fr_bounce_part_without_content_type.eml": Golden(
        body_contains=("THIS IS A WARNING MESSAGE ONLY",),
        forwarded_subject="Est-ce toi ?",
        forwarded_contains=("je ne suis pas sur de m'adresser",),
        warning_contains=("avis de non-remise",),
    ),
    "mikelmail_multiple_content_types.eml": Golden(
        body_contains=("foo",), warning_contains=("plusieurs types de contenu",)
    ),
    "mimekit_empty_multipart.eml": Golden(body_contains=("This part should be on the same level",)),
    "mimekit_multipart_no_end_boundary.eml": Golden(
        body_contains=("Multipart message without closing boundary",)
    ),
    "mimekit_simple_embedded_message_rfc822.eml": Golden(
        body_contains=("This is the message body.",),
        forwarded_subject="embedded message",
        forwarded_contains=("This is the embedded message body.",),
        attachments=("embedded message.eml",),
    ),
    "mimekit_stack_overflow_huge_to_header.eml": Golden(
        subject="Message Subject",
        body_contains=("Message Body",),
        warning_contains=("« To »", "tronqué"),
    ),
    "mimekit_tnef_ukr_winmail_dat.eml": Golden(
        body_contains=("шостий",),
        attachments=("winmail.dat",),
        notes={"winmail.dat": "pièce winmail.dat (format TNEF) non décodée"},
        warning_contains=("TNEF",),
    ),
    "otrs_FilenameWithCRLF.eml": Golden(
        subject="Delivery Status",
        attachments=(
            "deliveryproblems.txt",
            "deliverystatus.txt",
            "Test test test test dokument.eml",
        ),
        read=("deliveryproblems.txt", "deliverystatus.txt"),
        forwarded_subject="Test test test test dokument",
    ),
    "paperless_broken_not_an_email.eml": Golden(error="email-invalide"),
    "pmmp_issue158a_html_only_with_forwarded_rfc822.eml": Golden(
        subject="Fwd: Test 5",
        body_contains=("An RFC 822 forward with a HTML body",),
        attachments=("Test 5.eml",),
        forwarded_subject="Test 5",
        forwarded_contains=("An original PLAIN TEXT message body",),
    ),
    "pmmp_issue250_newline_in_filename.eml": Golden(error="email-vide"),
    "pmmp_issue408_300_attachments.eml": Golden(error="trop-de-pieces-jointes"),
    "pmmp_m0013_fr_outlook_latin1_qp.eml": Golden(
        subject="50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829. pdf",
        body_contains=("Pas à pas, agissons au quotidien pour préserver",),
        attachments=("50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829.pdf",),
        notes={"50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829.pdf": "endommagé"},
        forwarded_subject="TR: xxx : DT : 50032266 CAR 11_MNPA00A01_9PTX_H00 ATT N° 1467829. pdf",
        forwarded_contains=("Pièce jointe toujours pas conforme", "où un problème"),
    ),
    "pmmp_m0024_fr_encoded_filename.eml": Golden(error="email-vide"),
    "pmmp_m0026_duplicate_attachment_names_ks_c_5601.eml": Golden(
        body_contains=("My traveling companions!",),
        attachments=("ATT00001.txt", "ATT00001 (2).txt"),
        read=("ATT00001.txt", "ATT00001 (2).txt"),
    ),
    "pmmp_m0027_path_traversal_filename.eml": Golden(error="email-vide"),
    "poi_bug52400_winmail_simple.dat": Golden(error="email-invalide"),
}

MSGS: dict[str, Golden] = {
    "mailparser_mail_outlook_1.msg": Golden(
        subject="Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz",
        sender="nueblingv@w-vwa.de",
        body_contains=("unvollständig angezeigt",),
        attachments=(
            "newsletter.png",
            "spacer.gif",
            "image004.jpg",
            "image006.jpg",
            "image008.jpg",
        ),
        notes={"newsletter.png": "image intégrée"},
        date="2017-09-18T12:00:18+02:00",
    ),
    "msgextractor_strangeDate.msg": Golden(
        subject="MSG Test File",
        body_contains=("MSG test file",),
        date=None,
        warning_contains=("Date d'envoi absente",),
    ),
    "msgreader_attach_sample_eml_received.msg": Golden(
        subject="Attach sample.eml",
        attachments=("sample.eml (555 バイト).msg",),
        forwarded_subject="sample",
    ),
    "msgreader_msgInMsgInMsg.msg": Golden(
        subject="I have sub attachments!",
        attachments=(
            "I have attachments!.msg",
            "Microsoft Outlook テスト メッセージ.msg",
            "green.png",
            "blue.png",
        ),
        read=("green.png", "blue.png"),
        forwarded_subject="I have attachments!",
        forwarded_contains=("Microsoft Outlook テスト メッセージ",),
        date=None,
    ),
    "poi_HTMLBodyBinary_CP1251.msg": Golden(
        subject="Subject öäü Subject", body_contains=("HTML автоматически",)
    ),
    "poi_attachment_msg_pdf.msg": Golden(
        subject="test email",
        sender="nick.booth@pof.com.au",
        attachments=("Test Attachment.msg", "smbprn.00009008.KdcPjl.pdf"),
        read=("smbprn.00009008.KdcPjl.pdf",),
        forwarded_subject="Test Attachment",
        forwarded_contains=("Blah blah blah",),
    ),
    "poi_clusterfuzz_4848576776503296.msg": Golden(
        subject="QuickBrownFox",
        body_contains=("Is going to jump over the lazy brown dog",),
        warning_contains=("IPM.Post",),
    ),
    "poi_clusterfuzz_5336473854148608.msg": Golden(error="msg-illisible"),
    "poi_outlook_30_msg.msg": Golden(
        subject="IN-SPIRE servers going down for a bit, back up around 8am",
        sender="nick.cramer@pnl.gov",
        body_contains=("I’m moving the IN-SPIRE servers",),
        date="2008-09-12T16:28:29+02:00",
    ),
}


def test_every_corpus_file_has_a_golden_expectation() -> None:
    assert {p.name for p in (CORPUS / "emails").iterdir()} == set(EMAILS)
    assert {p.name for p in (CORPUS / "msg").iterdir()} == set(MSGS)


def _check(path: Path, golden: Golden) -> None:
    data = path.read_bytes()
    read = read_msg if path.suffix == ".msg" else read_eml
    if golden.error:
        with pytest.raises(DocumentError) as caught:
            read(data, LIMITS, fake_reader)
        assert caught.value.code == golden.error
        assert caught.value.reason and caught.value.reason[0].isupper()
        return
    result = read(data, LIMITS, fake_reader)
    assert result.email is not None
    if golden.subject is not None:
        assert result.email.subject == golden.subject
    if golden.sender is not None:
        assert result.email.sender_address == golden.sender
    if golden.date != ANY:
        assert result.email.date == golden.date
    body = part_text(result, "")
    for fact in golden.body_contains:
        assert fact in body
    names = tuple(a.name for a in result.attachments)
    if golden.attachments is not None:
        assert names == golden.attachments
    for name in golden.read:
        assert any(p.part == name and p.text for p in result.pages)
        assert next(a for a in result.attachments if a.name == name).read
    notes = {a.name: a.note for a in result.attachments}
    for name, note in golden.notes.items():
        assert note in notes[name]
    if golden.forwarded_subject is not None:
        assert result.forwarded is not None
        assert result.forwarded.subject == golden.forwarded_subject
    forwarded = part_text(result, FORWARD_PART)
    for fact in golden.forwarded_contains:
        assert fact in forwarded
    for fact in golden.warning_contains:
        assert any(fact in w for w in result.warnings), (fact, result.warnings)
    for name in names:  # every name is safe
        assert name and "/" not in name and "\\" not in name and "\n" not in name
    assert codec.load(Extracted, codec.dump(result)) == result


@pytest.mark.parametrize("name", sorted(EMAILS))
def test_real_email_gives_its_golden_result(name: str) -> None:
    _check(CORPUS / "emails" / name, EMAILS[name])


@pytest.mark.parametrize("name", sorted(MSGS))
def test_real_msg_gives_its_golden_result(name: str) -> None:
    _check(CORPUS / "msg" / name, MSGS[name])


@pytest.mark.parametrize(("header", "iso"), [
    ("Tue, 03 Nov 2026 23:30:00 +0000", "2026-11-04T00:30:00+01:00"),  # the next day in Paris
    ("Sat, 28 Mar 2026 22:59:59 GMT", "2026-03-28T23:59:59+01:00"),
    ("Sun, 29 Mar 2026 01:30:00 +0000", "2026-03-29T03:30:00+02:00"),  # summer time
])
def test_an_email_date_is_the_day_in_paris(header: str, iso: str) -> None:
    assert parse_date(header) == iso


def test_real_email_date_is_given_in_paris_time() -> None:
    data = (CORPUS / "emails" / "mikelmail_fr_bounce_part_without_content_type.eml").read_bytes()
    result = read_eml(data, LIMITS, fake_reader)  # "Fri, 20 Oct 2006 04:28:33 -0400"
    assert result.email is not None and result.email.date == "2006-10-20T10:28:33+02:00"
    assert result.forwarded is not None and result.forwarded.sender_name == "RogE9"


def test_real_gb2312_subject_is_not_mojibake() -> None:
    data = (CORPUS / "emails" / "mailparser_mail_test_9_html_only_gb2312.eml").read_bytes()
    result = read_eml(data, LIMITS, fake_reader)
    assert result.email is not None and "镜头" in result.email.subject
    assert "\ufffd" not in result.email.subject


def test_real_names_with_control_characters_are_cleaned() -> None:
    data = (CORPUS / "emails" / "emlparser_sample_gh_issue_76_newline_in_names.eml").read_bytes()
    result = read_eml(data, LIMITS, fake_reader)
    assert result.email is not None and result.email.sender_name is None
    assert result.email.to == ("badname@example.com",)


def test_real_300_attachments_reason_gives_count_and_limit() -> None:
    data = (CORPUS / "emails" / "pmmp_issue408_300_attachments.eml").read_bytes()
    with pytest.raises(DocumentError) as caught:
        read_eml(data, LIMITS, fake_reader)
    assert "328 pièces jointes" in caught.value.reason and "limite de 50" in caught.value.reason
    result = read_eml(data, TextLimits(max_attachments=400), fake_reader)
    assert len(result.attachments) == 328 and all(a.read for a in result.attachments)
