"""`make bench`, the lines about scale: emails per second through a whole `reclam run
--once` (the parent's own cost per item bounds any cluster), and the same scanned letters
through a local two-worker Dask cluster against the local pool (the engine's overhead on
one machine), with a paper estimate of the workers a daily volume needs.

    python -m tools.bench_cluster [--emails 3000] [--letters 30] [--workers 2]

Called by `tools.bench` (its last lines); alone it prints the same lines.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tools.bench import bench_home
from tools.synth.mail import EMAIL_KINDS, SCAN_KINDS, generate

REPO = Path(__file__).resolve().parents[1]
TEXT_EMAILS = set(EMAIL_KINDS) - {"email_attached_scan"}  # no OCR: the parent's cost shows
DAY_S = 8 * 3600  # a working day of the workers
VOLUMES = (5_000, 20_000, 50_000)  # letters a day, for the paper estimate


# `reclam` as the parent runs it, then its own CPU time (all its threads, not its workers')
PARENT = ("import resource, sys; from pipeline.cli import main; code = main(sys.argv[1:]); "
          "use = resource.getrusage(resource.RUSAGE_SELF); "
          "print(f'parent-cpu-s {use.ru_utime + use.ru_stime:.3f}', file=sys.stderr); "
          "sys.exit(code)")


def timed_run(items: Path, home: Path, *extra: str) -> dict[str, float]:
    """Wall time of `reclam run --once` on a copy of `items` (start-up included), from the
    first filed item to the last, and the parent's own CPU time per item (what bounds a
    cluster: the parent alone takes, journals and files)."""
    shutil.copytree(items, home / "inbox", ignore=shutil.ignore_patterns("truth.jsonl"),
                    dirs_exist_ok=True)
    count = sum(1 for p in (home / "inbox").iterdir() if p.is_file())
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PARENT, "--home", str(home), "run",
                             "--once", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO)
    assert proc.stdout is not None
    filed = [time.perf_counter() for line in proc.stdout if "→" in line]
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait():
        raise SystemExit(f"reclam failed: {err[-500:]}")
    elapsed = time.perf_counter() - start
    steady = filed[-1] - filed[0] if len(filed) > 1 else elapsed
    parent_s = float(err.rsplit("parent-cpu-s ", 1)[1].split()[0])
    return {"items": count, "whole_s": elapsed, "steady_s": steady,
            "per_s": count / elapsed, "steady_per_s": (len(filed) - 1) / steady,
            "parent_ms": parent_s * 1000 / count}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def local_cluster(scratch: Path, workers: int) -> Iterator[str]:
    """A Dask scheduler and `workers` `reclam worker` processes on 127.0.0.1, the workers
    reading their own copy of the register (as another machine would)."""
    from distributed import Client

    worker_home = bench_home(scratch / "worker-home", 1)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    null = subprocess.DEVNULL
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler",
                               "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=null, stderr=null)]
    procs += [subprocess.Popen([sys.executable, "-m", "pipeline.cli", "worker", "--scheduler",
                                address, "--home", str(worker_home)], cwd=REPO, stdout=null,
                               stderr=null) for _ in range(workers)]
    try:
        with Client(address, timeout=120, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=180)
        yield address
    finally:
        for proc in procs[1:] + procs[:1]:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the runs (and the runs themselves, for bench.json)."""
    out: dict[str, Any] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    out["runs"] = runs
    return out


def scanned_letters(folder: Path, count: int) -> Path:
    """The bench's scanned letters (`tools.bench` makes them once for all its lines)."""
    generate(folder, seed=2026, count=count, wordings="validation", kinds=set(SCAN_KINDS),
             register_dir=REPO / "config" / "registre", day=date(2026, 11, 20))
    return folder


def bench_scale(scratch: Path, emails: int, letters: int, workers: int,
                repeat: int = 3, letter_dir: Path | None = None) -> dict[str, Any]:
    """`letter_dir`: scanned letters already made by `scanned_letters` (else made here)."""
    email_dir = scratch / "emails"
    generate(email_dir, seed=2027, count=emails, wordings="validation", kinds=TEXT_EMAILS,
             register_dir=REPO / "config" / "registre", day=date(2026, 11, 20))
    letter_dir = letter_dir or scanned_letters(scratch / "letters", letters)
    pages = sum(_pages(p) for p in letter_dir.iterdir() if p.suffix != ".jsonl")
    result: dict[str, Any] = {"workers": workers, "pages": pages, "repeat": repeat}
    result["emails"] = _median_run([
        timed_run(email_dir, bench_home(scratch / f"home-emails-{n}", workers))
        for n in range(repeat)])
    result["pool"] = _median_run([
        timed_run(letter_dir, bench_home(scratch / f"home-pool-{n}", workers))
        for n in range(repeat)])
    with local_cluster(scratch, workers) as address:
        result["cluster"] = _median_run([
            timed_run(letter_dir, bench_home(scratch / f"home-cluster-{n}", workers),
                      "--cluster", address) for n in range(repeat)])
    pool, cluster = result["pool"], result["cluster"]
    result["ratio"] = pool["whole_s"] / cluster["whole_s"]
    result["steady_ratio"] = pool["steady_s"] / cluster["steady_s"]
    # seconds per page of one worker, once started: the steady time of the pool, its
    # workers all busy, over the pages read meanwhile (all but the first letter's); on a
    # machine busy with other work, more than Tesseract's CPU-second a page
    read = pages * (letters - 1) / letters
    result["cpu_s_per_page"] = pool["steady_s"] * workers / read
    return result


def _pages(path: Path) -> int:
    from PIL import Image

    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        return len(pdfium.PdfDocument(str(path)))
    with Image.open(path) as image:
        return int(getattr(image, "n_frames", 1))


def scale_lines(r: dict[str, Any]) -> str:
    e, pool, cluster = r["emails"], r["pool"], r["cluster"]
    cost = r["cpu_s_per_page"]
    pages_per_letter = r["pages"] / pool["items"]
    lines = [
        f"  emails through the whole run: {e['per_s']:.1f} emails/s (median of {r['repeat']} "
        f"runs; {e['items']:.0f} generated "
        f"emails, no OCR, {r['workers']} workers, start-up and letters included; "
        f"{e['steady_per_s']:.1f}/s first to last filed); the parent's own CPU "
        f"{e['parent_ms']:.1f} ms an email, enough for "
        f"{1000 / e['parent_ms']:.0f} emails/s\n",
        f"  {pool['items']:.0f} letters on a local {r['workers']}-worker Dask cluster: "
        f"{cluster['whole_s']:.1f} s against {pool['whole_s']:.1f} s in the local pool "
        f"(ratio pool/cluster {r['ratio']:.2f} for the whole run, "
        f"{r['steady_ratio']:.2f} first to last filed)\n",
        f"  paper estimate, at {cost:.2f} s a page per worker measured here "
        f"({pages_per_letter:.1f} pages a letter), one-thread workers for an 8-hour day: "
        + ", ".join(f"{v:,} letters → {math.ceil(v * pages_per_letter * cost / DAY_S)}"
                    .replace(",", " ") for v in VOLUMES)
        + " (the parent files about the emails/s rate above, whatever the workers)\n",
    ]
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--emails", type=int, default=3000)
    parser.add_argument("--letters", type=int, default=30)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (medians)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(scale_lines(bench_scale(Path(tmp), args.emails, args.letters, args.workers,
                                      args.repeat)),
              end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
