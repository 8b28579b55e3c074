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

from synthetic import ROOT, WORK, build_volume

SYNTHETIC = WORK / "synthetic-volume-3.5M.xml"
TARGET_CHARS = 3_500_000


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
                         else build_volume(SYNTHETIC, chars=TARGET_CHARS)))
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
