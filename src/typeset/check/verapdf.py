"""veraPDF, the reference validator of PDF/A and PDF/UA, run where it is installed.

Our own checks are the gate (veraPDF needs Java and is not installed everywhere); this
adds its verdict when it can, and says plainly when it cannot.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .report import SKIP, Result, result

GROUP = "veraPDF"
TIMEOUT = 300


def flavour(profile: str, pdfa_part: str | None, pdfa_level: str | None) -> str | None:
    """veraPDF's name for a profile (it does not validate PDF/X)."""
    if profile == "ua":
        return "ua1"
    if profile == "pdfa":
        return f"{pdfa_part or '3'}{(pdfa_level or 'b').lower()}"
    return None


def run_verapdf(path: Path, flavours: list[str]) -> list[Result]:
    program = shutil.which("verapdf")
    if program is None:
        return [Result(GROUP, "veraPDF", SKIP, "veraPDF is not installed here "
                       "(https://verapdf.org): only typeset's own checks ran")]
    if not flavours:
        return [Result(GROUP, "veraPDF", SKIP, "veraPDF validates PDF/A and PDF/UA only")]
    results = []
    for name in flavours:
        try:
            done = subprocess.run([program, "--flavour", name, "--format", "text", str(path)],
                                  capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as error:
            results.append(result(GROUP, f"flavour {name}", False, f"veraPDF failed: {error}"))
            continue
        verdict = next((line.split()[0] for line in done.stdout.splitlines()
                        if line.startswith(("PASS", "FAIL"))), None)
        detail = (done.stdout.strip() or done.stderr.strip()).splitlines()[-1:] or ["no output"]
        results.append(result(GROUP, f"flavour {name}", verdict == "PASS", detail[0]))
    return results
