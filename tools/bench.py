"""`make bench`: throughput and memory of `reclam run --once` on scanned letters,
against bare `tesseract -l fra` on the same pages with as many parallel processes,
both measured in the same run. Figures are medians over the repetitions.

    python -m tools.bench [--letters 24] [--repeat 3] [--workers N]

Then reading and matching per item against a large client register (100 000 clients,
`--clients`, with the gazetteers of its numbers and names), as a ratio against the shipped
register measured on the same items in the same run; `--only-matching` runs that part alone.

Then the scale lines of `tools.bench_cluster`: emails per second through the whole run
(3 000 generated emails, `--emails`), the same letters through a local two-worker Dask
cluster against the local pool, and the paper estimate of workers per daily volume.

Prints a table and writes bench-out/bench.json. Ratios, not absolute times, are what
compare across machines.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
from PIL import Image

from tools.synth.mail import generate

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pipeline.record import Item
    from pipeline.text.extract import TextReader

REPO = Path(__file__).resolve().parents[1]


def page_images(letters: Path, out: Path) -> list[Path]:
    """Every page of every letter as a PNG, exactly what bare tesseract will read."""
    out.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    for letter in sorted(letters.iterdir()):
        if letter.suffix == ".pdf":
            document = pdfium.PdfDocument(str(letter))
            frames = [page.render(scale=300 / 72, grayscale=True).to_pil() for page in document]
        elif letter.suffix in {".png", ".tif", ".tiff", ".jpg"}:
            image = Image.open(letter)
            frames = []
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                frames.append(image.copy())
        else:
            continue
        for number, frame in enumerate(frames, start=1):
            target = out / f"{letter.stem}-{number}.png"
            frame.save(target, dpi=(300, 300))
            pages.append(target)
    return pages


def bare_tesseract(pages: list[Path], workers: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(page: Path) -> None:
        subprocess.run(["tesseract", str(page), "-", "-l", "fra"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pages))
    return time.perf_counter() - start


def _tree_rss_kib(root: int) -> tuple[int, int]:
    """(sum, largest) resident memory of a process and its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, largest, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        stack += children.get(pid, [])
    return total, largest


