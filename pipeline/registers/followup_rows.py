"""What each follow-up row asks of the process owner, and the order of the rows.

A followed complaint has two steps, each with its legal deadline (`pipeline/deadlines.py`):
the acknowledgement (``ack_due``), then the answer (``answer_due``). The next step is the
first one not yet done (an answer also stands for the acknowledgement); an answered
complaint is closed. « À faire » says how urgent the next step is:

    en retard       its deadline is past (red)
    aujourd'hui     due today (orange)
    cette semaine   due within the next 7 days (orange)
    plus tard       due later
    sans échéance   no deadline computed for this item
    clôturée        answered

Rows are sorted by the next step's deadline, the oldest first (so overdue ones lead),
then those without a deadline, then the closed ones. This module also gives a row's
contact cells (the claimant's phones and e-mail) and its links to the filed original and
its summary (relative to ``reports/``, as the daily register links originals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from pipeline import french
from pipeline.filing import SUMMARY_SUFFIX
from pipeline.journal_model import FollowUp
from pipeline.letters.owed import LetterType
from pipeline.record import Item
from pipeline.registers.daily import Column, Hyperlink, file_link

WEEK_DAYS = 7  # « cette semaine »: a deadline within the next 7 days


class Todo(StrEnum):
    """The « À faire » column: how urgent the next step is."""

    OVERDUE = "en retard"
    TODAY = "aujourd'hui"
    WEEK = "cette semaine"
    LATER = "plus tard"
    NO_DEADLINE = "sans échéance"
    CLOSED = "clôturée"


URGENT = (Todo.OVERDUE, Todo.TODAY, Todo.WEEK)  # shown in colour (red, then orange)
STEP_NAMES = {"ack_due": "Accusé de réception", "answer_due": "Réponse"}
# A due date and the owner's dates that meet it; an answer also meets the acknowledgement.
DUE_MET_BY = {"ack_due": ("acknowledged_on", "answered_on"), "answer_due": ("answered_on",)}


@dataclass(frozen=True)
class Step:
    """The next step of one complaint, as « À faire » and « Prochaine étape » show it."""

    todo: Todo
    text: str  # « Accusé de réception à envoyer avant le 04/12/2026 »
    due: date | None = None
    key: str | None = None  # the deadline's column: "ack_due" or "answer_due"


def _due(item: Item, key: str) -> date | None:
    value = getattr(item.decision, key, None) if item.decision else None
    return date.fromisoformat(value) if value else None


def when(due: date, today: date) -> Todo:
    """How urgent a deadline not yet met is, seen on `today`."""
    if due < today:
        return Todo.OVERDUE
    if due == today:
        return Todo.TODAY
    if due < today + timedelta(days=WEEK_DAYS):
        return Todo.WEEK
    return Todo.LATER


def deadline_state(item: Item, followup: FollowUp, key: str, today: date) -> Todo | None:
    """The urgency of one deadline column (`key`), or None when it is met or absent."""
    due = _due(item, key)
    if due is None or any(getattr(followup, met) for met in DUE_MET_BY[key]):
        return None
    return when(due, today)


def next_step(item: Item, followup: FollowUp, today: date) -> Step:
    if followup.answered_on:
        return Step(Todo.CLOSED, f"Réponse envoyée le {french.short(followup.answered_on)}")
    earlier = item.decision.follow_up_of if item.decision else None
    if earlier:  # a later letter about an open complaint: its deadlines are that one's
        return Step(Todo.NO_DEADLINE, f"Courrier de suite : à traiter avec la réclamation "
                                      f"{earlier}")
    key = "answer_due" if followup.acknowledged_on else "ack_due"
    due = _due(item, key)
    if due is None:
        return Step(Todo.NO_DEADLINE, f"{STEP_NAMES[key]} à envoyer (pas d'échéance calculée)",
                    key=key)
    return Step(when(due, today), f"{STEP_NAMES[key]} à envoyer avant le {french.short(due)}",
                due, key)


def in_order(rows: Sequence[tuple[Item, FollowUp]],
             today: date) -> list[tuple[Item, FollowUp, Step]]:
    """The rows with their next step, what is due first at the top, closed ones last."""
    stepped = [(item, followup, next_step(item, followup, today)) for item, followup in rows]

    def rank(row: tuple[Item, FollowUp, Step]) -> tuple[int, date, str]:
        item, _, step = row
        group = 2 if step.todo == Todo.CLOSED else 1 if step.due is None else 0
        return group, step.due or date.min, item.id

    return sorted(stepped, key=rank)


# -- contact and links ------------------------------------------------------------------

COLUMNS = {
    c.key: c
    for c in (
        Column("todo", "À faire", 11),
        Column("step", "Prochaine étape", 20, wrap=True),
        Column("phones", "Téléphone", 12.5, wrap=True),
        Column("email", "E-mail", 24),
        Column("original", "Courrier", 8),
        Column("summary", "Résumé", 7.5),
        Column("ack_letter", "Accusé rédigé", 9.5, wrap=True),
    )
}


def contact(item: Item) -> dict[str, str | None]:
    """The claimant's phones (one a line, as the register shows them) and e-mail."""
    claimant = item.export_record().get("claimant") or {}
    phones = [french.phone(p) for p in claimant.get("telephones") or []]
    return {"phones": "\n".join(phones) or None, "email": claimant.get("email") or None}


