"""Make this folder's letters again: `python -m tests.resources.golden-references.make_files`
does not import (the dash), so run it as a file: `python tests/resources/golden-references/make_files.py`.

Our own text, drawn with tests/makers.py (the machine's fonts, Pillow). The numbers are the
shipped register's (config/registre/contrats.csv), written as a client or OCR would.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests import makers  # noqa: E402

SCAN_SOUS_LE_NUMERO = [
    "Gaëlle Rey",
    "Apt 12, 92 impasse des Lilas",
    "92700 Colombes",
    "Alter Ego Assurances, Service Réclamations",
    "Colombes, le 18 novembre 2026",
    "Objet : réclamation, franchise retenue",
    "Madame, Monsieur,",
    "Assurée chez vous sous le n° 34 823 959, je conteste la franchise",
    "retenue sur le remboursement des réparations de ma voiture.",
    "Je vous demande de revoir ce montant dans les meilleurs délais.",
    "Veuillez agréer mes salutations distinguées.",
    "Gaëlle Rey",
]

SCAN_TIRETS = [
    "Gérard Tessier",
    "Bât. B, 9 avenue Jean Jaurès",
    "56000 Vannes",
    "Vannes, le 19 novembre 2026",
    "Contrat n° AX — 2022 — 284811",
    "Objet : réclamation",
    "Madame, Monsieur,",
    "Je conteste la hausse de ma cotisation automobile, appliquée",
    "sans le moindre courrier d'explication de votre part.",
    "Je vous demande le remboursement de la différence.",
    "Veuillez agréer mes salutations distinguées.",
    "Gérard Tessier",
]

PDF_VREF = [
    "Théo Muller",
    "77 quai des Chartrons",
    "75020 Paris",
    "Alter Ego Assurances",
    "Service Réclamations",
    "Paris, le 17 novembre 2026",
    "V/Réf. : MT 2019 3688808",
    "Objet : réclamation, délai d'indemnisation",
    "Madame, Monsieur,",
    "Je suis mécontent : mon véhicule est immobilisé depuis six semaines et",
    "l'expertise n'a toujours pas été faite. Je vous demande d'intervenir.",
    "Veuillez agréer mes salutations distinguées.",
    "Théo Muller",
]

PDF_DEUX_LIGNES = [
    "Chloé Charpentier",
    "129 rue de Bretagne",
    "75014 Paris",
    "Paris, le 16 novembre 2026",
    "Objet : réclamation",
    "Madame, Monsieur,",
    "Je vous écris au sujet de ma prévoyance, dont l'adhésion porte le numéro 48 826",
    "327 Z. Les indemnités journalières de mon arrêt de travail ne m'ont pas été versées",
    "et je conteste ce retard, qui dure depuis plus d'un mois.",
    "Veuillez agréer mes salutations distinguées.",
    "Chloé Charpentier",
]

MAIL_POLICE = (
    "Bonjour,\n\n"
    "Je vous écris au sujet de ma police pac 90952128 07 : le prélèvement de novembre a été\n"
    "fait deux fois et je conteste ce double prélèvement. Je vous demande de me rembourser.\n\n"
    "Cordialement,\n"
    "Jean-Pierre Roche\n"
    "34 rue du Faubourg Saint-Antoine, 75020 Paris\n"
)


def main() -> None:
    (HERE / "scan-sous-le-numero-lettre-perdue.png").write_bytes(
        makers.image_bytes(makers.letter_image(SCAN_SOUS_LE_NUMERO), "PNG"))
    (HERE / "scan-tirets-ocr.png").write_bytes(
        makers.image_bytes(makers.letter_image(SCAN_TIRETS), "PNG"))
    (HERE / "vref-format-assureur.pdf").write_bytes(makers.text_pdf(PDF_VREF))
    (HERE / "numero-sur-deux-lignes.pdf").write_bytes(makers.text_pdf(PDF_DEUX_LIGNES))
    (HERE / "mail-police-sans-etiquette.eml").write_bytes(makers.complaint_email(
        body=MAIL_POLICE, sender="Jean-Pierre Roche <jp.roche.75@example.fr>",
        subject="Double prélèvement"))


if __name__ == "__main__":
    main()
