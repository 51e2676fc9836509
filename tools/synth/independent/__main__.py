"""python -m tools.synth.independent --out DIR --register-out DIR2 --seed N --count N"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tools.synth.independent import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the independent evaluation set.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--register-out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=53)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 20))
    args = parser.parse_args(argv)
    truths = generate(args.out, args.register_out, args.seed, args.count, args.day)
    print(f"{len(truths)} items in {args.out}, register in {args.register_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
