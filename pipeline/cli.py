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

Every command takes --home DIR (or $RECLAM_HOME). Exit 0 on success; otherwise a
one-line reason on stderr.
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

from pipeline import audit, clock, entry_cli, followup_edits, french, logs, rebuild, retention
from pipeline.client_register_load import load_client_register
from pipeline.context import build_worker_context, load_installation
from pipeline.errors import SetupError
from pipeline.journal import Journal
from pipeline.registers import followup, followup_cells
from pipeline.registers.daily import rewrite_day
from pipeline.reports import monthly, pdf
from pipeline.reports.figures import build_month
from pipeline.reports.model import month_label, parse_month
from pipeline.runner import Runner
from pipeline.settings import Settings
from pipeline.watch import InboxWatch
from pipeline.workspace import Workspace, exclusive_run, resolve_home

SYSTEM_PROBLEMS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def system_problem(exc: OSError) -> str:
    """One French line for an environment problem met while writing (SYSTEM_PROBLEMS)."""
    where = f" ({exc.filename})" if exc.filename else ""
    kept = ("rien n'est perdu : les courriers en cours restent dans le dossier d'état "
            "(var/work) et seront classés au prochain lancement.")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disque plein{where} : libérez de la place puis relancez ; {kept}"
    return (f"écriture impossible{where} : {exc.strerror} ; vérifiez les droits ou le montage "
            f"du dossier puis relancez ; {kept}")


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    with exclusive_run(ws):
        return _run(args, ws, settings)


def _run(args: argparse.Namespace, ws: Workspace, settings: Settings) -> int:
    context = build_worker_context(ws, settings)
    ws.ensure()
    stop, wake = threading.Event(), threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        if stop.is_set():  # a second Ctrl-C: leave now; the journal makes it safe
            raise KeyboardInterrupt
        _say("Arrêt demandé : fin des courriers en cours, puis arrêt.")
        stop.set()
        wake.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    address, remote = args.cluster or settings.processing.cluster, None
    if address:
        from pipeline import cluster  # Dask is imported for a cluster only

        context, remote = cluster.attach(address, ws.home, context, _say)
    with Journal(ws.journal_file) as journal, contextlib.ExitStack() as closing:
        if remote is not None:
            closing.callback(remote.shutdown)
        rebuild.check_journal(ws, journal)
        runner = Runner(ws, context, journal, _say, verbose=args.verbose, remote=remote)
        if args.once:
            runner.run(once=True, stop=stop, wake=wake)
        else:
            _say(f"Surveillance de {ws.inbox} (Ctrl-C pour arrêter).")
            with InboxWatch(ws.inbox, wake):
                runner.run(once=False, stop=stop, wake=wake)
        done = runner.progress.done
    _say(f"Terminé : {done} fichier(s) traité(s)." if done else "Aucun fichier à traiter.")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from pipeline import cluster  # Dask is imported for a cluster only

    return cluster.start_worker(args.scheduler, resolve_home(args.home), args.name, _say)


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
    _say(f"Registre du {day:%d/%m/%Y} écrit ({count} courrier(s)) : {path}")
    return 0


def _day(text: str) -> date:
    """A --date or --since value, typed as everywhere else (JJ/MM/AAAA or AAAA-MM-JJ)."""
    try:
        return french.parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} : « {text} »") from None


