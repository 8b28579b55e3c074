"""How fast typeset builds books, measured side by side (a script, not a test).

Cases, each a fresh process, interleaved run by run so that a busy machine slows all
of them alike:
  naive    one WeasyPrint render of the whole volume's HTML, in one process;
  cold     `typeset build --book` with an empty cache, on the workers given;
  warm     the same build again after one document was edited (the cache kept);
  archival the archival edition (tagged PDF/UA, PDF/A: rendered whole).
The volume is SYNTHETIC (synthetic.py): about 100 documents, made from the corpus.

    python benchmarks/build_bench.py [--runs 3] [--workers 2] [--big]

prints a Markdown section for benchmarks/RESULTS.md. ``--big`` also builds a
SYNTHETIC volume of about 2,000 pages once, to show it completes in bounded memory.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, WORK, build_volume

EDITION = "letter"
VOLUME = WORK / "synthetic-volume-100docs.xml"
BIG = WORK / "synthetic-volume-2000pages.xml"
NAIVE = """
import sys, time, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""
WHOLE_HTML = """
import sys
from pathlib import Path
from typeset.editions import load_editions
from typeset.readers import read_sources
from typeset.render.html import RenderOptions, book_view, render_html
collection = read_sources([Path(sys.argv[1])])
edition = load_editions()[sys.argv[2]]
book = book_view(collection, edition, RenderOptions(book=True))
Path(sys.argv[3]).write_text(render_html(book, collection, edition), encoding="utf-8")
"""
SUMMARY = re.compile(r"built \d+ PDF\(s\), (\d+) pages.*peak (\d+) MiB per worker")


def timed(command: list[str], env: dict) -> dict:
    """Run a command; its wall time, and its own peak RSS (GNU time's %M, KiB)."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    main_rss = int(result.stderr.strip().splitlines()[-1]) / 1024
    summary = SUMMARY.search(result.stderr)
    return {"seconds": seconds, "main_rss": main_rss,
            "pages": int(summary.group(1)) if summary else None,
            "worker_rss": int(summary.group(2)) if summary else None}


def typeset(*args: str) -> list[str]:
    return [sys.executable, "-m", "typeset", *args]


def edit_one_document(source: Path, target: Path) -> None:
    """The volume with one word of one document changed, as after a correction."""
    text = source.read_text(encoding="utf-8")
    marker = 'xml:id="d50"'
    at = text.index(marker)
    paragraph = text.index("<p>", at)
    target.write_text(text[:paragraph + 3] + "Corrected: " + text[paragraph + 3:],
                      encoding="utf-8")


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(path).pages)


def median_range(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--big", action="store_true")
    options = parser.parse_args()
    if options.runs < 3:
        parser.error("--runs must be at least 3")
    volume = build_volume(VOLUME, documents=100, lengthen=2)
    scratch = Path(tempfile.mkdtemp(prefix="typeset-bench-"))
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    whole_html = scratch / "whole.html"
    subprocess.run([sys.executable, "-c", WHOLE_HTML, str(VOLUME), EDITION, str(whole_html)],
                   check=True, env=env)
    edited = scratch / VOLUME.name  # same file name: the same output and cache units
    runs: dict[str, list[dict]] = {"naive": [], "cold": [], "warm": [], "archival": []}
    sizes = {}
    for number in range(options.runs):
        cache = scratch / f"cache-{number}"
        out = scratch / f"out-{number}"
        run_env = {**env, "TYPESET_CACHE": str(cache)}
        runs["naive"].append(timed([sys.executable, "-c", NAIVE, str(whole_html),
                                    str(scratch / "naive.pdf")], env))
        runs["naive"][-1]["pages"] = pdf_pages(scratch / "naive.pdf")
        shutil.copy(VOLUME, edited)
        build = typeset("build", str(edited), "--book", "-e", EDITION, "-o", str(out),
                        "-j", str(options.workers))
        runs["cold"].append(timed(build, run_env))
        edit_one_document(VOLUME, edited)
        runs["warm"].append(timed(build, run_env))
        runs["archival"].append(timed(typeset("build", str(VOLUME), "--book", "-e", "archival",
                                              "-o", str(out), "--no-cache"), env))
        sizes = {"naive": (scratch / "naive.pdf").stat().st_size,
                 "cold": next((out / EDITION).glob("*.pdf")).stat().st_size}
        print(f"run {number + 1}: " + ", ".join(
            f"{name} {cases[-1]['seconds']:.2f} s" for name, cases in runs.items()),
            file=sys.stderr)
    big = None
    if options.big:
        info = build_volume(BIG, documents=400, lengthen=2)
        big = {**info, **timed(typeset("build", str(BIG), "--book", "-e", EDITION, "-o",
                                       str(scratch / "big"), "--no-cache", "-j",
                                       str(options.workers)), env)}
    print(report(volume, runs, sizes, big, options))
    shutil.rmtree(scratch, ignore_errors=True)


def report(volume: dict, runs: dict, sizes: dict, big: dict | None, options) -> str:
    seconds = {name: [case["seconds"] for case in cases] for name, cases in runs.items()}
    median = {name: statistics.median(values) for name, values in seconds.items()}
    lines = [
        f"## Building a book (synthetic volume, {volume['documents']} documents)",
        "",
        f"`python benchmarks/build_bench.py --runs {options.runs} --workers "
        f"{options.workers}`: `{VOLUME.relative_to(ROOT)}`, a SYNTHETIC volume made from "
        f"the corpus ({volume['chars']:,} characters), in the `{EDITION}` edition. "
        "Every case is a fresh process; the cases run interleaved, run by run.",
        "",
        f"Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} CPUs, "
        f"Python {platform.python_version()}; {datetime.date.today().isoformat()}.",
        "",
        "| case | wall s, median (min–max) | pages | pages/s | peak RSS MiB (main / worker) |",
        "|---|---|---|---|---|",
    ]
    for name, cases in runs.items():
        pages = cases[0]["pages"]
        worker = max((case["worker_rss"] or 0) for case in cases)
        main = max(case["main_rss"] for case in cases)
        rate = f"{pages / median[name]:.1f}" if pages else "–"
        lines.append(f"| {name} | {median_range(seconds[name])} | {pages or '–'} | {rate} | "
                     f"{main:.0f} / {worker or '–'} |")
    speedup = median["naive"] / median["cold"]
    warm_share = median["warm"] / median["cold"]
    lines += [
        "",
        f"- Cold book against the naive single render: **{speedup:.2f}×** faster "
        f"(target ≥ 1.8×: {'met' if speedup >= 1.8 else 'NOT met'}); pages "
        f"{runs['cold'][0]['pages']} against {runs['naive'][0]['pages']}.",
        f"- Warm rebuild after a one-document edit: **{warm_share:.1%}** of the cold build "
        f"(target ≤ 10%: {'met' if warm_share <= 0.10 else 'NOT met'}).",
        f"- File size: cold book {sizes['cold'] / 2**20:.1f} MiB, naive render "
        f"{sizes['naive'] / 2**20:.1f} MiB (each unit embeds its own font subsets).",
    ]
    if big:
        lines.append(f"- A SYNTHETIC {big['pages']}-page volume ({big['documents']} documents) "
                     f"built cold in {big['seconds']:.1f} s; peak RSS per worker "
                     f"{big['worker_rss']} MiB (target ≤ 1 GB), main process "
                     f"{big['main_rss']:.0f} MiB.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
