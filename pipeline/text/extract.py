"""The text stage: route each file by what its bytes are, not by its name.

    pdf            -> pipeline.text.pdf      (text layer, else render + OCR)
    tiff/png/jpeg  -> pipeline.text.images   (OCR, every frame)
    eml            -> pipeline.text.email    (mail-parser)
    msg            -> pipeline.text.email    (extract-msg)
    saisie         -> pipeline.text.entry    (a JSON or CSV entry: phone call, meeting, web form)

Attachments of an email that are PDFs or images come back here through
`read_attachment`, so they are read exactly like a dropped scan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from pipeline.errors import DocumentError
from pipeline.sniff import sniff
from pipeline.text import images, pdf
from pipeline.text.email import read_eml, read_msg
from pipeline.text.entry import read_entry
from pipeline.text.model import Extracted, Page, TextLimits
from pipeline.text.ocr import OcrEngine

# What a name's extension promises, to tell the mail room when the bytes disagree.
PROMISED = {".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff", ".png": "png", ".jpg": "jpeg",
            ".jpeg": "jpeg", ".eml": "eml", ".msg": "msg"}
LABELS = {"pdf": "un PDF", "tiff": "une image TIFF", "png": "une image PNG",
          "jpeg": "une image JPEG", "eml": "un e-mail", "msg": "un message Outlook",
          "saisie": "une saisie (JSON ou CSV)"}
IMAGE_KINDS = {"tiff", "png", "jpeg"}
ENTRY_SUFFIXES = {".json", ".csv"}


def _size_checked(data: bytes, limits: TextLimits) -> None:
    if not data:
        raise DocumentError(
            "fichier-vide",
            "Le fichier est vide (0 octet) : le scan ou l'export a échoué, "
            "refaites-le puis déposez-le à nouveau.",
        )
    if len(data) > limits.max_file_bytes:
        raise DocumentError(
            "fichier-trop-gros",
            f"Le fichier pèse {len(data) / 1_048_576:.0f} Mo, au-delà de la limite de "
            f"{limits.max_file_bytes / 1_048_576:.0f} Mo : scannez-le en plusieurs parties "
            "ou à une résolution plus faible.",
        )


def _unsupported(kind: str, name: str) -> DocumentError:
    if kind == "tnef":
        return DocumentError(
            "tnef",
            "Ce fichier est une pièce « winmail.dat » (format TNEF d'Outlook) que le "
            "programme ne sait pas lire : demandez l'e-mail d'origine au format .eml ou .msg.",
        )
    suffix = PurePosixPath(name).suffix or "sans extension"
    if suffix.lower() in ENTRY_SUFFIXES:
        return DocumentError(
            "saisie-non-reconnue",
            f"Ce fichier {suffix} n'est pas une saisie : il lui faut au moins les champs "
            "« canal » (telephone, rendez-vous ou formulaire) et « description ». Vérifiez-le "
            "avec « reclam saisie --fichier », ou refaites la saisie avec « reclam saisie ».",
        )
    promised = PROMISED.get(suffix.lower())
    if promised:
        return DocumentError(
            "contenu-non-reconnu",
            f"Le fichier porte l'extension {suffix} mais son contenu n'est pas {LABELS[promised]} "
            "lisible (fichier abîmé ou d'un autre type) : demandez-en une nouvelle copie, "
            "puis redéposez-la.",
        )
    return DocumentError(
        "format-non-pris-en-charge",
        f"Format non pris en charge ({suffix}) : seuls les PDF, images TIFF, PNG, JPEG et "
        "e-mails .eml ou .msg sont traités, et les saisies .json ou .csv. Enregistrez le document en PDF puis déposez-le.",
    )


class TextReader:
    """Reads any accepted file into pages; built once per worker process."""

    def __init__(self, limits: TextLimits, ocr: OcrEngine) -> None:
        self.limits = limits
        self.ocr = ocr

    def read(self, data: bytes, name: str) -> Extracted:
        _size_checked(data, self.limits)
        kind = sniff(data)
        if kind == "pdf":
            result = pdf.read_pdf(data, self.limits, self.ocr)
        elif kind in IMAGE_KINDS:
            result = images.read_image(data, self.limits, self.ocr)
        elif kind == "eml":
            result = read_eml(data, self.limits, self.read_attachment)
        elif kind == "msg":
            result = read_msg(data, self.limits, self.read_attachment)
        elif kind == "saisie":
            result = read_entry(data)
        else:
            raise _unsupported(kind, name)
        promised = PROMISED.get(PurePosixPath(name).suffix.lower())
        if promised and promised != kind:
            note = (f"Le fichier porte l'extension {PurePosixPath(name).suffix} mais contient "
                    f"{LABELS[kind]} : il a été lu comme tel.")
            result = replace(result, warnings=(note, *result.warnings))
        if not any(page.text.strip() for page in result.pages):
            raise DocumentError(
                "aucun-texte",
                "Aucun texte n'a pu être lu dans ce fichier (page blanche, scan trop pâle ou "
                "illisible) : vérifiez l'original et rescannez-le si besoin.",
            )
        return result

    def read_attachment(self, name: str, data: bytes) -> tuple[Page, ...]:
        """An email attachment: a PDF or an image, read like a dropped scan."""
        _size_checked(data, self.limits)
        kind = sniff(data)
        if kind == "pdf":
            return pdf.read_pdf(data, self.limits, self.ocr, part=name).pages
        if kind in IMAGE_KINDS:
            return images.read_image(data, self.limits, self.ocr, part=name).pages
        raise _unsupported(kind, name)