def cmd_check(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    if args.reconstruire:
        with exclusive_run(ws), Journal(ws.journal_file) as journal:
            count = rebuild.rebuild(ws, journal)
        _say(f"Journal reconstruit : {count} courrier(s) repris d'outbox/ et de quarantaine/.")
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
    def refuse(reason: str) -> int:
        print(f"reclam suivi : {reason}", file=sys.stderr)
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
            return refuse(f"{flag} : valeur refusée « {text} » ({exc})")
    if not changes:
        return refuse("rien à enregistrer : donnez --accuse, --reponse, --issue, "
                      "--mediateur-mentionne ou --commentaire")
    ws, settings = load_installation(resolve_home(args.home))
    if not ws.journal_file.exists():
        return refuse(f"courrier inconnu : {args.id}")
    with Journal(ws.journal_file) as journal:
        if args.id not in journal.states():
            return refuse(f"courrier inconnu : {args.id}")
        item = next((i for i in journal.items() if i.id == args.id), None)
        if item is None or not followup.is_followed(item):
            return refuse(f"{args.id} n'est pas une réclamation classée : pas de suivi")
        back = followup_edits.read_back(followup_cells.followup_path(ws.reports), journal)
        changed = journal.set_followup(args.id, changes, "reclam suivi")
        labels = {field: label for field, label in SUIVI_OPTIONS.values()}
        if changed:
            _say(f"{args.id} : enregistré ({', '.join(labels[f] for f in changed)}).")
        else:
            _say(f"{args.id} : rien de changé, ces valeurs étaient déjà enregistrées.")
        for problem in back.problems:
            print(f"Attention : {problem.message}", file=sys.stderr)
        if back.delayed:
            _say(f"Suivi des réclamations non réécrit : {back.delayed}.")
            return 0
        result = followup.write_followup(journal, ws.reports, clock.now().date(), back,
                                         settings.staff_names)
    _say(f"Suivi des réclamations mis à jour ({result.rows} réclamation(s), "
         f"{result.overdue} en retard) : {result.path}")
    return 0


def cmd_saisie(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    ws.inbox.mkdir(parents=True, exist_ok=True)
    if args.fichier:
        return entry_cli.drop_file(args.fichier, ws.inbox, settings)
    return entry_cli.interactive(ws.inbox, settings)


def cmd_report(args: argparse.Namespace) -> int:
    today = clock.now().date()
    try:
        first, _ = parse_month(args.month)
    except ValueError as exc:
        print(f"reclam : {exc}", file=sys.stderr)
        return 2
    if first > today:
        print(f"reclam : le mois {args.month} n'a pas encore commencé.", file=sys.stderr)
        return 2
    month = f"{first:%Y-%m}"
    ws, settings = load_installation(resolve_home(args.home))
    pdf.find_soffice()  # before any work: the PDF is part of the report
    register = load_client_register(ws.client_register_dir, settings)
    with Journal(ws.journal_file) as journal:
        figures = build_month(journal.items(final_only=True), journal.followups(),
                              register, month, today, journal.events())
    xlsx = monthly.write_monthly_report(figures, monthly.monthly_report_path(ws.reports, month))
    made = pdf.convert_to_pdf(xlsx)
    _say(f"Rapport de {month_label(month)} écrit ({len(figures.of_month)} "
         f"réclamation(s)) : {xlsx} et {made}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    if args.retention_annees < 1:
        print("reclam : la durée de conservation doit être d'au moins un an.", file=sys.stderr)
        return 2
    ws, _ = load_installation(resolve_home(args.home))
    with exclusive_run(ws), Journal(ws.journal_file) as journal:
        result = retention.purge(journal, clock.now().date(), args.retention_annees,
                                 dry_run=args.simulation)
    verb = "à anonymiser" if args.simulation else "anonymisée(s)"
    _say(f"Réclamations closes avant le {result.cutoff:%d/%m/%Y} : "
         f"{len(result.anonymised)} {verb}, {len(result.already)} déjà anonymisée(s).")
    for item_id in result.anonymised:
        _say(f"  {item_id}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reclam", description="Réclamations : courrier entrant.")
    parser.add_argument("--home", help="dossier de l'installation (défaut : $RECLAM_HOME)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal technique détaillé")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="traite inbox/ puis le surveille")
    run.add_argument("--once", action="store_true", help="traite ce qui attend, puis s'arrête")
    run.add_argument("--cluster", metavar="tcp://HOTE:8786",
                     help="fait lire les courriers par les travailleurs d'une grappe Dask")
    run.set_defaults(func=cmd_run)
    worker = sub.add_parser("worker", help="travailleur d'une grappe Dask (reclam run --cluster)")
    worker.add_argument("--scheduler", required=True, metavar="tcp://HOTE:8786",
                        help="adresse de l'ordonnanceur Dask")
    worker.add_argument("--name", help="nom du travailleur (défaut : choisi par Dask)")
    worker.set_defaults(func=cmd_worker)
    export = sub.add_parser("export", help="les fiches en JSON Lines")
    export.add_argument("--since", type=_day, metavar="DATE", help=french.FORMATS)
    export.set_defaults(func=cmd_export)
    register = sub.add_parser("register", help="(ré)écrit le registre Excel du jour")
    register.add_argument("--date", type=_day, metavar="DATE",
                          help=f"{french.FORMATS} (défaut : aujourd'hui)")
    register.set_defaults(func=cmd_register)
    check = sub.add_parser("verifier", help="contrôle journal / dossiers")
    check.add_argument("--reconstruire", action="store_true",
                       help="reconstruit un journal perdu ou vide d'après outbox/ et quarantaine/")
    check.set_defaults(func=cmd_check)
    suivi = sub.add_parser("suivi", help="enregistre le suivi d'une réclamation")
    suivi.add_argument("id", help="N° du courrier (REC-AAAA-NNNNNN)")
    suivi.add_argument("--accuse", metavar="DATE", help=f"accusé de réception envoyé le ({french.FORMATS})")
    suivi.add_argument("--reponse", metavar="DATE", help=f"réponse envoyée le ({french.FORMATS})")
    suivi.add_argument("--issue", metavar="ISSUE", help="favorable, partiel ou défavorable")
    suivi.add_argument("--mediateur-mentionne", metavar="oui|non", help="oui ou non")
    suivi.add_argument("--commentaire", metavar="TEXTE", help="texte libre (\"\" efface la valeur)")
    suivi.set_defaults(func=cmd_suivi)
    saisie = sub.add_parser("saisie", help="saisit une réclamation orale ou de formulaire web")
    saisie.add_argument("--fichier", metavar="F.json|F.csv",
                        help="vérifie un fichier de saisie puis le dépose dans inbox/ "
                             "(une saisie par fichier déposé)")
    saisie.set_defaults(func=cmd_saisie)
    report = sub.add_parser("report", help="rapport mensuel (Excel et PDF) pour les auditeurs")
    report.add_argument("--month", required=True, help="AAAA-MM")
    report.set_defaults(func=cmd_report)
    purge = sub.add_parser("purge", help="anonymise les réclamations closes depuis longtemps")
    purge.add_argument("--retention-annees", type=int, default=retention.DEFAULT_RETENTION_YEARS,
                       help="durée de conservation après la réponse (défaut : 5 ans)")
    purge.add_argument("--simulation", action="store_true",
                       help="liste ce qui serait anonymisé, sans rien changer")
    purge.set_defaults(func=cmd_purge)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # --home may also come after the sub-command
    args, rest = parser.parse_known_args(argv)
    if rest:
        extra = argparse.ArgumentParser(add_help=False)
        extra.add_argument("--home")
        more, unknown = extra.parse_known_args(rest)
        if unknown:
            parser.error(f"arguments inconnus : {' '.join(unknown)}")
        args.home = more.home or args.home
    logs.setup(args.verbose)
    try:
        return int(args.func(args))
    except SetupError as exc:
        print(f"reclam : {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the machine, not a file: disk full, a folder not writable
        if exc.errno not in SYSTEM_PROBLEMS:
            raise
        print(f"reclam : {system_problem(exc)}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reclam export | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