def _link(text: str, location: str, reports: Path) -> Hyperlink | None:
    """`daily.file_link`, if the file is there (no dead link)."""
    return file_link(location, text) if (reports.parent / location).is_file() else None


def links(item: Item, reports: Path) -> dict[str, Hyperlink | None]:
    """The filed original and its summary, linked relative to the workbook's folder."""
    location = item.outcome.location if item.outcome else ""
    if not location:
        return {"original": None, "summary": None}
    summary = str(Path(location).with_suffix(SUMMARY_SUFFIX))
    return {"original": _link("original", location, reports),
            "summary": _link("résumé", summary, reports)}


def ack_letter(item: Item, followup: FollowUp, reports: Path) -> Hyperlink | None:
    """Whether the acknowledgement drafted for the complaint (`pipeline.letters`) was sent,
    by what the owner recorded: « à envoyer » or « envoyé », linked to the letter."""
    ref = next((r for r in item.letters if r.type == LetterType.ACKNOWLEDGEMENT), None)
    if ref is None:
        return None
    return _link("envoyé" if followup.acknowledged_on else "à envoyer", ref.path, reports)


# -- what the colours mean: the « Légende » sheet and the printed page's footer ------------

LEGEND_FOOTER = ("Rouge : en retard · orange : à faire aujourd'hui ou dans les 7 jours · "
                 "voir la feuille « Légende »")
# (style, what a cell shows, what it means); style: overdue, soon, plain, input, invalid, link
LEGEND = (
    ("overdue", Todo.OVERDUE.value,
     "Rouge : l'échéance de la prochaine étape (accusé de réception ou réponse) est "
     "dépassée. À traiter en premier : ces lignes sont en haut du tableau."),
    ("soon", Todo.TODAY.value, "Orange : l'échéance de la prochaine étape tombe aujourd'hui."),
    ("soon", Todo.WEEK.value,
     "Orange : l'échéance de la prochaine étape tombe dans les 7 jours qui viennent."),
    ("plain", Todo.LATER.value, "L'échéance de la prochaine étape est plus lointaine."),
    ("plain", Todo.NO_DEADLINE.value,
     "Pas d'échéance propre : un courrier de suite d'une réclamation ouverte (à traiter avec "
     "elle), ou un courrier dont les échéances n'ont pu être calculées."),
    ("plain", Todo.CLOSED.value,
     "La réponse est envoyée : la réclamation est close. Elle reste listée, en bas du "
     "tableau, jusqu'à la fin du mois de sa réponse."),
    ("overdue", "04/12/2026",
     "Dans les colonnes « Accusé de réception avant le » et « Réponse avant le » : rouge "
     "quand l'échéance est dépassée sans envoi, orange quand elle tombe dans les 7 jours."),
    ("input", "",
     "Colonnes à en-tête vert : à remplir par le responsable des réclamations (dates au "
     "format JJ/MM/AAAA, listes déroulantes) ; reclam les relit après chaque lot de courrier."),
    ("invalid", "31/02/2026",
     "Valeur saisie que reclam n'a pas retenue (illisible, ou date impossible) : à corriger "
     "(le commentaire de la cellule et le message de reclam disent pourquoi)."),
    ("link", "original",
     "Liens « Courrier » et « Résumé » : le fichier classé dans outbox/ et son résumé (ils "
     "fonctionnent tant que le classeur reste dans le dossier reports/)."),
)
