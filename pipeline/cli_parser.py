"""The command line's parser, in French: argparse with its headings, usage and errors said
in French (`FrenchParser`, `FrenchFormatter`), the commands and their options
(`build_parser`, texts in `pipeline/cli_help.py`), and the types of their values.

A mistake on the command line gives one French line and the hint
« reclam COMMANDE --help pour l'aide », exit status 2, never argparse's English nor a
traceback; a command typed nearly right is named (« vouliez-vous dire run ? »).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, NoReturn

from pipeline import cli_help, french, retention
from pipeline.letters.owed import LetterType
from pipeline.reports.model import parse_month

Handler = Callable[[argparse.Namespace], int]

_TYPE_NAMES = {"int": "nombre entier", "float": "nombre"}


class FrenchFormatter(argparse.HelpFormatter):
    """argparse's help layout, headed in French: « utilisation : », « options : »."""

    def add_usage(self, usage: str | None, actions: object, groups: object,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,  # type: ignore[arg-type]
                          "utilisation : " if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # never cut « AAAA-MM-JJ », « suivi-reclamations.xlsx » or a path at a hyphen
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False,
                             break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False,
                             break_long_words=False)

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):  # the commands, without a
            return "".join(self._format_action(a) for a in action._get_subactions())  # header
        return super()._format_action(action)

    def start_section(self, heading: str | None) -> None:
        super().start_section(f"{heading} " if heading else heading)  # « options : »


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are French and whose errors are one line."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchFormatter)
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=cli_help.HELP)

    def error(self, message: str) -> NoReturn:
        self.fail(translate(message, self))

    def fail(self, line: str) -> NoReturn:
        """One French line, the help hint, exit status 2."""
        sys.stderr.write(f"{self.prog} : {line}\n{cli_help.help_hint(self.prog)}\n")
        sys.exit(2)

    def options(self) -> list[str]:
        return [o for action in self._actions for o in action.option_strings]


def translate(message: str, parser: FrenchParser) -> str:
    """argparse's English error `message` in French (the known forms; else as it is)."""
    if found := re.fullmatch(r"the following arguments are required: (.+)", message):
        if found[1] == "COMMANDE":
            return "commande manquante : " + ", ".join(cli_help.COMMANDS)
        return f"argument obligatoire manquant : {found[1]}"
    if found := re.fullmatch(r"unrecognized arguments: (.+)", message):
        return unknown_arguments(found[1].split(), parser)
    if found := re.fullmatch(r"ambiguous option: (\S+) could match (.+)", message):
        return f"option ambiguë : {found[1]} (peut-être {found[2].replace(', ', ' ou ')})"
    if found := re.fullmatch(r"argument (\S+): (.+)", message, re.S):
        return _about_argument(found[1], found[2])
    return message


def _about_argument(name: str, message: str) -> str:
    if found := re.fullmatch(r"invalid choice: (.+?) \(choose from (.+)\)", message):
        typed = found[1].strip("'\"")
        choices = [c.strip(" '\"") for c in found[2].split(",")]
        close = difflib.get_close_matches(typed, choices, n=1)
        guess = f" — vouliez-vous dire {close[0]} ?" if close else (
            " (choix : " + ", ".join(choices) + ")")
        what = "commande inconnue" if name == "COMMANDE" else f"{name} : valeur inconnue"
        return f"{what} : {typed}{guess}"
    if found := re.fullmatch(r"invalid (\w+) value: (.+)", message):
        kind = _TYPE_NAMES.get(found[1], found[1])
        return f"{name} {found[2].strip(chr(39))} : {kind} attendu"
    if re.fullmatch(r"expected (one|at least one|at most one) argument", message):
        return f"{name} : valeur manquante"
    if found := re.fullmatch(r"not allowed with argument (.+)", message):
        return f"{name} ne peut pas être donné avec {found[1]}"
    if found := re.fullmatch(r"ignored explicit argument (.+)", message):
        return f"{name} ne prend pas de valeur ({found[1].strip(chr(39))})"
    return f"{name} {message}"  # our own types' reasons, already French (`day`, `month`)


def unknown_arguments(words: Sequence[str], parser: FrenchParser) -> str:
    """« option inconnue : --sinse — vouliez-vous dire --since ? » for the first unknown word."""
    first = words[0]
    if not first.startswith("-"):
        return f"argument en trop : {' '.join(words)}"
    close = difflib.get_close_matches(first.split("=")[0], parser.options(), n=1)
    guess = f" — vouliez-vous dire {close[0]} ?" if close else ""
    return f"option inconnue : {first}{guess}"


def day(text: str) -> date:
    """A date option's value, JJ/MM/AAAA or AAAA-MM-JJ (`french.parse_day`)."""
    try:
        return french.parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text} : {exc}") from None


def month(text: str) -> str:
    """A month option's value, AAAA-MM."""
    try:
        first, _ = parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text} : mois attendu au format AAAA-MM (par exemple 2026-11)") from None
    return f"{first:%Y-%m}"


def _common() -> FrenchParser:
    """--home and -v, accepted before and after the command (SUPPRESS: a command's parser
    does not undo what was given before it)."""
    common = FrenchParser(add_help=False)
    common.add_argument("--home", metavar="DOSSIER", default=argparse.SUPPRESS,
                        help=cli_help.home_help())
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help=cli_help.VERBOSE)
    return common


def build_parser(handlers: Mapping[str, Handler]) -> tuple[FrenchParser, dict[str, FrenchParser]]:
    """The parser, and each command's own parser by name; `handlers`: each command's function."""
    parser = FrenchParser(prog=cli_help.PROG, description=cli_help.DESCRIPTION,
                          epilog=cli_help.EPILOG, parents=[_common()])
    parser.set_defaults(home=None, verbose=False)  # its own copy: the commands' stay SUPPRESS
    common = _common()
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE",
                                title="commandes", parser_class=FrenchParser)
    commands: dict[str, FrenchParser] = {}
    for name, command in cli_help.COMMANDS.items():
        commands[name] = sub.add_parser(name, help=command.line, description=command.description,
                                        parents=[common])
        commands[name].set_defaults(func=handlers[name])

    def option(name: str, *flags: str, **kwargs: Any) -> None:
        dest = flags[-1].lstrip("-").replace("-", "_")
        commands[name].add_argument(*flags, help=cli_help.OPTIONS[(name, dest)], **kwargs)

    option("run", "--once", action="store_true")
    option("run", "--cluster", metavar="tcp://HÔTE:8786")
    option("export", "--since", type=day, metavar="DATE")
    option("register", "--date", type=day, metavar="DATE")
    option("verifier", "--reconstruire", action="store_true")
    option("suivi", "id", metavar="N°")
    option("suivi", "--accuse", metavar="DATE")
    option("suivi", "--reponse", metavar="DATE")
    option("suivi", "--issue", metavar="ISSUE")
    option("suivi", "--mediateur-mentionne", metavar="oui|non")
    option("suivi", "--commentaire", metavar="TEXTE")
    option("courrier", "id", metavar="N°")
    option("courrier", "--type", choices=[t.value for t in LetterType], metavar="TYPE")
    option("saisie", "--fichier", metavar="F.json|F.csv")
    option("report", "--month", required=True, type=month, metavar="AAAA-MM")
    option("purge", "--retention-annees", type=int, metavar="ANNÉES",
           default=retention.DEFAULT_RETENTION_YEARS)
    option("purge", "--simulation", action="store_true")
    option("worker", "--scheduler", required=True, metavar="tcp://HÔTE:8786")
    option("worker", "--name", metavar="NOM")
    return parser, commands
