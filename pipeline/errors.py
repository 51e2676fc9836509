"""The exception tree, and the registry of the codes an item is quarantined with.

    ReclamError
    +-- DocumentError        a problem with one input file: the item is quarantined
    |                        with `reason` (French, for the mail room) and the batch goes on
    +-- SetupError           a problem with the installation (config, register, Tesseract):
    |                        the command stops with a one-line message
    +-- WorkersLost          an item's task killed `tentatives_max` workers of a Dask
                             cluster: the runner quarantines it (pipeline.cluster)

Stages raise; `pipeline.runner` catches once per item.

Every quarantine code is listed once below with its meaning: one condition, one code.
`DOCUMENT_CODES` are raised as `DocumentError` by the text stage; `RUN_CODES` are set
by the runner and the rebuild when no stage raised. `DocumentError` refuses a code that
is not registered (a programming error, caught by the tests).
"""

from __future__ import annotations

import errno

DOCUMENT_CODES: dict[str, str] = {
    # any file
    "fichier-vide": "the file has no bytes",
    "fichier-trop-gros": "the file is larger than [traitement] taille_max_mo",
    "contenu-non-reconnu": "the suffix promises a format the bytes are not",
    "format-non-pris-en-charge": "a format the product does not read",
    "tnef": "an Outlook winmail.dat (TNEF) file",
    "aucun-texte": "no text could be read in the file",
    # PDF and images
    "pdf-illisible": "a PDF neither library can open",
    "pdf-chiffre": "a PDF protected by a password",
    "pdf-xfa": "a PDF form whose content is XFA only",
    "image-illisible": "an image (or a page of one) that cannot be decoded or OCR-read",
    "image-trop-grande": "an image over the pixel limit, not opened",
    "trop-de-pages": "more pages than [traitement] pages_max",
    "ocr-trop-long": "the OCR of one page took longer than [traitement] ocr_delai_max_s",
    # emails
    "email-invalide": "an .eml file that is not an email",
    "email-illisible": "an .eml whose MIME structure cannot be read",
    "msg-illisible": "an Outlook .msg file that cannot be read",
    "email-vide": "an email with neither text nor a readable attachment",
    "trop-de-pieces-jointes": "more attachments than [traitement] pieces_jointes_max",
    # entry files (.json, .csv)
    "saisie-non-reconnue": "a .json or .csv file that is not an entry",
    "saisie-trop-grosse": "an entry file over its own size limit",
    "saisie-illisible": "an entry file whose JSON or CSV cannot be parsed",
    "saisie-invalide": "an entry value that is a list or an object, not a text",
    "saisie-vide": "an entry file with no entry",
    "saisie-multiple": "an entry file with more than one entry",
}

ENTRY_FIELD_PREFIX = "saisie-"
"""``saisie-<field>`` (a field of `pipeline.entry.FIELDS`, ``_`` written ``-``): the
entry's field is missing or invalid; the codes above that start so are not fields."""

RUN_CODES: dict[str, str] = {
    "traitement-trop-long": "reading and deciding the item took longer than allowed",
    "memoire": "the item needed more memory than allowed",
    "erreur-interne": "a bug of ours while processing the item",
    "echec-repete": "the item crashed a worker [traitement] tentatives_max times",
    "original-introuvable": "the original of an item in progress is no longer in work/",
    "reconstruit": "an item put back from the filed folders by a journal rebuild",
}

OS_REASONS: dict[int, str] = {  # errno -> what people read, in French
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "disque en lecture seule",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "existe déjà (un fichier à la place du dossier attendu ?)",
    errno.ENOTEMPTY: "dossier non vide",
    errno.EBUSY: "fichier occupé par un autre programme",
    errno.ETXTBSY: "fichier occupé par un autre programme",
    errno.EAGAIN: "fichier verrouillé par un autre programme",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EIO: "erreur de lecture ou d'écriture du disque",
    errno.ELOOP: "trop de liens symboliques",
    errno.EXDEV: "déplacement impossible d'un disque à l'autre",
    errno.ENODEV: "périphérique absent",
    errno.ENXIO: "périphérique absent",
    errno.ESTALE: "partage réseau perdu (reconnectez-le)",
    errno.ETIMEDOUT: "délai dépassé (partage réseau ?)",
}


def os_reason(exc: OSError) -> str:
    """An OSError in French: « fichier ou dossier introuvable : /x/y » (the errno's reason,
    then the file when known), never Python's English `strerror`."""
    reason = OS_REASONS.get(exc.errno or 0) or (
        f"erreur système n° {exc.errno}" if exc.errno else "erreur système")
    return f"{reason} : {exc.filename}" if exc.filename else reason


def is_document_code(code: str) -> bool:
    """Whether `code` is registered for a `DocumentError`."""
    return code in DOCUMENT_CODES or (
        code.startswith(ENTRY_FIELD_PREFIX) and len(code) > len(ENTRY_FIELD_PREFIX)
    )


def is_code(code: str) -> bool:
    """Whether `code` is a registered quarantine code."""
    return code in RUN_CODES or is_document_code(code)


class ReclamError(Exception):
    """Base of every error the product raises on purpose."""


class DocumentError(ReclamError):
    """The input file cannot be processed. `reason` is French and says what to do.

    `code` is a short stable identifier (``pdf-chiffre``, ``fichier-vide``…) that tests
    and statistics use (see `is_document_code`); `reason` is what people read.
    """

    def __init__(self, code: str, reason: str) -> None:
        if not is_document_code(code):
            raise ValueError(f"unregistered document error code {code!r} (pipeline/errors.py)")
        super().__init__(f"[{code}] {reason}")
        self.code = code
        self.reason = reason


class SetupError(ReclamError):
    """The installation cannot do its job (missing config, unreadable register, no Tesseract)."""


class WorkersLost(ReclamError):
    """The workers of a Dask cluster died `deaths` times running the item (kill -9, the OOM
    killer): the scheduler gave it up, and the runner quarantines it (``echec-repete``)."""

    def __init__(self, deaths: int) -> None:
        super().__init__(f"{deaths} workers died running the item")
        self.deaths = deaths
