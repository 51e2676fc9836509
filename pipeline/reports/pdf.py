"""A workbook made a PDF by LibreOffice headless: the only module that runs soffice.

Each conversion uses its own throw-away LibreOffice profile, so parallel runs (two
reports, a test run beside a cron job) never share, lock or corrupt one.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from functools import partial
from pathlib import Path

from pipeline.errors import SetupError
from pipeline.safe_files import swap_in

log = logging.getLogger(__name__)

TIMEOUT_S = 300


def find_soffice() -> str:
    """The LibreOffice executable; SetupError (French) when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SetupError(
            "LibreOffice (soffice) est introuvable : il est nécessaire pour produire le "
            "rapport PDF (installer le paquet libreoffice-calc-nogui)."
        )
    return found


def convert_to_pdf(workbook: Path, target: Path | None = None) -> Path:
    """Write `target` (default: the workbook's name with .pdf) from `workbook`.

    The PDF is made in a temporary folder, then swapped in: a reader never sees half a file.
    """
    soffice = find_soffice()
    target = target or workbook.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="reclam-soffice-") as tmp:
        profile, out_dir = Path(tmp) / "profil", Path(tmp) / "pdf"
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out_dir), str(workbook),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise SetupError(
                f"LibreOffice n'a pas converti {workbook.name} en PDF en {TIMEOUT_S} s."
            ) from None
        produced = out_dir / (workbook.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            raise SetupError(
                f"LibreOffice n'a pas pu convertir {workbook.name} en PDF"
                + (f" : {said[-1]}" if said else ".")
            )
        swap_in(target, partial(shutil.copyfile, produced))
    log.info("PDF written: %s", target)
    return target
