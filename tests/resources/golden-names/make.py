"""Makes this folder's letters (ours: our text, the machine's fonts, Pillow), so that they
can be remade or changed: `python -m tests.resources.golden-names.make` does not import
(a dash), so run it as `python tests/resources/golden-names/make.py` from the repository."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.makers import _font, complaint_email, image_bytes, letter_image, text_pdf  # noqa: E402

CABINET = ["Alter Ego Assurances", "Service Réclamations", "12 avenue de la République",
           "75011 Paris"]


def _letter(sender: list[str], place_date: str, subject: str, body: list[str],
            signature: list[str]) -> list[str]:  # fmt: skip
    return [*sender, "", *CABINET, "", place_date, "", f"Objet : {subject}", "",
            "Madame, Monsieur,", "", *body, "",
            "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.", "", *signature]


def _stamp(image: Image.Image, x: int, y: int, lines: list[str]) -> Image.Image:
    """A mail-room stamp: a grey box with capitals, a little turned, printed over the text."""
    font = _font(30)
    stamp = Image.new("L", (380, 120), 255)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((3, 3, 376, 116), outline=90, width=4)
    for n, text in enumerate(lines):
        draw.text((22, 14 + 48 * n), text, fill=90, font=font)
    stamp = stamp.rotate(-1, expand=True, fillcolor=255)
    page = image.copy()
    region = page.crop((x, y, x + stamp.width, y + stamp.height))
    page.paste(Image.fromarray(_darker(region, stamp)), (x, y))
    return page


def _darker(a: Image.Image, b: Image.Image) -> object:
    import numpy as np

    return np.minimum(np.asarray(a), np.asarray(b))


def _degrade(image: Image.Image, seed: int) -> Image.Image:
    """Faded, speckled, slightly turned and blurred, like an office scan."""
    import numpy as np

    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    page = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    arr = np.asarray(page, dtype=np.float32)
    arr = 60 + arr * (185 / 255)  # faded: grey ink on grey paper
    arr += noise.normal(0, 6, arr.shape)
    h, w = arr.shape
    count = h * w // 700
    arr[noise.integers(0, h, count), noise.integers(0, w, count)] = noise.uniform(0, 120, count)
    arr = np.round(arr / 24) * 24  # the few grey levels of a cheap scanner (and a small file)
    return Image.fromarray(np.clip(arr, 0, 255).astype("uint8"))


BODY = ["Le prélèvement de ma cotisation a été fait deux fois ce mois-ci.",
        "Je conteste ce double prélèvement et demande son remboursement."]


def main() -> None:
    size = (1500, 1700)
    # 1. A stamp over the head, on a faded scan: never a name, never the end of the block.
    page = letter_image(_letter(
        ["Sylvie FOURNIER", "26 bis boulevard de la Liberté", "75015 Paris"],
        "Paris, le 23 novembre 2026", "double prélèvement", BODY, ["S. Fournier"]), *size)
    page = _stamp(page, 640, 62, ["REÇU LE", "27 NOV. 2026"])
    (HERE / "scan-tampon-sur-en-tete.png").write_bytes(image_bytes(_degrade(page, 7), "PNG"))
    # 2. The name only in the signature of a degraded scan (a compound family name).
    page = letter_image(_letter(
        ["72 rue Carnot", "75014 Paris"], "Paris, le 22 novembre 2026",
        "résiliation non prise en compte",
        ["J'ai résilié mon contrat auto en septembre, par lettre recommandée.",
         "Je conteste les cotisations prélevées depuis et demande leur remboursement."],
        ["Pascal Lucas-Bertin"]), *size)
    (HERE / "scan-nom-en-signature.png").write_bytes(image_bytes(_degrade(page, 11), "PNG"))
    # 3. OCR punctuation around the sender block's name ("‘Fabrice Robin :"), signed with an
    # initial, no client.
    (HERE / "nom-suivi-de-deux-points.pdf").write_bytes(text_pdf(_letter(
        ["‘Fabrice Robin :", "8 impasse des Tanneurs", "21000 Dijon"],
        "Dijon, le 24 novembre 2026", "refus de prise en charge",
        ["Mon assureur refuse de prendre en charge le dégât des eaux du 2 novembre.",
         "Je conteste ce refus, injustifié au regard de mon contrat."],
        ["F. Robin"])))
    # 4. A hyphenated compound family name written without its hyphen: "Sylvie Étienne
    # Perrot" (Étienne is also a first name); the register gives it whole.
    (HERE / "nom-compose-sans-trait-union.pdf").write_bytes(text_pdf(_letter(
        ["Sylvie Étienne Perrot", "Résidence du Parc, 167 rue des Acacias", "56000 Vannes"],
        "Vannes, le 21 novembre 2026", "indemnisation insuffisante",
        ["L'indemnité proposée pour le vol de mon vélo est très inférieure à sa valeur.",
         "Je conteste ce montant et demande une nouvelle expertise."],
        ["Sylvie Étienne Perrot"])))
    # 5. NOM Prénom, by e-mail from an address the register does not know.
    (HERE / "nom-prenom-majuscules.eml").write_bytes(complaint_email(
        body="\n".join(["DUPONT Thomas", "38 boulevard Voltaire", "50100 Cherbourg-en-Cotentin",
                        "", "Madame, Monsieur,", "",
                        "Votre service ne répond plus à mes relances depuis trois semaines.",
                        "Je suis mécontent de ce silence et demande une réponse rapide.", "",
                        "Cordialement,", "", "DUPONT Thomas"]),
        sender="t.dupont50@example.fr", subject="Absence de réponse"))
    # 6. "Sophie Goff, 30000 Nîmes": not the register's "Anne-Sophie Le Goff, 30000 Nîmes".
    (HERE / "nom-proche-d-un-client.pdf").write_bytes(text_pdf(_letter(
        ["Mme Sophie Goff", "5 rue de la Madeleine", "30000 Nîmes"],
        "Nîmes, le 24 novembre 2026", "retard d'indemnisation",
        ["Mon sinistre déclaré le 3 octobre n'est toujours pas indemnisé.",
         "Je conteste ce retard et demande le règlement sans délai."],
        ["Sophie Goff"])))


if __name__ == "__main__":
    main()
