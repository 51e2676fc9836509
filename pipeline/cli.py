"""`reclam`: the command line (spec/workspace.md).

    reclam run [--once] [--cluster tcp://HOST:8786]
                                   process inbox/ (then watch it, until Ctrl-C or SIGTERM),
                                   on the workers of a Dask cluster with --cluster
    reclam worker --scheduler tcp://HOST:8786
                                   a worker of that cluster, for this home
    reclam export [--since DATE]   the records, as JSON Lines on stdout
    reclam register [--date DATE]  (re)write that day's complaint register (default: today)
    reclam verifier                check that the journal and the folders agree
    reclam saisie [--fichier F]    type a complaint heard on the phone, in a meeting or sent
                                   through the web form (or check and drop a JSON/CSV
                                   entry file): one JSON entry per file into inbox/
    reclam suivi ID [--accuse DATE] [--reponse DATE] [--issue ISSUE]
          [--mediateur-mentionne oui|non] [--commentaire TEXTE]
                                   record a complaint's follow-up, then rewrite
                                   reports/suivi-reclamations.xlsx
    reclam courrier ID [--type T]  rewrite a complaint's letters after a correction, the old
                                   ones kept under a dated name

Every command takes --home DIR (default: `workspace.default_home`). Exit 0 on success;
otherwise a one-line French reason on stderr (`main` is the one place that turns an
OSError, a SetupError or Ctrl-C into it). The parser, in French, is `pipeline/cli_parser.py`;
its texts are `pipeline/cli_help.py`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date

from pipeline import (
    audit,
    cli_help,
    cli_parser,
    clock,
    entry_cli,
    followup_edits,
    french,
    logs,
    rebuild,
    retention,
)
from pipeline.client_register_load import load_client_register
from pipeline.context import build_worker_context, check_worker_home, load_installation
from pipeline.errors import SetupError, os_reason
from pipeline.journal import Journal
from pipeline.journal_model import FollowUp
from pipeline.letters.owed import LetterType, letter_label, letters_owed
from pipeline.letters.write import LetterWriter
from pipeline.registers import followup, followup_cells
from pipeline.registers.daily import rewrite_day
from pipeline.reports import monthly, pdf
from pipeline.reports.figures import build_month
from pipeline.reports.model import month_label, parse_month
from pipeline.runner import Runner
from pipeline.settings import Settings
from pipeline.watch import InboxWatch
from pipeline.workspace import HOME_ENV, Workspace, default_home, exclusive_run, resolve_home

SYSTEM_PROBLEMS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def system_problem(exc: OSError) -> str:
    """One French line for an environment problem met while writing (SYSTEM_PROBLEMS)."""
    where = f" ({exc.filename})" if exc.filename else ""
    kept = ("rien n'est perdu : les courriers en cours restent dans le dossier d'état "
            "(var/work) et seront classés au prochain lancement.")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disque plein{where} : libérez de la place puis relancez ; {kept}"
    reason = os_reason(exc, with_file=False)
    return (f"écriture impossible{where} : {reason} ; vérifiez les droits ou le montage "
            f"du dossier puis relancez ; {kept}")


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    logs.to_file(ws.log_file)
    with exclusive_run(ws):
        return _run(args, ws, settings)


def _run(args: argparse.Namespace, ws: Workspace, settings: Settings) -> int:
    """Ctrl-C (SIGINT) or SIGTERM: the items being read are finished and filed, the runner
    says what the next run will take, and the run ends (130 after Ctrl-C, as shells expect,
    0 after SIGTERM, a service's normal stop); a second one leaves at once."""
    stop, wake = threading.Event(), threading.Event()
    stopped_by: list[int] = []

    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():  # a second Ctrl-C: leave now; the journal makes it safe
            raise KeyboardInterrupt
        stopped_by.append(signum)
        stop.set()
        wake.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    remote = None
    try:
        address = args.cluster or settings.processing.cluster
        if address:
            from pipeline import cluster  # Dask is imported for a cluster only

            cluster.check_reachable(address)  # before the context is built: said at once
        context = build_worker_context(ws, settings)
        if address:
            context, remote = cluster.attach(address, ws.home, context, _say)
        ws.ensure()
        with Journal(ws.journal_file) as journal, contextlib.ExitStack() as closing:
            if remote is not None:
                closing.callback(remote.shutdown)
            rebuild.check_journal(ws, journal)
            runner = Runner(ws, context, journal, _say, verbose=args.verbose,
                            remote=remote)
            if args.once:
                runner.run(once=True, stop=stop, wake=wake)
            else:
                boxes = "".join(f", de la boîte {box.label} toutes les {box.interval_s:.0f} s"
                                for box in settings.mailboxes)
                _say(f"Surveillance de {ws.inbox}{boxes} (Ctrl-C pour arrêter).")
                with InboxWatch(ws.inbox, wake):
                    runner.run(once=False, stop=stop, wake=wake)
    except KeyboardInterrupt:  # the second Ctrl-C
        _say("Arrêt immédiat : rien n'est perdu, les fichiers en cours ou en attente seront "
             "traités au prochain lancement.")
        return 130
    if not runner.mail.handled and not stop.is_set():
        _say("Aucun fichier à traiter.")
    return 130 if signal.SIGINT in stopped_by else 0


def cmd_worker(args: argparse.Namespace) -> int:
    home = resolve_home(args.home)
    check_worker_home(home)
    from pipeline import cluster  # Dask is imported for a cluster only

    return cluster.start_worker(args.scheduler, home, args.name, _say)


def cmd_export(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    since = args.since.isoformat() if args.since else None
    if not ws.journal_file.exists():
        return 0
    with Journal(ws.journal_file) as journal:
        for item in journal.items(since=since):
            sys.stdout.write(json.dumps(item.export_record(), ensure_ascii=False) + "\n")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    day: date = args.date or clock.now().date()
    with Journal(ws.journal_file) as journal:
        path, count = rewrite_day(journal, ws.reports, day, settings.staff_names)
    _say(f"Registre du {day:%d/%m/%Y} écrit "
         f"({french.count(count, 'courrier reçu', 'courriers reçus')}) : {path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    if args.reconstruire:
        with exclusive_run(ws), Journal(ws.journal_file) as journal:
            count = rebuild.rebuild(ws, journal)
        _say(f"Journal reconstruit : {french.count(count, 'courrier repris', 'courriers repris')} "
             "d'outbox/ et de quarantaine/.")
    with Journal(ws.journal_file) as journal:
        problems = audit.disagreements(ws, journal)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("Le journal et les dossiers concordent.")
    return 0


SUIVI_OPTIONS = {  # option -> follow-up field, and how it is named to the user
    "accuse": ("acknowledged_on", "accusé de réception envoyé le"),
    "reponse": ("answered_on", "réponse envoyée le"),
    "issue": ("outcome", "issue"),
    "mediateur_mentionne": ("mediator_mentioned", "Médiateur mentionné"),
    "commentaire": ("comment", "commentaire"),
}


def _suivi_value(field: str, text: str) -> object:
    """The follow-up value an option gives; an empty text clears it."""
    if not text.strip():
        return None
    return followup_cells.PARSERS[field](text)


def cmd_suivi(args: argparse.Namespace) -> int:
    def refuse(reason: str, hint: bool = False) -> int:
        print(f"reclam suivi : {reason}", file=sys.stderr)
        if hint:
            print(cli_help.help_hint("reclam suivi"), file=sys.stderr)
        return 2

    changes: dict[str, object] = {}
    for option, (field, _) in SUIVI_OPTIONS.items():
        text = getattr(args, option)
        if text is None:
            continue
        try:
            changes[field] = _suivi_value(field, text)
        except followup_cells.InvalidValue as exc:
            flag = "--" + option.replace("_", "-")
            return refuse(f"{flag} : valeur refusée « {text} » ({exc})", hint=True)
    if not changes:
        return refuse("rien à enregistrer : donnez --accuse, --reponse, --issue, "
                      "--mediateur-mentionne ou --commentaire", hint=True)
    ws, settings = load_installation(resolve_home(args.home))
    if not ws.journal_file.exists():
        return refuse(f"courrier inconnu : {args.id}")
    with Journal(ws.journal_file) as journal:
        if args.id not in journal.states():
            return refuse(f"courrier inconnu : {args.id}")
        item = journal.item(args.id)
        if item is None or not followup.is_followed(item):
            return refuse(f"{args.id} n'est pas une réclamation classée : pas de suivi")
        today = clock.now().date()
        back = followup_edits.read_back(followup_cells.followup_path(ws.reports), journal, today)
        refused = followup_edits.impossible_dates(
            item, journal.followups().get(args.id) or FollowUp(args.id), changes, today)
        for field, why in refused.items():
            option = next(o for o, (f, _) in SUIVI_OPTIONS.items() if f == field)
            print(f"reclam suivi : {args.id} : --{option.replace('_', '-')} "
                  f"« {getattr(args, option)} » refusé — {why} ; rien n'est enregistré "
                  "pour cette date.", file=sys.stderr)
            del changes[field]
        status = 2 if refused else 0
        changed = journal.set_followup(args.id, changes, "reclam suivi") if changes else []
        labels = {field: label for field, label in SUIVI_OPTIONS.values()}
        if changed:
            _say(f"{args.id} : enregistré ({', '.join(labels[f] for f in changed)}).")
        elif changes:
            _say(f"{args.id} : rien de changé, ces valeurs étaient déjà enregistrées.")
        for problem in back.problems:
            print(f"Attention : {problem.message}", file=sys.stderr)
        if back.delayed:
            _say(f"Suivi des réclamations non réécrit : {back.delayed}.")
            return status
        result = followup.write_followup(journal, ws.reports, today, back,
                                         settings.staff_names)
    _say(f"Suivi des réclamations mis à jour ({french.count(result.rows, 'réclamation')}, "
         f"{result.overdue} en retard) : {result.path}")
    return status


def cmd_courrier(args: argparse.Namespace) -> int:
    """Rewrite an item's letters (after a correction), the old ones kept under a dated name."""
    def refuse(reason: str) -> int:
        print(f"reclam courrier : {reason}", file=sys.stderr)
        return 2

    ws, settings = load_installation(resolve_home(args.home))
    writer = LetterWriter.load(ws, settings)
    if not ws.journal_file.exists():
        return refuse(f"courrier inconnu : {args.id}")
    with Journal(ws.journal_file) as journal:
        item = journal.item(args.id)
        if item is None:
            return refuse(f"courrier inconnu : {args.id}")
        owed = letters_owed(item)
        if not owed:
            return refuse(f"{args.id} n'appelle aucun courrier (seule une réclamation classée "
                          "en appelle, jamais un courrier en quarantaine)")
        kinds = owed
        if args.type:
            if args.type not in {k.value for k in owed}:
                return refuse(f"{args.id} n'appelle pas de courrier « {args.type} » (courriers "
                              f"dus : {', '.join(k.value for k in owed)})")
            kinds = [LetterType(args.type)]
        written = writer.write([item], journal, kinds=kinds, keep_old=True)
        if not written:
            return refuse(f"{args.id} : courriers non rédigés (erreur interne du programme, "
                          f"détails dans {ws.relative(ws.log_file)})")
        (done,) = written
    for ref in done.letters:
        if ref.type in {k.value for k in kinds}:
            _say(f"{args.id} : {letter_label(ref.type)} réécrit : {ref.path}")
    return 0


def cmd_saisie(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    ws.inbox.mkdir(parents=True, exist_ok=True)
    if args.fichier:
        return entry_cli.drop_file(args.fichier, ws.inbox, settings)
    return entry_cli.interactive(ws.inbox, settings)


def cmd_report(args: argparse.Namespace) -> int:
    today = clock.now().date()
    first, _ = parse_month(args.month)  # checked by the parser (cli_parser.month)
    if first > today:
        print(f"reclam : le mois {args.month} n'a pas encore commencé.", file=sys.stderr)
        return 2
    month = f"{first:%Y-%m}"
    ws, settings = load_installation(resolve_home(args.home))
    pdf.find_soffice()  # before any work: the PDF is part of the report
    register = load_client_register(ws.client_register_dir, settings)
    with Journal(ws.journal_file) as journal:
        figures = build_month(journal.items(final_only=True), journal.followups(),
                              register, month, today, journal.events(), settings.staff_names)
    xlsx = monthly.write_monthly_report(figures, monthly.monthly_report_path(ws.reports, month))
    made = pdf.convert_to_pdf(xlsx)
    _say(f"Rapport de {month_label(month)} écrit "
         f"({french.count(len(figures.of_month), 'réclamation')}) : {xlsx} et {made}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    if args.retention_annees < 1:
        print("reclam : la durée de conservation doit être d'au moins un an.", file=sys.stderr)
        return 2
    ws, _ = load_installation(resolve_home(args.home))
    with exclusive_run(ws), Journal(ws.journal_file) as journal:
        result = retention.purge(journal, clock.now().date(), args.retention_annees,
                                 dry_run=args.simulation)
    n, already = len(result.anonymised), len(result.already)
    done = f"{n} à anonymiser" if args.simulation else french.count(n, "anonymisée")
    _say(f"Réclamations closes avant le {result.cutoff:%d/%m/%Y} : {done}, "
         f"{french.count(already, 'déjà anonymisée', 'déjà anonymisées')}.")
    for item_id in result.anonymised:
        _say(f"  {item_id}")
    return 0


def _check_home(explicit: str | None) -> None:
    """A home that is not a folder stops at once, saying where it was given."""
    home, origin = (resolve_home(explicit), "--home") if explicit else default_home()
    if not home.is_dir():
        given = {"--home": "donné par --home", "env": f"donné par la variable {HOME_ENV}",
                 "repository": "le dépôt de reclam", "cwd": "le dossier courant"}[origin]
        raise SetupError(f"dossier de l'installation introuvable : {home} ({given})")


HANDLERS = {"run": cmd_run, "export": cmd_export, "register": cmd_register,
            "verifier": cmd_check, "suivi": cmd_suivi, "courrier": cmd_courrier,
            "saisie": cmd_saisie, "report": cmd_report, "purge": cmd_purge,
            "worker": cmd_worker}


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, run the command; every mistake or trouble the user meets is one French line on
    stderr and a non-zero exit (2: the command line, the installation or a file; 3: the
    machine, while writing; 130: Ctrl-C), never a traceback."""
    try:
        parser, commands = cli_parser.build_parser(HANDLERS)
        args, rest = parser.parse_known_args(argv)
        if rest:
            commands[args.command].fail(cli_parser.unknown_arguments(rest, commands[args.command]))
        logs.setup(args.verbose)
        _check_home(args.home)
        return int(args.func(args))
    except SetupError as exc:
        print(f"reclam : {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `reclam export | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except OSError as exc:
        if exc.errno in SYSTEM_PROBLEMS:  # the machine, while writing: disk full, read-only
            print(f"reclam : {system_problem(exc)}", file=sys.stderr)
            return 3
        print(f"reclam : {os_reason(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nreclam : interrompu (Ctrl-C).", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
