"""Documents made PDFs by LibreOffice headless: the only module that runs soffice.

Workbooks (the monthly report) and the letters' Word documents alike; `convert_all`
converts a whole batch in one soffice call (starting LibreOffice is most of the cost).
Each call uses its own throw-away LibreOffice profile, so parallel runs (two reports, a
test run beside a cron job) never share, lock or corrupt one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from pipeline.errors import SetupError
from pipeline.safe_files import swap_in

log = logging.getLogger(__name__)

TIMEOUT_S = 300
# soffice converts at most about 246 documents per call and says nothing of the rest
# (measured: 246 of 502, then 246 of 256): batches stay well below that
MAX_PER_CALL = 100


def find_soffice() -> str:
    """The LibreOffice executable; SetupError (French) when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SetupError(
            "LibreOffice (soffice) est introuvable : il est nécessaire pour produire les PDF "
            "du rapport et des courriers (installer les paquets libreoffice-calc-nogui et "
            "libreoffice-writer-nogui)."
        )
    return found


def convert_to_pdf(document: Path, target: Path | None = None) -> Path:
    """Write `target` (default: the document's name with .pdf) from `document`.

    The PDF is made in a temporary folder, then swapped in: a reader never sees half a file.
    """
    target = target or document.with_suffix(".pdf")
    convert_all([document], {document: target})
    return target


def convert_all(documents: Sequence[Path],
                targets: dict[Path, Path] | None = None) -> dict[Path, Path]:
    """Each of `documents` made a PDF beside it (or at `targets[document]`), in one soffice
    call per batch of distinct names (at most `MAX_PER_CALL`); returns document -> PDF.
    SetupError (French) when LibreOffice fails; the PDFs it did make are kept."""
    targets = targets or {}
    done: dict[Path, Path] = {}
    pending = list(dict.fromkeys(documents))
    while pending:  # two documents of the same name would meet in the output folder
        batch: list[Path] = []
        later: list[Path] = []
        seen: set[str] = set()
        for doc in pending:
            (later if doc.stem in seen or len(batch) >= MAX_PER_CALL else batch).append(doc)
            seen.add(doc.stem)
        done |= _convert_batch(batch, targets)
        pending = later
    return done


def _few(names: list[str]) -> str:
    """The first three names, and how many in all: a console line, not a list."""
    if len(names) <= 3:
        return ", ".join(names)
    return ", ".join(names[:3]) + f" … ({len(names)} documents)"


def _convert_batch(documents: list[Path], targets: dict[Path, Path]) -> dict[Path, Path]:
    soffice = find_soffice()
    done: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="reclam-soffice-") as tmp:
        profile, out_dir = Path(tmp) / "profil", Path(tmp) / "pdf"
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents),
        ]
        names = _few([d.name for d in documents])
        try:
            ran = subprocess.run(command, capture_output=True, text=True,
                                 timeout=TIMEOUT_S + 10 * len(documents), check=False)
        except subprocess.TimeoutExpired:
            raise SetupError(f"LibreOffice n'a pas converti {names} en PDF à temps.") from None
        missing = []
        for doc in documents:
            produced = out_dir / (doc.stem + ".pdf")
            if not produced.is_file():
                missing.append(doc.name)
                continue
            target = targets.get(doc) or doc.with_suffix(".pdf")
            swap_in(target, partial(shutil.copyfile, produced))
            log.info("PDF written: %s", target.name)
            done[doc] = target
        if ran.returncode != 0 or missing:
            said = (ran.stderr or ran.stdout).strip().splitlines()
            raise SetupError(
                f"LibreOffice n'a pas pu convertir {_few(missing) if missing else names} en PDF"
                + (f" : {said[-1]}" if said else "."))
    return done
