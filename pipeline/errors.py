"""The exception tree.

    ReclamError
    +-- DocumentError        a problem with one input file: the item is quarantined
    |                        with `reason` (French, for the mail room) and the batch goes on
    +-- SetupError           a problem with the installation (config, register, Tesseract):
                             the command stops with a one-line message

Stages raise; `pipeline.runner` catches once per item.
"""

from __future__ import annotations


class ReclamError(Exception):
    """Base of every error the product raises on purpose."""


class DocumentError(ReclamError):
    """The input file cannot be processed. `reason` is French and says what to do.

    `code` is a short stable identifier (``pdf-chiffre``, ``fichier-vide``…) that tests
    and statistics use; `reason` is what people read.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"[{code}] {reason}")
        self.code = code
        self.reason = reason


class SetupError(ReclamError):
    """The installation cannot do its job (missing config, unreadable register, no Tesseract)."""
