"""Speed of the letters' files: the PDF the product writes itself (`letters.pdf.write_pdf`)
against the editable .docx (`letters.word.write_docx`), measured in the same run.

    python -m tools.bench_letters [--rounds 40]

The letters are the five shipped templates (`config/modeles/`) filled with the values of
a typical complaint (every field set, three missing informations), as `compose` lays them
out; each round writes each letter once in each format to a temporary folder. It prints
the median and 95th percentile milliseconds per letter of each writer and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.letters.compose import Letter
from pipeline.letters.owed import LetterType
from pipeline.letters.pdf import write_pdf
from pipeline.letters.templates import FIELDS, SHIPPED, check_all, render
from pipeline.letters.word import write_docx

VALUES: dict[str, str | tuple[str, ...]] = {
    **{name: f"[{name}]" for name in FIELDS},
    "formule_appel": "Madame", "nom_complet": "Madame Sophie Durand", "civilite": "Madame",
    "prenom": "Sophie", "nom": "Durand", "e": "e", "numero": "REC-2026-000123",
    "canal": "courrier", "date_reception": "26\u00a0novembre 2026",
    "date_envoi": "24\u00a0novembre 2026", "date_courrier": "4\u00a0décembre 2026",
    "date_accuse_due": "10\u00a0décembre 2026", "date_reponse_due": "20\u00a0janvier 2027",
    "references": "contrat AX-2023-004512, sinistre SIN-24-00123",
    "description": "Retard de remboursement du sinistre dégât des eaux de septembre.",
    "gestionnaire": "Thomas Nguyen", "signataire": "Thomas Nguyen",
    "cabinet": "Alter Ego Assurances", "cabinet_adresse": "12 avenue de la République, 75011 Paris",
    "cabinet_telephone": "01\u00a043\u00a055\u00a021\u00a080",
    "cabinet_email": "reclamations@alteregoassurances.fr",
    "mediateur": "La Médiation de l'Assurance",
    "mediateur_adresse": "TSA 50110, 75441 Paris Cedex 09",
    "mediateur_site": "www.mediation-assurance.org", "organisme": "MAAF Assurances",
    "organisme_adresse": "MAAF Assurances, Service Réclamations, 79036 Niort Cedex 9",
    "organisme_email": "reclamations@maaf.example",
    "informations_manquantes": ("votre adresse postale", "un numéro de téléphone où vous joindre",
                                "la copie du courrier de refus"),
    "informations_suivantes": "des informations suivantes, qui ne figurent pas",
    "les_informations": "les",
}


def sample_letters() -> list[Letter]:
    """One letter of each type, as `compose` makes them for a typical complaint."""
    out = []
    for kind, template in check_all(SHIPPED).items():
        text = render(template, VALUES)
        out.append(Letter(
            kind=kind, item_id="REC-2026-000123",
            letterhead=("Alter Ego Assurances", "12 avenue de la République, 75011 Paris",
                        "Tél. 01 43 55 21 80", "reclamations@alteregoassurances.fr"),
            addressee=(("La Médiation de l'Assurance", "TSA 50110", "75441 Paris Cedex 09")
                       if kind == LetterType.TO_MEDIATOR
                       else ("Madame Sophie Durand", "12 rue des Lilas", "69003 Lyon")),
            place_date="Paris, le 4\u00a0décembre 2026",
            references=("Notre référence : REC-2026-000123",
                        "Vos références : contrat AX-2023-004512, sinistre SIN-24-00123"),
            subject=text.subject, paragraphs=text.paragraphs,
            signature=("Thomas Nguyen", "Service Réclamations", "Alter Ego Assurances"),
            day=date(2026, 12, 4)))
    return out


def per_letter_ms(write: Callable[[Letter, Path], None], letters: list[Letter], folder: Path,
                  rounds: int) -> list[float]:
    """Milliseconds of each call of `write`, every letter `rounds` times (one warm-up)."""
    times = []
    for n in range(rounds + 1):
        for i, letter in enumerate(letters):
            start = time.perf_counter()
            write(letter, folder / f"{i}")
            if n:
                times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)
    letters = sample_letters()
    with tempfile.TemporaryDirectory(prefix="reclam-bench-letters-") as tmp:
        pdf = per_letter_ms(write_pdf, letters, Path(tmp), args.rounds)
        docx = per_letter_ms(write_docx, letters, Path(tmp), args.rounds)
    for name, times in (("PDF (letters.pdf)", pdf), (".docx (letters.word)", docx)):
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{name:22} median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms "
              f"per letter ({len(times)} letters)")
    print(f"the .docx takes {statistics.median(docx) / statistics.median(pdf):.1f} × the PDF")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
