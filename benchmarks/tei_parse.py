"""How fast ``read_tei`` reads a volume-sized TEI file (a script, not a test).

The volume is SYNTHETIC: the excerpt's three documents (FRUS 1961–63 vol. VI, 51–53)
repeated with new document numbers, xml:ids and page numbers until the file holds about
3.5 million characters, as a real volume's master file does. The volume is built, and
each timed run made, in a fresh process: Linux carries a parent's peak RSS over into its
children's ``ru_maxrss``, so the parent stays small.

    python benchmarks/tei_parse.py [--runs 5]

prints the figures and a Markdown section for benchmarks/RESULTS.md. Target: ≤ 5 s.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tests" / "corpus" / "frus1961-63v06-d51-d53.xml"
WORK = ROOT / "benchmarks" / "work"
SYNTHETIC = WORK / "synthetic-volume-3.5M.xml"
TARGET_CHARS = 3_500_000
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def build_synthetic_volume(path: Path) -> dict:
    """Write the synthetic volume; return its size in characters and its document count."""
    from lxml import etree

    tree = etree.parse(str(EXCERPT))
    chapter = tree.getroot().find(f".//{TEI}body/{TEI}div")
    one_copy = len(etree.tostring(tree, encoding="unicode"))
    body = chapter.getparent()
    body.remove(chapter)
    per_copy = one_copy - len(etree.tostring(tree, encoding="unicode"))
    copies = 1 + -(-(TARGET_CHARS - one_copy) // per_copy)  # rounded up
    first_page = min(int(pb.get("n")) for pb in chapter.iter(f"{TEI}pb"))
    page_span = max(int(pb.get("n")) for pb in chapter.iter(f"{TEI}pb")) - first_page + 1
    documents = 0
    for index in range(copies):
        part = copy.deepcopy(chapter)
        part.set(XML_ID, f"ch{index + 1}")
        for pb in part.iter(f"{TEI}pb"):
            page = int(pb.get("n")) - first_page + 1 + index * page_span
            pb.set("n", str(page))
            pb.set(XML_ID, f"pg_{page}")
        for div in part.iter(f"{TEI}div"):
            if div.get("type") != "document":
                continue
            documents += 1
            div.set("n", str(documents))
            div.set(XML_ID, f"d{documents}")
            for note in div.iter(f"{TEI}note"):
                note.set(XML_ID, f"d{documents}fn{note.get('n')}")
        body.append(part)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = etree.tostring(tree, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + text, encoding="utf-8")
    return {"chars": len(text), "documents": documents}


def measure_once(path: Path) -> dict:
    """Time one read in this process (run in a child process by ``main``)."""
    from typeset.readers.tei import read_tei

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    collection = read_tei(path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "peak_rss_mib": peak / 1024, "baseline_rss_mib": baseline / 1024,
            "documents": len(collection.documents)}


def run_child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout)


def report(chars: int, documents: int, runs: list[dict]) -> str:
    import lxml

    seconds = [run["seconds"] for run in runs]
    peak = max(run["peak_rss_mib"] for run in runs)
    baseline = max(run["baseline_rss_mib"] for run in runs)
    median = statistics.median(seconds)
    return "\n".join([
        "## TEI parsing (synthetic volume)",
        "",
        f"`python benchmarks/tei_parse.py --runs {len(runs)}`: `read_tei` on "
        f"`{SYNTHETIC.relative_to(ROOT)}`, a SYNTHETIC volume: the excerpt's documents "
        f"51–53 repeated with new numbers, ids and pages ({chars:,} characters, "
        f"{documents} documents). Each run is a fresh process.",
        "",
        "| | |",
        "|---|---|",
        f"| Date | {datetime.date.today().isoformat()} |",
        f"| Machine | {platform.machine()}, {len(os.sched_getaffinity(0))} CPUs (`nproc`), "
        f"{platform.system()} {platform.release()} |",
        f"| Python | {platform.python_version()}, lxml {lxml.__version__} |",
        f"| Runs | {len(runs)} |",
        f"| Median | {median:.2f} s |",
        f"| Min / max | {min(seconds):.2f} s / {max(seconds):.2f} s |",
        f"| Peak RSS | {peak:.0f} MiB (of which {baseline:.0f} MiB before the read: "
        "Python and imports) |",
        f"| Target | ≤ 5 s: {'met' if median <= 5 else 'NOT met'} |",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs (at least 3)")
    parser.add_argument("--once", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.once or options.build:
        print(json.dumps(measure_once(options.once) if options.once
                         else build_synthetic_volume(SYNTHETIC)))
        return
    if options.runs < 3:
        parser.error("--runs must be at least 3")
    built = run_child("--build")
    chars, documents = built["chars"], built["documents"]
    print(f"built {SYNTHETIC} (SYNTHETIC: {chars:,} characters, {documents} documents)",
          file=sys.stderr)
    runs = []
    for number in range(1, options.runs + 1):
        runs.append(run_child("--once", str(SYNTHETIC)))
        print(f"run {number}: {runs[-1]['seconds']:.2f} s, peak RSS "
              f"{runs[-1]['peak_rss_mib']:.0f} MiB", file=sys.stderr)
    print(report(chars, documents, runs))


if __name__ == "__main__":
    main()
