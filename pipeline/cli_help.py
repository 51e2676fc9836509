"""What `reclam --help` and `reclam COMMANDE --help` say, in French: one line per command
for the command list, a longer description for each command's own help, the options'
help, and the real default of --home (`workspace.default_home`).

Texts only; the parser that shows them is `pipeline/cli_parser.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import french
from pipeline.letters.owed import LetterType
from pipeline.workspace import HOME_ENV, default_home

PROG = "reclam"
DESCRIPTION = ("Le courrier de réclamations du cabinet : lit les lettres scannées, les e-mails "
               "et les saisies déposés dans inbox/, classe chaque original et tient le journal, "
               "les registres, le suivi et les rapports.")
EPILOG = "« reclam COMMANDE --help » détaille une commande."


@dataclass(frozen=True)
class Command:
    """One command as the help shows it: its line in the list, and its own description."""

    line: str
    description: str


COMMANDS: dict[str, Command] = {
    "run": Command(
        "traite ce qui attend dans inbox/, puis surveille le dossier (Ctrl-C pour arrêter)",
        "Traite les fichiers qui attendent dans inbox/, puis surveille le dossier jusqu'à "
        "Ctrl-C ou SIGTERM, qui arrêtent proprement entre deux courriers. Avec --once, "
        "traite ce qui attend puis s'arrête."),
    "export": Command(
        "écrit les fiches des courriers en JSON Lines sur la sortie",
        "Écrit la fiche de chaque courrier (spec/record.md), une par ligne, en JSON, "
        "des plus anciens aux plus récents."),
    "register": Command(
        "(ré)écrit le registre Excel des réclamations d'un jour",
        "(Ré)écrit le registre des réclamations d'un jour, "
        "reports/registre-AAAA-MM-JJ.xlsx (par défaut celui d'aujourd'hui)."),
    "verifier": Command(
        "contrôle que le journal et les dossiers concordent (pour les auditeurs)",
        "Contrôle que le journal et les dossiers outbox/ et quarantaine/ racontent la même "
        "histoire ; --reconstruire refait un journal perdu ou vide à partir des dossiers."),
    "suivi": Command(
        "enregistre le suivi d'une réclamation (accusé de réception, réponse, issue)",
        "Enregistre le suivi d'une réclamation classée, puis réécrit "
        "reports/suivi-reclamations.xlsx. Une date impossible (dans le futur, avant la "
        "réception du courrier, une réponse avant l'accusé de réception) est refusée avec "
        "sa raison. Une valeur vide (\"\") efface la valeur enregistrée."),
    "courrier": Command(
        "réécrit les courriers d'une réclamation après une correction",
        "Réécrit les courriers rédigés pour une réclamation (accusé de réception, demande "
        "de compléments, réorientation, transmission au Médiateur), par exemple après la "
        "correction d'un nom dans le suivi ; les anciens sont gardés sous un nom daté. "
        "Rien n'est envoyé : les courriers restent à relire, signer et envoyer."),
    "saisie": Command(
        "saisit une réclamation reçue par téléphone, en rendez-vous ou par le site web",
        "Saisit une réclamation entendue au téléphone ou en rendez-vous, ou reçue par le "
        "formulaire du site, par des questions en français ; ou, avec --fichier, vérifie un "
        "fichier JSON ou CSV et le dépose (une saisie par fichier). La saisie est déposée "
        "dans inbox/ et traitée par « reclam run » comme tout courrier."),
    "report": Command(
        "écrit le rapport mensuel pour les auditeurs (Excel et PDF)",
        "Écrit le rapport d'un mois pour les auditeurs : reports/rapport-AAAA-MM.xlsx et "
        "son PDF (par LibreOffice)."),
    "purge": Command(
        "anonymise les réclamations répondues depuis plus que la durée de conservation",
        "Anonymise les réclamations dont la réponse date de plus que la durée de "
        "conservation, en gardant ce que comptent les rapports passés."),
    "worker": Command(
        "démarre un travailleur d'une grappe Dask (pour reclam run --cluster)",
        "Démarre, sur cette machine, un travailleur de la grappe Dask dont l'ordonnanceur est "
        "donné par --scheduler : il lit et décide les courriers que lui confie « reclam run "
        "--cluster », à partir du dossier de l'installation (--home, partagé), un fil à la fois. "
        "Le classement, le journal et les registres restent l'affaire de « reclam run »."),
}

HELP = "afficher cette aide et quitter"
VERBOSE = "journal technique détaillé"
OPTIONS = {  # (command, option dest) -> help
    ("run", "once"): "traite ce qui attend, puis s'arrête",
    ("run", "cluster"): "fait lire les courriers par les travailleurs d'une grappe Dask "
                        "(adresse de son ordonnanceur ; défaut : [traitement] cluster)",
    ("worker", "scheduler"): "adresse de l'ordonnanceur Dask (tcp://HÔTE:8786)",
    ("worker", "name"): "nom du travailleur (défaut : choisi par Dask)",
    ("export", "since"): f"les courriers reçus depuis ce jour ({french.FORMATS})",
    ("register", "date"): f"le jour du registre ({french.FORMATS} ; défaut : aujourd'hui)",
    ("verifier", "reconstruire"): "reconstruit un journal perdu ou vide d'après outbox/ et "
                                  "quarantaine/",
    ("suivi", "id"): "N° du courrier (REC-AAAA-NNNNNN)",
    ("suivi", "accuse"): f"accusé de réception envoyé le ({french.FORMATS})",
    ("suivi", "reponse"): f"réponse envoyée le ({french.FORMATS})",
    ("suivi", "issue"): "favorable, partiel ou défavorable",
    ("suivi", "mediateur_mentionne"): "la réponse mentionne le Médiateur : oui ou non",
    ("suivi", "commentaire"): "texte libre (\"\" efface la valeur)",
    ("courrier", "id"): "N° du courrier (REC-AAAA-NNNNNN)",
    ("courrier", "type"): "un seul type de courrier, parmi "
                          + ", ".join(t.value for t in LetterType)
                          + " (défaut : tous ceux qui sont dus)",
    ("saisie", "fichier"): "vérifie un fichier de saisie puis le dépose dans inbox/ "
                           "(une saisie par fichier déposé)",
    ("report", "month"): "le mois du rapport (AAAA-MM)",
    ("purge", "retention_annees"): "durée de conservation après la réponse, en années "
                                   "(défaut : %(default)s)",
    ("purge", "simulation"): "liste ce qui serait anonymisé, sans rien changer",
}


def home_help() -> str:
    """--home's help, with the default as `workspace.default_home` finds it now."""
    where, origin = default_home()
    now = {"env": f"ici la variable {HOME_ENV}",
           "repository": "ici le dépôt de reclam",
           "cwd": "ici le dossier courant"}[origin]
    return (f"dossier de l'installation (défaut : la variable {HOME_ENV} si elle est "
            "définie, sinon le dépôt de reclam s'il contient config/cabinet.toml, sinon le "
            f"dossier courant ; {now} : {where})")


def help_hint(prog: str) -> str:
    """The line that follows an error on the command line."""
    if prog == PROG:
        return f"{PROG} --help pour la liste des commandes, {PROG} COMMANDE --help pour l'aide."
    return f"{prog} --help pour l'aide."
