"""Paths and helpers the tests share. Tests use the corpus copies in tests/corpus."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typeset.model import Document
from typeset.stream import document_stream, inline_stream

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CORPUS = TESTS / "corpus"
SEED = ROOT / "seeds" / "frus1961-63v06-d51.txt"
TEI_EXCERPT = CORPUS / "frus1961-63v06-d51-d53.xml"
TEXTS = {n: CORPUS / f"frus1961-63v06-d{n}.txt" for n in (51, 52, 53)}
TRUTHS = {n: CORPUS / f"frus1961-63v06-d{n}.truth.json" for n in (51, 52, 53)}


def run_typeset(*args, cwd: Path | None = None, timeout: float = 600,
                env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command line as a user would."""
    return subprocess.run([sys.executable, "-m", "typeset", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


def alnum(text: str) -> str:
    """The letters and digits of a text, lowercased: what no reader may lose or add."""
    return "".join(re.findall(r"[^\W_]", text.lower()))


def web_copy_alnum(doc: Document) -> str:
    """The letters and digits the web-copy text of ``doc`` holds, rebuilt from the model.

    Calls and markers count as the digits and words they were in the text; repairs are
    undone; calls the reader added (after the signature) had no digits in the text.
    """
    added = {note.n for note in doc.notes if note.where == "closer"}

    def spelled(stream) -> str:
        return "".join(item["w"] if "w" in item else f"page{item['page']}" if "page" in item
                       else "" if item["note"] in added else item["note"] for item in stream)

    text = spelled(document_stream(doc)) + "".join(
        f"{position}{spelled(inline_stream(note.content))}"
        for position, note in enumerate(doc.notes, start=1))
    for repair in doc.repairs:
        text = text.replace(alnum(repair.after), alnum(repair.before), 1)
    return alnum(text)


def long_letter(pages: int, first_page: int = 143) -> str:
    """A web-copy letter of ``pages`` original pages, each two paragraphs of the seed
    with a page marker between them, and one footnote on every tenth page."""
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").split("\n")[2:]
                  if len(line) > 200 and "[Page" not in line and not line.startswith("  ")]
    body, notes = [], ["Source: a SYNTHETIC letter made from the seed."]
    for index in range(pages - 1):
        call = ""
        if index % 10 == 0:
            notes.append(f"Note on page {first_page + index}.")
            call = str(len(notes) - 1)
        body.append(f"{paragraphs[index % len(paragraphs)]}{call} [Page {first_page + index + 1}] "
                    f"{paragraphs[(index + 1) % len(paragraphs)]}")
    listed = "".join(f"  {k}. {text}\n" for k, text in enumerate(notes, start=1))
    return ("51. Letter From President Kennedy to Chairman Khrushchev0\n\n"
            + "\n\n".join(body) + "\n\nJohn F. Kennedy\n" + listed)
