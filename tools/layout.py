"""The README's picture of the product package: one line per module of `pipeline/`, with
the first sentence of its docstring.

    python -m tools.layout            print the picture
    python -m tools.layout --write    put it in README.md, between its two markers

`tests/test_layout.py` fails when the README's picture and the code disagree.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BEGIN = "<!-- package picture: python -m tools.layout --write -->"
END = "<!-- end of the package picture -->"
WIDTH = 80  # characters of a module's line, its name apart
_SENTENCE_END = re.compile(r"(?<=[.])\s|$")


def summary(source: Path) -> str:
    """The first sentence of a module's docstring, on one line ("" when it has none)."""
    doc = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    cut = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: cut.start()].rstrip(".") if cut else paragraph
    if len(sentence) <= WIDTH:
        return sentence
    head = sentence.split(": ", 1)[0]
    if 20 <= len(head) <= WIDTH:
        return head
    return sentence[:WIDTH].rsplit(" ", 1)[0] + " …"


def picture(package: Path = REPO / "pipeline") -> str:
    """The package as a tree, one line per module and folder."""
    lines = [f"{package.name}/"]

    def walk(folder: Path, indent: str) -> None:
        entries = sorted(p for p in folder.iterdir()
                         if (p.is_dir() and (p / "__init__.py").exists())
                         or (p.suffix == ".py" and p.name != "__init__.py"))
        for index, entry in enumerate(entries):
            last = index == len(entries) - 1
            branch, deeper = ("└── ", "    ") if last else ("├── ", "│   ")
            if entry.is_dir():
                lines.append(f"{indent}{branch}{entry.name}/  {summary(entry / '__init__.py')}"
                             .rstrip())
                walk(entry, indent + deeper)
            else:
                lines.append(f"{indent}{branch}{entry.name}  {summary(entry)}".rstrip())

    walk(package, "")
    return "\n".join(lines) + "\n"


def readme_picture(text: str) -> str | None:
    """The picture the README holds between its markers, or None."""
    if BEGIN not in text or END not in text:
        return None
    inside = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return inside.strip("\n").removeprefix("```").removesuffix("```").strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true", help="update README.md")
    args = parser.parse_args(argv)
    drawn = picture()
    if not args.write:
        print(drawn, end="")
        return 0
    text = README.read_text(encoding="utf-8")
    if readme_picture(text) is None:
        raise SystemExit(f"README.md has no markers {BEGIN!r} … {END!r}")
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    README.write_text(f"{before}{BEGIN}\n```\n{drawn}```\n{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
