"""To whom the item was written: the cabinet, the Mediator, or another organisation.

rules.md, "Mediator" and "Misdirected":

* **Mediator-addressed** when the recipient block (or the email's To:) names the Mediator
  (its name, an alias, its address "TSA 50110"), the greeting or closing formula says
  "Monsieur le Médiateur" / "Madame la Médiatrice", or a sentence seizes the Mediator
  through this very letter ("je sollicite votre médiation", "ce courrier vaut saisine de
  la Médiation de l'assurance", "je saisis le Médiateur par la présente"). A letter to
  the cabinet that only threatens to seize the Mediator ("à défaut, je saisirai le
  Médiateur"), says it has done so, or copies it ("Copie : Médiation de l'Assurance") is
  an *escalation*, not Mediator-addressed.
* **Misdirected** when, not Mediator-addressed, the recipient block, the greeting or the
  email's To: names another insurer or intermediary; or the letter says it has no link
  with the cabinet ("je ne suis pas client de votre cabinet", "souscrit directement
  auprès de …"), or says the contract is held with another organisation without any
  phrase tying it to the cabinet ("vous avez placé mon contrat chez …", "en votre
  qualité de courtier", "souscrit par votre intermédiaire"). Naming an insurer is not
  enough: most complaints about a contract the cabinet sold name its insurer.

Each decision carries its signals: short French phrases quoted from the item.

The phrase lists are data, `lexicon/addressee_*.txt`: copies, the Mediator's seizure and
threats, links to the cabinet, contracts held elsewhere or directly, agents, the words of
organisations' names and of lines that are none. Organisations of config/cabinet.toml are
matched as written, or with an OCR slip (organisations.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.settings import Settings
from pipeline.textnorm import cue_text, same_length
from pipeline.understand import lexicon
from pipeline.understand.complaint import CueKind, find_hits
from pipeline.understand.letter import Letter
from pipeline.understand.organisations import (
    CABINET,
    COPY,
    MEDIATOR,
    OTHER,
    UNKNOWN,
    OrganisationNames,
    email_to,
    fold_organisation,
    greeting_named,
    read_recipient,
    short,
)


@dataclass(frozen=True)
class Addressee:
    kind: str  # "cabinet" | "mediateur" | "autre" | "inconnu"
    name: str | None  # the organisation as configured (Organisation.name, the mediator's name) or as read
    mediator: bool
    mediator_signals: tuple[str, ...]
    misdirected: bool
    redirect_to: str | None
    misdirected_signals: tuple[str, ...]
    escalation: bool  # threatens to seize the Mediator, says it did, or copies it
    escalation_signals: tuple[str, ...] = ()


_MEDIATOR_WORD = re.compile(r"\bmediat(?:eur|rice|ion)\b|\blma\b")
_MEDIATOR_GREETING = re.compile(
    r"\b(?:monsieur|madame)\s+(?:l[ea]\s+)?mediat(?:eur|rice)\b|\bmediat(?:eur|rice)\s*,\s*$"
)
_THREAT = lexicon.Cues("addressee_mediator_threat")
_SEIZE = lexicon.Cues("addressee_mediator_seize")
# The seizure done by this very letter, whatever reason or condition comes with it.
_SEIZE_NOW = lexicon.Cues("addressee_mediator_seize_now")
# What a letter to the Mediator says even without naming it: the internal remedies are
# exhausted, the dispute with the cabinet is submitted for an opinion.
_MEDIATOR_ROLE = lexicon.Cues("addressee_mediator_role")
# The cabinet spoken of in the third person: it is the other party, not the reader.
_CABINET_THIRD_PERSON = re.compile(r"\b(?:le|au|du|par le|contre le) cabinet\b(?! de votre)")

_NOT_CLIENT = lexicon.Cues("addressee_not_client")
_CABINET_LINK = lexicon.Cues("addressee_cabinet_link")
_HELD_WITH = lexicon.Cues("addressee_held_with")
# The letter says it is not for the cabinet: sent to the wrong place, or the matter is
# someone else's. As strong as "je ne suis pas client".
_WRONG_PLACE = lexicon.Cues("addressee_wrong_place")
_FORWARD_REQUEST = lexicon.Cues("addressee_forward")


@functools.cache
def _direct_patterns() -> tuple[re.Pattern[str], ...]:
    """The contract was taken directly with another organisation (lexicon/addressee_direct)."""
    return lexicon.patterns("addressee_direct")


def _direct(folded: str) -> re.Match[str] | None:
    return next((m for p in _direct_patterns() if (m := p.search(folded))), None)


def read_addressee(letter: Letter, settings: Settings) -> Addressee:
    """Who the item was written to, and whether it is Mediator-addressed or misdirected."""
    names = OrganisationNames(settings)
    recipient, recipient_signal = read_recipient(letter, names, settings)
    greeting = greeting_named(letter, names, recipient)
    to_named = email_to(letter, names, settings)

    mediator_signals: list[str] = []
    escalation_signals: list[str] = []
    if recipient and recipient.kind == MEDIATOR:
        mediator_signals.append(recipient_signal)
    for line in _greeting_lines(letter):
        if _MEDIATOR_GREETING.search(same_length(line)):
            mediator_signals.append(f"formule d'appel : {short(line)}")
            break
    for line in letter.tail[:4]:
        if _MEDIATOR_GREETING.search(same_length(line)) and not COPY.search(same_length(line)):
            mediator_signals.append(f"formule de politesse : {short(line)}")
            break
    if to_named and to_named.kind == MEDIATOR:
        mediator_signals.append(f"courriel adressé à {to_named.text}")
    seize, escalate = _mediator_sentences(letter, names)
    mediator_signals.extend(seize)
    escalation_signals.extend(escalate)
    if not mediator_signals and not escalation_signals:
        mediator_signals.extend(_mediator_role(letter, settings))
    mediator = bool(mediator_signals)

    misdirected_signals: list[str] = []
    redirect: str | None = None
    if not mediator:
        named_others: list[str] = []
        for named, signal in (
            (recipient, recipient_signal),
            (greeting, f"formule d'appel : {letter.greeting}"),
            (to_named, f"courriel adressé à {to_named.text if to_named else ''}"),
        ):
            if named and named.kind == OTHER:
                misdirected_signals.append(signal)
                named_others.append(named.name)
        # a configured organisation before a name as read ("GME Assurances" / "GMF")
        redirect = next((n for n in named_others if n in names.organisations), None) or next(
            (n for n in named_others if n), None)
        if not misdirected_signals:
            body_signals, body_redirect = _body_misdirected(letter, names)
            misdirected_signals.extend(body_signals)
            redirect = redirect or body_redirect
    misdirected = bool(misdirected_signals)

    if mediator:
        kind, name = MEDIATOR, settings.mediator.name
    elif recipient is not None:
        kind, name = recipient.kind, recipient.name
    elif greeting is not None:
        kind, name = greeting.kind, greeting.name
    elif to_named is not None:
        kind, name = to_named.kind, to_named.name
    else:
        kind, name = UNKNOWN, None
    if kind == CABINET:
        name = settings.cabinet.name
    return Addressee(
        kind=kind,
        name=name,
        mediator=mediator,
        mediator_signals=tuple(dict.fromkeys(mediator_signals)),
        misdirected=misdirected,
        redirect_to=redirect if misdirected else None,
        misdirected_signals=tuple(dict.fromkeys(misdirected_signals)),
        escalation=bool(escalation_signals) and not mediator,
        escalation_signals=tuple(dict.fromkeys(escalation_signals)),
    )


def _greeting_lines(letter: Letter) -> list[str]:
    """The greeting, and when the cut missed it, short lines that look like one."""
    lines = [letter.greeting] if letter.greeting else []
    for line in letter.lines:
        if len(line) < 60 and re.match(r"^\s*(madame|monsieur|mesdames|messieurs|cher|chere)\b", same_length(line)):
            lines.append(line)
    return lines


# --- the Mediator in the text ------------------------------------------------------------------


def _sentences(letter: Letter) -> list[str]:
    """The text after the head, cut into sentences (lines of a paragraph joined)."""
    lines = list(letter.lines[len(letter.head) :])
    paragraphs = "\n".join(lines).split("\n\n")
    out: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            out.append(line)  # a line alone ("Copie : Médiation de l'Assurance")
        joined = " ".join(paragraph.split())
        out.extend(s for s in re.split(r"(?<=[.!?;])\s+", joined) if s)
    return out


def _mediator_sentences(letter: Letter, names: OrganisationNames) -> tuple[list[str], list[str]]:
    seize: list[str] = []
    escalate: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(letter):
        folded = same_length(sentence)
        named = names.find(sentence)
        mentions = _MEDIATOR_WORD.search(folded) or (named is not None and named.kind == MEDIATOR)
        if not mentions or folded in seen:
            continue
        seen.add(folded)
        if COPY.search(folded):
            escalate.append(f"copie au Médiateur : « {short(sentence)} »")
        elif _SEIZE_NOW.search(folded):  # "faute de solution, je demande par la présente…"
            seize.append(f"saisine du Médiateur : « {short(sentence)} »")
        elif _THREAT.search(folded):
            escalate.append(f"menace de saisir le Médiateur : « {short(sentence)} »")
        elif _SEIZE.search(folded):
            seize.append(f"saisine du Médiateur : « {short(sentence)} »")
    return seize, escalate


def _mediator_role(letter: Letter, settings: Settings) -> list[str]:
    """A letter that submits the dispute with the cabinet for an opinion, speaking of the
    cabinet as a third party: it was written to the Mediator."""
    text = " ".join("\n".join(letter.lines[len(letter.head) :]).split())
    folded = same_length(text)
    roles = list(_MEDIATOR_ROLE.finditer(folded))
    if not roles:
        return []
    cabinet_names = [fold_organisation(n) for n in (settings.cabinet.name, *settings.cabinet.aliases)]
    third = _CABINET_THIRD_PERSON.search(folded) or any(
        re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", fold_organisation(text)) for n in cabinet_names
    )
    if not third and len({m.group() for m in roles}) < 2:
        return []
    return [f"litige soumis au Médiateur : « {short(text[m.start() : m.end() + 40])} »" for m in roles[:2]]


# --- misdirected from what the letter says -------------------------------------------------------


_NAME_AS_READ = re.compile(
    r"(?P<name>[A-Z][\w&'’\-]*(?:\s+(?:[A-Z][\w&'’\-]*|de|des|du|la|et|d'|d’)(?=\s|$|[,.;:)]))*)"
)


def _body_misdirected(letter: Letter, names: OrganisationNames) -> tuple[list[str], str | None]:
    text = "\n".join(letter.lines[len(letter.head) :])
    joined = " ".join(text.split())
    folded = same_length(joined)
    direct = _direct(folded)
    if _linked(folded) and not direct:
        return [], None  # a client for other contracts may still hold this one directly
    signals: list[str] = []
    not_client = direct or _NOT_CLIENT.search(folded) or _WRONG_PLACE.search(folded)
    held = _held_with(joined, names)
    if held is None and not_client:
        held = _first_organisation(joined, names)
    forward = _FORWARD_REQUEST.search(folded)
    if held is None:
        return [], None  # no organisation to send it to: a complaint about the cabinet
    if not (not_client or forward or held[2]):
        return [], None
    if not_client:
        signals.append(f"« {short(joined[not_client.start() : not_client.end()])} »")
    signals.append(f"contrat détenu auprès de {held[0]} : « {held[1]} »")
    if forward:
        end = joined.find(".", forward.end())
        signals.append(f"« {short(joined[forward.start() : end if end > 0 else None], 70)} »")
    return signals, held[0]


def _linked(folded: str) -> bool:
    """A phrase tying the contract to the cabinet, not denied ("et non par votre
    intermédiaire" is no link)."""
    for match in _CABINET_LINK.finditer(folded):
        if not re.search(r"\b(?:non|pas|ni|jamais)\s+(?:pas\s+)?$", folded[max(0, match.start() - 12) : match.start()]):
            return True
    return False


def _first_organisation(text: str, names: OrganisationNames) -> tuple[str, str, bool] | None:
    """The first configured organisation the text names, with its sentence."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for _, named in names.find_all(sentence):
            if named.kind == OTHER:
                return named.name, short(sentence), False
    return None


def _grievance_against(folded: str, name: str, names: OrganisationNames) -> bool:
    """The organisation is what the writer complains of: a sentence that names it also
    holds a grievance ("X ne donne aucune suite", "impossible de joindre X")."""
    if re.search(r"\b(?:difficultes avec|probleme avec|litige avec|conflit avec)\b", folded):
        return True
    spellings = {fold_organisation(text) for text, (_, configured) in names.by_name.items()
                 if configured == name} | {fold_organisation(name)}
    for sentence in re.split(r"(?<=[.!?;])\s+", folded):
        normed = fold_organisation(sentence)
        names_it = any(re.search(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])", normed)
                       for s in spellings if s)
        if names_it and any(hit.cue.kind is CueKind.GRIEF and hit.weight >= 2.0
                            for hit in find_hits(cue_text(sentence))):
            return True
    return False


def _held_with(text: str, names: OrganisationNames) -> tuple[str, str, bool] | None:
    """(organisation, quote, the organisation is the subject of the grievance) when the text
    says the contract is held with an organisation other than the cabinet."""
    folded = same_length(text)
    # positions in `text` of each organisation name: search the folded text directly
    candidates: list[tuple[int, int, str]] = []
    for named_entry, kind, configured in names.entries:
        if kind != OTHER:
            continue
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(named_entry).replace(r"\ ", r"[\s\-']+") + r"(?![a-z0-9])")
        for match in pattern.finditer(folded):
            candidates.append((match.start(), match.end(), configured))
    # unlisted names after "auprès de", "chez"
    for match in re.finditer(r"\b(?:aupres (?:de |d'|d’)|chez )(?:la compagnie |la mutuelle |l'assureur )?", folded):
        after = _NAME_AS_READ.match(text, match.end())
        if after and after.group("name") and not names.find(after.group("name")):
            name = after.group("name").strip()
            if len(name) >= 3 and not re.match(r"(?i)^(vous|votre|vos|moi|nous|qui|mon|ma|mes)\b", name):
                candidates.append((after.start(), after.end(), name))
    candidates.sort()
    for start, end, name in candidates:
        stop = max(folded.rfind(mark, 0, start) for mark in (". ", "! ", "? ", ": "))
        sentence_start = stop + 2 if stop >= 0 else 0
        before = folded[max(sentence_start, start - 120) : start]
        if _HELD_WITH.search(before) or re.search(r"\bcontrat\b[^.]{0,60}\b(?:chez|aupres)\b", before):
            sentence_end = folded.find(". ", end)
            sentence_end = len(folded) if sentence_end < 0 else sentence_end
            quote = short(text[sentence_start:sentence_end])
            return name, quote, _grievance_against(folded, name, names)
    return None
