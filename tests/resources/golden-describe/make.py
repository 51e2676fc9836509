"""Makes this folder's letters and emails (ours: our text, the machine's fonts, Pillow), so
that they can be remade or changed: run `python tests/resources/golden-describe/make.py`
from the repository (the folder's dash keeps it from being imported)."""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.makers import SENT, complaint_email, image_bytes, letter_image, text_pdf  # noqa: E402

CABINET = ["Alter Ego Assurances", "Service Réclamations", "12 avenue de la République",
           "75011 Paris"]
CLOSING = "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées."


def _letter(sender: list[str], place_date: str, subject: str, body: list[str],
            signature: list[str], greeting: str = "Madame, Monsieur,",
            closing: str = CLOSING) -> list[str]:  # fmt: skip
    lines = [*sender, "", *CABINET, "", place_date, "", f"Objet : {subject}", "", greeting, ""]
    for paragraph in body:
        lines += [paragraph, ""]
    return [*lines, closing, "", *signature]


def _wrapped(lines: list[str], width: int = 88) -> list[str]:
    """Long lines cut at word boundaries, as a word processor lays out a page."""
    out: list[str] = []
    for line in lines:
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            out.append(line[:cut])
            line = line[cut + 1:]
        out.append(line)
    return out


def _html_email(html: str, subject: str, sender: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "reclamations@alteregoassurances.fr"
    message["Subject"] = subject
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = "<golden-describe@example.fr>"
    message.set_content(html, subtype="html")
    return bytes(message)


def main() -> None:
    # 1. An association writing for a member, opening with « vous fait part de la réclamation suivante ».
    (HERE / "association.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Association Consommateurs du Val de Loire", "8 place du Martroi", "45000 Orléans"],
        "Orléans, le 16 novembre 2026", "Réclamation de notre adhérente",
        ["Notre association vous fait part de la réclamation suivante, au nom de notre "
         "adhérente Mme Colette Marchal, 4 rue Bannier, 45000 Orléans.",
         "Son assureur refuse de prendre en charge les dégâts causés à sa toiture par la "
         "tempête du 2 novembre, au motif d'un défaut d'entretien qui n'a jamais été constaté.",
         "Nous vous demandons d'intervenir auprès de l'assureur pour que ce dossier soit "
         "réexaminé."],
        ["Pour l'association, Gérard Poulain", "Juriste"]))))
    # 2. A lawyer's letter: the frame first, the grievance after.
    (HERE / "avocat.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Maître Anne Vidal", "Avocate au barreau de Tours", "22 rue Nationale", "37000 Tours"],
        "Tours, le 18 novembre 2026", "M. Bruno Lestrade – contrat n° AUT-2021-33871",
        ["Je vous écris en ma qualité de conseil de M. Bruno Lestrade, titulaire auprès de "
         "votre cabinet du contrat automobile n° AUT-2021-33871.",
         "La résiliation de ce contrat a été prononcée le 4 octobre pour un prétendu défaut de "
         "paiement, alors que chaque échéance a été réglée à sa date.",
         "Je vous mets en demeure de rétablir ce contrat sous huit jours."],
        ["Anne Vidal", "Avocate"], greeting="Madame, Monsieur,"))))
    # 3. An HTML email with no closing formula and a signature holding an IBAN.
    (HERE / "signature-html.eml").write_bytes(_html_email(
        "<html><body><p>Bonjour,</p>"
        "<p>Je vous écris au sujet de mon assurance auto.</p>"
        "<p>Depuis trois mois, je n'ai reçu aucune réponse à ma demande de remboursement "
        "des frais de remorquage.</p>"
        "<table><tr><td><b>Julien Roche</b></td></tr>"
        "<tr><td>Plomberie Roche | 06 12 34 56 78</td></tr>"
        "<tr><td>IBAN pour le remboursement : FR76 3000 6000 0112 3456 7890 189</td></tr>"
        "</table></body></html>",
        "Frais de remorquage", "Julien Roche <julien.roche@example.fr>"))
    # 4. A letter opening with « Suite à notre conversation téléphonique ».
    (HERE / "suite-conversation.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Mme Laure Besnard", "3 allée des Cerisiers", "49100 Angers"],
        "Angers, le 19 novembre 2026", "Vol de mon vélo électrique",
        ["Suite à notre conversation téléphonique de ce matin, je vous confirme mon désaccord "
         "sur l'indemnité de 300 euros proposée pour le vol de mon vélo électrique.",
         "Je vous demande de revoir ce montant au vu de la facture d'achat ci-jointe."],
        ["Laure Besnard"]))))
    # 5. The Mediator writes to the cabinet about a consumer's grievance.
    (HERE / "mediateur.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["La Médiation de l'Assurance", "TSA 50110", "75441 Paris Cedex 09"],
        "Paris, le 17 novembre 2026", "Saisine – dossier 2026-04417",
        ["La Médiation de l'Assurance a été saisie par Mme Hélène Guillot d'un différend "
         "relatif à son contrat de prévoyance.",
         "La réclamante reproche à votre cabinet de ne pas lui avoir remis les conditions "
         "générales, ce qui l'a privée de toute information sur les exclusions.",
         "Nous vous remercions de nous faire parvenir vos observations dans un délai d'un "
         "mois."],
        ["Le Médiateur de l'assurance"]))))
    # 6. An email reply above the cabinet's quoted message.
    (HERE / "reponse-citee.eml").write_bytes(complaint_email(
        "Bonjour,\n\nJe n'ai toujours pas reçu le remboursement promis il y a un mois, "
        "malgré votre message ci-dessous.\n\nMarc Tessier\n\n"
        "Le lun. 2 nov. 2026 à 10:12, Alter Ego Assurances <reclamations@alteregoassurances.fr> "
        "a écrit :\n> Bonjour Monsieur,\n> Nous regrettons le retard pris par votre dossier et "
        "l'absence de réponse de l'assureur.\n> Le remboursement interviendra sous huit jours.\n",
        sender="Marc Tessier <marc.tessier@example.fr>", subject="Re: Remboursement"))
    # 7. An email ending with a confidentiality disclaimer.
    (HERE / "avertissement.eml").write_bytes(complaint_email(
        "Madame, Monsieur,\n\nVous avez prélevé deux fois ma cotisation de novembre, soit 84 "
        "euros de trop sur mon compte.\n\nMerci de me rembourser rapidement.\n\n"
        "Sandrine Caron\n\n"
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention "
        "exclusive de leurs destinataires. Toute utilisation non conforme à leur destination, "
        "toute diffusion ou toute publication est interdite, sauf autorisation expresse. "
        "Si vous recevez ce message par erreur, merci de le détruire.\n",
        sender="Sandrine Caron <s.caron@example.fr>", subject="Double prélèvement"))
    # 8. « Je me permets de vous écrire au sujet de… », then the matter.
    (HERE / "je-me-permets.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["M. Yves Perrin", "17 rue du Moulin", "21000 Dijon"],
        "Dijon, le 20 novembre 2026", "Contrat santé",
        ["Je me permets de vous écrire au sujet de ma complémentaire santé.",
         "Les remboursements de mes séances de kinésithérapie sont bloqués depuis le mois "
         "d'août, et personne ne sait me dire pourquoi.",
         "J'attends une explication écrite."],
        ["Yves Perrin"]))))
    # 9. A scanned letter: a formula and a feeling before the matter.
    page = letter_image(_wrapped(_letter(
        ["M. Hugo Lemaire", "5 impasse des Lilas", "59000 Lille"],
        "Lille, le 18 novembre 2026", "Assistance",
        ["Par la présente, je souhaite vous faire part de mon vif mécontentement.",
         "Le dépanneur envoyé par votre assistance est arrivé avec cinq heures de retard, et "
         "j'ai dû passer la nuit sur une aire d'autoroute.",
         "Je demande le remboursement de ma nuit d'hôtel."],
        ["Hugo Lemaire"]), 70), 1700, 2000)
    (HERE / "scan-assistance.png").write_bytes(image_bytes(page, "PNG"))
    # 10. A daughter writing for her father: who writes first, then what went wrong.
    (HERE / "fille-pour-son-pere.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Mme Claire Blanc", "9 rue des Écoles", "63000 Clermont-Ferrand"],
        "Clermont-Ferrand, le 15 novembre 2026", "Contrat obsèques de mon père",
        ["Je suis la fille de M. Roger Blanc, qui n'est plus en mesure de gérer ses papiers, "
         "et je vous écris en son nom.",
         "Son contrat obsèques a été résilié sans qu'il en soit informé, et les cotisations "
         "ont pourtant continué d'être prélevées pendant six mois.",
         "Merci de me dire ce qu'il en est et de rembourser ces prélèvements."],
        ["Claire Blanc"]))))
    # 11. A short email sent from a phone.
    (HERE / "mail-mobile.eml").write_bytes(complaint_email(
        "Bonjour,\nToujours aucune nouvelle de mon dossier sinistre depuis l'expertise du 12 "
        "octobre. C'est inadmissible.\nAlain Roussel\n06 71 22 33 44\n\nEnvoyé de mon iPhone\n",
        sender="Alain Roussel <alain.roussel@example.fr>", subject="Mon sinistre"))
    # 12. A frame with a negative fact, then the grievance, then a threat of the Mediator.
    (HERE / "cadre-puis-menace.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Mme Odile Fabre", "2 chemin des Vignes", "34000 Montpellier"],
        "Montpellier, le 19 novembre 2026", "Garantie panne mécanique",
        ["Cliente de votre cabinet depuis 2009, je n'avais jamais eu à me plaindre de vos "
         "services.",
         "Vous m'avez pourtant fait souscrire une garantie panne mécanique que le contrat "
         "exclut pour un véhicule de plus de dix ans comme le mien.",
         "Sans réponse de votre part sous quinze jours, je saisirai le Médiateur de "
         "l'assurance."],
        ["Odile Fabre"]))))
    # 13. Two paragraphs of history before the grievance; a reference box under the subject.
    (HERE / "historique.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["M. Samuel Garnier", "41 avenue Foch", "54000 Nancy"],
        "Nancy, le 20 novembre 2026", "Dégât des eaux du 28 septembre",
        ["Vos réf. : SIN-2026-118845",
         "Je vous ai déclaré le 29 septembre un dégât des eaux dans ma salle de bains.",
         "L'expert est passé le 14 octobre et son rapport vous a été remis le 20 octobre.",
         "Depuis, je n'ai reçu aucune proposition d'indemnisation, et les travaux ne peuvent "
         "pas commencer.",
         "Je vous remercie de faire le nécessaire."],
        ["Samuel Garnier"]))))
    # 14. An association's formula full of complaint words; the grievance in plain words.
    (HERE / "association-formule.pdf").write_bytes(text_pdf(_wrapped(_letter(
        ["Familles de l'Ain", "Permanence juridique", "12 rue Bourgmayer", "01000 Bourg-en-Bresse"],
        "Bourg-en-Bresse, le 17 novembre 2026", "Dossier de Mme Colette Marchal",
        ["L'association Familles de l'Ain, saisie par Mme Colette Marchal, vous fait part de "
         "la réclamation suivante, qui traduit le vif mécontentement de notre adhérente.",
         "L'indemnité fixée à 1 200 euros ne couvre pas le sixième de la réfection de sa "
         "toiture, chiffrée à 6 800 euros par deux couvreurs.",
         "Nous vous remercions de bien vouloir intervenir auprès de l'assureur."],
        ["Pour l'association, Martine Bardet"]))))
    # 15. An HTML email whose text ends without a stop above a signature with a masked RIB.
    (HERE / "signature-rib-masque.eml").write_bytes(_html_email(
        "<div>Bonjour,</div><div><br></div>"
        "<div>mon remboursement de 230 euros n'est toujours pas arrivé alors que le dossier "
        "est clos depuis septembre</div><div><br></div>"
        "<div>Julien Roche</div><div>Service comptabilité – Transports Roche</div>"
        "<div>Réclamations fournisseurs : 04 78 12 34 56</div>"
        "<div>RIB : FR76 **** **** **** **** 0189</div>",
        "Remboursement", "Julien Roche <compta@transports-roche.example.fr>"))


if __name__ == "__main__":
    main()
