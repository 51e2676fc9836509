"""Small inputs made on the spot for tests: our own content, no third-party files."""

from __future__ import annotations

import io
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
]

LETTER = [
    "Madame Sophie Durand",
    "12 rue des Lilas, 69003 Lyon",
    "Lyon, le 20 novembre 2026",
    "Objet : réclamation, contrat n° AX-2023-004512",
    "Madame, Monsieur,",
    "Je conteste le refus de prise en charge du dégât des eaux.",
    "Veuillez agréer mes salutations distinguées.",
]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def letter_image(lines: list[str] = LETTER, width: int = 1700, height: int = 1100) -> Image.Image:
    """A white page at about 200 dpi with dark text, like a clean scan."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(34)
    y = 80
    for line in lines:
        draw.text((100, y), line, fill=0, font=font)
        y += 60
    return image


def image_bytes(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, dpi=(200, 200))
    return buffer.getvalue()


def text_pdf(lines: list[str] = LETTER) -> bytes:
    """A one-page digital PDF with a real text layer (Helvetica, WinAnsi accents)."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({esc(t)}) '" for t in lines) + " ET"
    stream = body.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


SENT = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))  # complaint_email's Date:


def complaint_email(
    body: str = "\n".join(LETTER[3:]),
    sender: str = "Sophie Durand <sophie.durand@example.fr>",
    subject: str = "Réclamation contrat AX-2023-004512",
    charset: str = "utf-8",
    attachment: tuple[str, bytes, str] | None = None,
    sent: datetime = SENT,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "reclamations@alteregoassurances.fr"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = "<test-1@example.fr>"
    message.set_content(body, charset=charset)
    if attachment:
        name, data, mime = attachment
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(message)


NAMES = ["Durand", "Lefèvre", "Martin", "Bernard", "Petit", "Moreau", "Fournier", "Girard",
         "Rousseau", "Lambert", "Bonnet", "François", "Mercier", "Faure", "Blanc", "Guérin"]


def _letter_for(n: int) -> list[str]:
    name = NAMES[n % len(NAMES)]
    return [f"Monsieur Jean {name}", f"{n} rue de la Paix, 75002 Paris",
            f"Paris, le {1 + n % 27} novembre 2026",
            f"Objet : réclamation, contrat n° AX-2023-{n:06d}",
            "Je conteste le refus de prise en charge de mon sinistre.",
            "Veuillez agréer mes salutations distinguées."]


def mixed_inbox(folder: Path) -> dict[str, bytes]:
    """30 files as a mail room drops them: scans, digital PDFs, emails, two duplicates
    and three bad files. Returns name -> bytes."""
    files: dict[str, bytes] = {}
    small = (1240, 700)
    for n in range(8):
        files[f"scan_{n:04d}.png"] = image_bytes(letter_image(_letter_for(n), *small), "PNG")
    for n in range(8, 12):
        files[f"photo_{n}.jpg"] = image_bytes(letter_image(_letter_for(n), *small), "JPEG")
    for n in range(12, 14):
        pages = [letter_image(_letter_for(n), *small), letter_image(_letter_for(n + 100), *small)]
        buffer = io.BytesIO()
        pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:],
                      compression="tiff_deflate", dpi=(200, 200))
        files[f"multi_{n}.tif"] = buffer.getvalue()
    for n in range(14, 20):
        files[f"courrier_{n}.pdf"] = text_pdf(_letter_for(n))
    for n in range(20, 24):
        files[f"mail_{n}.eml"] = complaint_email(body="\n".join(_letter_for(n)),
                                                 subject=f"Réclamation n° {n}")
    files["mail_24_pj.eml"] = complaint_email(
        body="Veuillez trouver ci-joint mon courrier.",
        attachment=("courrier.pdf", text_pdf(_letter_for(24)), "application/pdf"))
    files["scan_0000 (copie).png"] = files["scan_0000.png"]
    files["courrier_14 - Copie.pdf"] = files["courrier_14.pdf"]
    files["vide.pdf"] = b""
    files["tronque.pdf"] = text_pdf(_letter_for(25))[:300]
    files["rapport.docx"] = b"PK\x03\x04" + bytes(range(256)) * 4
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files
