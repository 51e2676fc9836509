"""`make demo`: drop a generated day of mail into the home's inbox/ and process it.

    python -m tools.demo [--home DIR] [--count 30] [--seed N]

The letters, scans and emails come from `tools.synth.mail` (held-out wordings, so
the demo shows what the product does on mail it was not tuned on). Ctrl-C stops it with
one French line and status 130: while the letters are made, nothing half-copied is left in
inbox/; during the run, `reclam run` finishes what it reads and says what waits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from pipeline.french import count
from pipeline.workspace import resolve_home
from tools.synth.mail import generate


def _drop(letters: Path, inbox: Path, seed: int) -> int:
    """Each file copied under a hidden name, then renamed: intake never sees half a file,
    even when Ctrl-C stops the copy."""
    dropped = 0
    for path in sorted(letters.iterdir()):
        if path.name == "truth.jsonl":
            continue
        target = inbox / f"demo-{seed}-{path.name}"
        hidden = inbox / f".{target.name}"
        try:
            shutil.copy2(path, hidden)
            os.replace(hidden, target)
        finally:
            hidden.unlink(missing_ok=True)
        dropped += 1
    return dropped


def _dropped(n: int) -> str:
    return count(n, "courrier de démonstration déposé", "courriers de démonstration déposés")


def _run(home: Path) -> int:
    """`reclam run --once`; Ctrl-C reaches it too (the terminal signals the whole group):
    it finishes what it is reading and says what waits, while this process only waits for
    it (a Python handler, not SIG_IGN, which the child would inherit)."""
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        return subprocess.call([sys.executable, "-m", "pipeline.cli", "--home", str(home),
                                "run", "--once"])
    finally:
        signal.signal(signal.SIGINT, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dépose une journée de courrier de démonstration.")
    parser.add_argument("--home")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--seed", type=int, default=date.today().toordinal())
    args = parser.parse_args(argv)
    home = resolve_home(args.home)
    inbox = home / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    dropped = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            letters = Path(tmp)
            print(f"Préparation de {args.count} courriers de démonstration…", flush=True)
            generate(letters, seed=args.seed, count=args.count, wordings="heldout",
                     register_dir=home / "config" / "registre", day=date.today())
            dropped = _drop(letters, inbox, args.seed)
    except KeyboardInterrupt:
        if not dropped:
            print("Arrêt demandé : aucun courrier de démonstration n'a été déposé.", flush=True)
        else:
            future = "il sera traité" if dropped == 1 else "ils seront traités"
            print(f"Arrêt demandé : {_dropped(dropped)} dans {inbox}, {future} au prochain "
                  "lancement (make once ou make run).", flush=True)
        return 130
    print(f"{_dropped(dropped)} dans {inbox}.", flush=True)
    return _run(home)


if __name__ == "__main__":
    sys.exit(main())