def bench_home(root: Path, workers: int) -> Path:
    """A fresh home with the shipped configuration and register, `workers` local workers,
    no stability delay."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "config").mkdir(parents=True)
    config = (REPO / "config" / "cabinet.toml").read_text(encoding="utf-8")
    config = config.replace("delai_stabilite_s = 5", "delai_stabilite_s = 0")
    config = config.replace("travailleurs = 0", f"travailleurs = {workers}")
    (root / "config" / "cabinet.toml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "config" / "registre", root / "config" / "registre")
    return root


def reclam_once(letters: Path, workers: int, scratch: Path) -> tuple[float, float, int, int]:
    """Wall time of a whole `reclam run --once` (start-up included), the time from the
    first filed item to the last (steady state), and peak memory."""
    home = bench_home(scratch / "home", workers)
    shutil.copytree(letters, home / "inbox", ignore=shutil.ignore_patterns("truth.jsonl"))
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run",
                             "--once"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()
    filed_at: list[float] = []

    def watch_output() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "→".encode() in line:
                filed_at.append(time.perf_counter())

    reader = threading.Thread(target=watch_output)
    reader.start()

    def sample() -> None:
        while not done.is_set():
            total, largest = _tree_rss_kib(proc.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    if proc.returncode:
        raise SystemExit(f"reclam failed: {err.decode()[-500:]}")
    steady = filed_at[-1] - filed_at[0] if len(filed_at) > 1 else elapsed
    return elapsed, steady, peak[0], peak[1]


def reading_seconds(scratch: Path, count: int) -> list[float]:
    """Seconds the understand stage adds per item (text already extracted), mixed mail."""
    from pipeline.client_register_load import load_client_register
    from pipeline.context import load_installation, run_options
    from pipeline.text.extract import TextReader
    from pipeline.text.ocr import OcrEngine
    from pipeline.understand.stage import build_reading, understand

    letters = scratch / "mixed"
    generate(letters, seed=2027, count=count, wordings="validation",
             register_dir=REPO / "config" / "registre", day=date(2026, 11, 20))
    _, settings = load_installation(REPO)
    limits = run_options(settings).limits
    reader = TextReader(limits, OcrEngine(limits))
    # as the product reads: with the shipped register as reading's gazetteer of names
    reading = build_reading(settings, load_client_register(REPO / "config" / "registre", settings))
    timings: list[float] = []
    for item in _extracted_items(letters, reader):
        start = time.perf_counter()
        understand(item, reading)
        timings.append(time.perf_counter() - start)
    return timings


def _extracted_items(letters: Path, reader: TextReader) -> Iterator[Item]:
    """Each generated file of `letters` as an item whose text is already extracted."""
    from pipeline.record import Channel, Item, Source

    for path in sorted(letters.iterdir()):
        if path.name == "truth.jsonl":
            continue
        channel = Channel.EMAIL if path.suffix == ".eml" else Channel.LETTER
        yield Item(Source("REC-BENCH", path.name, "", "2026-11-20T09:00:00+01:00",
                          "2026-11-20T09:00:00+01:00", channel, path.stat().st_size),
                   extracted=reader.read(path.read_bytes(), path.name))


def reading_matching_seconds(scratch: Path, count: int, clients: int = 100_000) -> dict[str, Any]:
    """Reading and matching per item (text already extracted), the client index being the
    shipped register's (the baseline) or the same merged into a synthetic one of `clients`
    clients (bench_match.synthetic_register), with its gazetteer; both measured here, on
    the same items, in the same run. Mixed mail of the validation wordings, whose numbers
    are the shipped register's. Also how often the large register changes an item's client
    or references (a number of its read by mistake in a letter)."""
    from pipeline.client_register import ClientRegister
    from pipeline.client_register_load import load_client_register
    from pipeline.context import load_installation, run_options
    from pipeline.matching.index import ClientIndex
    from pipeline.matching.stage import link_item
    from pipeline.text.extract import TextReader
    from pipeline.text.ocr import OcrEngine
    from pipeline.understand.stage import build_reading, understand
    from tools.bench_match import synthetic_register

    letters = scratch / "reading-matching"
    generate(letters, seed=2028, count=count, wordings="validation",
             register_dir=REPO / "config" / "registre", day=date(2026, 11, 20))
    _, settings = load_installation(REPO)
    limits = run_options(settings).limits
    reader = TextReader(limits, OcrEngine(limits))
    shipped = load_client_register(REPO / "config" / "registre", settings)
    synthetic = synthetic_register(clients)
    large = ClientRegister(clients={**synthetic.clients, **shipped.clients},
                           contracts={**synthetic.contracts, **shipped.contracts},
                           claims={**synthetic.claims, **shipped.claims})  # fmt: skip
    started = time.perf_counter()
    # each register as the product uses it: the names' gazetteer of reading, the index
    registers = {"baseline": shipped, "large": large}
    readings = {name: build_reading(settings, register) for name, register in registers.items()}
    indexes = {name: ClientIndex.build(register) for name, register in registers.items()}
    built = time.perf_counter()
    timings: dict[str, list[float]] = {name: [] for name in indexes}
    scans: list[float] = []  # the gazetteer's look-up of the text alone, large register
    changed = 0
    items = 0
    for item in _extracted_items(letters, reader):
        linked = {}
        for name, index in indexes.items():
            start = time.perf_counter()
            linked[name] = link_item(understand(item, readings[name]), index).match
            timings[name].append(time.perf_counter() - start)
        text = item.extracted.text if item.extracted else ""
        start = time.perf_counter()
        indexes["large"].numbers.scan(text)
        scans.append(time.perf_counter() - start)
        base, big = linked["baseline"], linked["large"]
        items += 1
        changed += bool(base and big and (base.client_id, base.references)
                        != (big.client_id, big.references))  # fmt: skip
    base_median = statistics.median(timings["baseline"])
    large_median = statistics.median(timings["large"])
    return {"items": items, "clients": len(large.clients),
            "numbers": len(large.contracts) + len(large.claims),
            "index_build_s": round(built - started, 2),  # both registers, names and numbers
            "baseline_clients": len(shipped.clients),
            "baseline_median_s": base_median, "large_median_s": large_median,
            "large_p95_s": sorted(timings["large"])[int(0.95 * (items - 1))],
            "ratio": large_median / base_median, "changed_items": changed,
            "gazetteer_scan_median_s": statistics.median(scans)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument("--reading-items", type=int, default=60)
    parser.add_argument("--clients", type=int, default=100_000,
                        help="size of the client register for reading+matching")
    parser.add_argument("--emails", type=int, default=3000,
                        help="generated emails for the emails-per-second line (0: none of "
                             "the scale lines, tools/bench_cluster.py)")
    parser.add_argument("--only-matching", action="store_true",
                        help="only reading+matching against the large register (no OCR runs)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        matching = reading_matching_seconds(scratch, args.reading_items, args.clients)
        if args.only_matching:
            (args.out / "bench-matching.json").write_text(json.dumps(matching, indent=2))
            print(_matching_line(matching), end="")
            return 0
        from tools.bench_cluster import bench_scale, scanned_letters

        letters = scanned_letters(scratch / "letters", args.letters)  # once, for every line
        pages = page_images(letters, scratch / "pages")
        reading = reading_seconds(scratch, args.reading_items)
        runs: list[dict[str, float]] = []
        for _ in range(args.repeat):
            base = bare_tesseract(pages, args.workers)
            ours, steady, tree_kib, largest_kib = reclam_once(letters, args.workers, scratch)
            steady_rate = (len(pages) - len(pages) / args.letters) / steady
            runs.append({"tesseract_s": base, "reclam_s": ours, "ratio": base / ours,
                         "steady_ratio": steady_rate / (len(pages) / base),
                         "peak_tree_mib": tree_kib / 1024, "peak_process_mib": largest_kib / 1024})
        scale: dict[str, Any] = {}
        if args.emails:
            scale = bench_scale(scratch / "scale", args.emails, args.letters,
                                min(2, args.workers), args.repeat, letter_dir=letters)
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    result = {"letters": args.letters, "pages": len(pages), "workers": args.workers,
              "runs": runs, "median": median,
              "reading_s": {"median": statistics.median(reading),
                            "p95": sorted(reading)[int(0.95 * (len(reading) - 1))],
                            "max": max(reading), "items": len(reading)},
              "reading_matching": matching,
              "pages_per_s": {"tesseract": len(pages) / median["tesseract_s"],
                              "reclam": len(pages) / median["reclam_s"]}}
    if scale:
        result["scale"] = scale
    (args.out / "bench.json").write_text(json.dumps(result, indent=2))
    out = io.StringIO()
    out.write(f"{args.letters} scanned letters, {len(pages)} pages, {args.workers} workers, "
              f"{args.repeat} runs (medians)\n")
    out.write(f"  bare tesseract -l fra : {result['pages_per_s']['tesseract']:.2f} pages/s\n")
    out.write(f"  reclam run --once     : {result['pages_per_s']['reclam']:.2f} pages/s "
              "(start-up, intake, filing included)\n")
    out.write(f"  ratio reclam/tesseract: {median['ratio']:.2f} for the whole run, "
              f"{median['steady_ratio']:.2f} once started (first to last filed item)\n")
    out.write(f"  peak memory: {median['peak_tree_mib']:.0f} MiB for the whole process tree, "
              f"{median['peak_process_mib']:.0f} MiB for the largest process\n")
    r = result["reading_s"]
    out.write(f"  reading (understand stage, beyond OCR): median {r['median'] * 1000:.1f} ms, "
              f"p95 {r['p95'] * 1000:.1f} ms, max {r['max'] * 1000:.1f} ms per item "
              f"over {r['items']} mixed items\n")
    out.write(_matching_line(matching))
    if "scale" in result:
        from tools.bench_cluster import scale_lines

        out.write(scale_lines(result["scale"]))
    print(out.getvalue(), end="")
    return 0


def _matching_line(m: dict[str, Any]) -> str:
    return (f"  reading+matching per item, {m['clients']} clients ({m['numbers']} numbers in the "
            f"gazetteer): median {m['large_median_s'] * 1000:.1f} ms, p95 "
            f"{m['large_p95_s'] * 1000:.1f} ms; ratio {m['ratio']:.2f} against the shipped "
            f"register's {m['baseline_clients']} clients ({m['baseline_median_s'] * 1000:.1f} ms), "
            f"same {m['items']} items, same run (of which the gazetteer's look-up of the "
            f"text: {m['gazetteer_scan_median_s'] * 1000:.2f} ms); index built in "
            f"{m['index_build_s']:.1f} s; "
            f"items whose client or references changed: {m['changed_items']}\n")


if __name__ == "__main__":
    sys.exit(main())
