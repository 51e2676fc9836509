"""`reclam`: the command line (spec/workspace.md).

    reclam run [--once]            process inbox/ (then watch it, until Ctrl-C or SIGTERM)
    reclam export [--since DATE]   the records, as JSON Lines on stdout
    reclam register [--date DATE]  (re)write that day's complaint register (default: today)
    reclam verifier                check that the journal and the folders agree

Every command takes --home DIR (or $RECLAM_HOME). Exit 0 on success; otherwise a
one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date

from pipeline import audit, clock, logs
from pipeline.context import load_installation, preflight, run_options
from pipeline.errors import SetupError
from pipeline.journal import Journal
from pipeline.registers.daily import rewrite_day
from pipeline.runner import Runner
from pipeline.watch import InboxWatch
from pipeline.workspace import resolve_home


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    ws, settings = load_installation(resolve_home(args.home))
    options = run_options(settings)
    preflight(ws, settings)
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
    with Journal(ws.journal_file) as journal:
        runner = Runner(ws, options, journal, _say, verbose=args.verbose)
        if args.once:
            runner.run(once=True, stop=stop, wake=wake)
        else:
            _say(f"Surveillance de {ws.inbox} (Ctrl-C pour arrêter).")
            with InboxWatch(ws.inbox, wake):
                runner.run(once=False, stop=stop, wake=wake)
        done = runner.progress.done
    _say(f"Terminé : {done} fichier(s) traité(s)." if done else "Aucun fichier à traiter.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    since = date.fromisoformat(args.since).isoformat() if args.since else None
    if not ws.journal_file.exists():
        return 0
    with Journal(ws.journal_file) as journal:
        for item in journal.items(since=since):
            sys.stdout.write(json.dumps(item.export_record(), ensure_ascii=False) + "\n")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    day: date = args.date or clock.now().date()
    with Journal(ws.journal_file) as journal:
        path, count = rewrite_day(journal, ws.reports, day)
    _say(f"Registre du {day:%d/%m/%Y} écrit ({count} courrier(s)) : {path}")
    return 0


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ : {text!r}") from None


def cmd_check(args: argparse.Namespace) -> int:
    ws, _ = load_installation(resolve_home(args.home))
    with Journal(ws.journal_file) as journal:
        problems = audit.disagreements(ws, journal)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("Le journal et les dossiers concordent.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reclam", description="Réclamations : courrier entrant.")
    parser.add_argument("--home", help="dossier de l'installation (défaut : $RECLAM_HOME)")
    parser.add_argument("-v", "--verbose", action="store_true", help="journal technique détaillé")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="traite inbox/ puis le surveille")
    run.add_argument("--once", action="store_true", help="traite ce qui attend, puis s'arrête")
    run.set_defaults(func=cmd_run)
    export = sub.add_parser("export", help="les fiches en JSON Lines")
    export.add_argument("--since", help="AAAA-MM-JJ")
    export.set_defaults(func=cmd_export)
    register = sub.add_parser("register", help="(ré)écrit le registre Excel du jour")
    register.add_argument("--date", type=_iso_day, help="AAAA-MM-JJ (défaut : aujourd'hui)")
    register.set_defaults(func=cmd_register)
    check = sub.add_parser("verifier", help="contrôle journal / dossiers")
    check.set_defaults(func=cmd_check)
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
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `reclam export | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
