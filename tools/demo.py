"""`make demo`: drop a generated day of mail into the home's inbox/ and process it.

    python -m tools.demo [--home DIR] [--count 30] [--seed N]

The letters, scans and emails come from `tools.synth.mail` (held-out wordings, so
the demo shows what the product does on mail it was not tuned on).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from pipeline.workspace import resolve_home
from tools.synth.mail import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dépose une journée de courrier de démonstration.")
    parser.add_argument("--home")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=date.today().toordinal())
    args = parser.parse_args(argv)
    home = resolve_home(args.home)
    inbox = home / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        letters = Path(tmp)
        generate(letters, seed=args.seed, count=args.count, wordings="heldout",
                 register_dir=home / "config" / "registre", day=date.today())
        for path in sorted(letters.iterdir()):
            if path.name != "truth.jsonl":
                shutil.copy2(path, inbox / f"demo-{args.seed}-{path.name}")
    print(f"{args.count} courriers de démonstration déposés dans {inbox}.")
    return subprocess.call([sys.executable, "-m", "pipeline.cli", "--home", str(home),
                            "run", "--once"])


if __name__ == "__main__":
    sys.exit(main())
