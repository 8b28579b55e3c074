"""The text reader under fuzzing.

Any input gives either a model or an error naming the file, line and column; whatever
the reader accepts keeps every word of the input but its page markers and the notes
list's numbering (``web_copy_alnum`` rebuilds those from the model). Example counts are
fixed and the search derandomized, so CI runs the same few hundred cases in seconds.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import TEXTS, alnum, web_copy_alnum
from typeset.errors import InputError
from typeset.model import Document
from typeset.readers.text import decode, parse_text

NAME = "fuzz.txt"
FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CORPUS_TEXTS = {number: path.read_text(encoding="utf-8") for number, path in TEXTS.items()}

MARKER = re.compile(r"\[Page [^\]]*\]")
CALL = re.compile(r"(?<=[^\s\d])\d{1,2}(?=[\s.,;:)”\"]|$)", re.MULTILINE)
NOTE_LINE = re.compile(r"^  \d+\. .*$", re.MULTILINE)

# Pieces a web copy is made of, and some it should never hold.
FRUS_PIECES = ["51. Letter From Kennedy to Khrushchev0", "[Page 143]", "[Page ]", "[Page xii]",
               "[Page", "]", "Dear Mr. Chairman:", "Sincerely,", "John F. Kennedy",
               "  1. Source: Kennedy Library.", "  2. Document 49.", "1.", "(a)", "affairs9",
               "pp. 215222", "“", "”", "\"", " ", "  ", "\n", "\n\n", "\t", "\u00a0",
               "<script>alert(1)</script>", "&amp;", "{{ x }}", "{% raw %}", "@import url(x);"]


def read(data: bytes) -> Document | None:
    """The model of ``data``, or None when the reader refused it with a located error."""
    try:
        return parse_text(decode(data, NAME), NAME)
    except InputError as error:
        assert error.line is not None and error.line >= 1, str(error)
        assert error.column is not None and error.column >= 1, str(error)
        assert str(error).startswith(f"{NAME}:{error.line}:{error.column}: ")
        return None


def assert_nothing_lost(source: str) -> None:
    doc = read(source.encode("utf-8"))
    if doc is not None:
        assert web_copy_alnum(doc) == alnum(source)


# ---------------------------------------------------------------- any input

@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_model_or_an_error_naming_file_line_and_column(data):
    read(data)


@FUZZ
@given(st.text(max_size=3000))
def test_any_text_gives_a_model_or_a_located_error_and_loses_nothing(text):
    assert_nothing_lost(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRUS_PIECES), st.text(max_size=8),
                          st.from_regex(r"[A-Za-z]{1,9}[0-9]{0,3}[.,;:]?", fullmatch=True)),
                max_size=120))
def test_text_made_of_frus_pieces_loses_nothing(pieces):
    assert_nothing_lost("51. Letter From Kennedy to Khrushchev0\n\n" + " ".join(pieces))


# ---------------------------------------------------------------- mutated corpus texts

def _mutate(text: str, pattern: re.Pattern, data) -> str:
    """Delete, duplicate, swap or renumber some matches of ``pattern`` in ``text``."""
    spans = [match.span() for match in pattern.finditer(text)]
    if not spans:
        return text
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        start, end = spans[data.draw(st.integers(0, len(spans) - 1), label="which")]
        piece = text[start:end]
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "renumber"]))
        if action == "delete":
            replacement = ""
        elif action == "duplicate":
            replacement = piece + (" " if piece.startswith("[") else "") + piece
        elif action == "swap":
            other_start, other_end = spans[data.draw(st.integers(0, len(spans) - 1))]
            replacement = text[other_start:other_end]
        else:
            number = str(data.draw(st.integers(0, 999), label="number"))
            replacement = re.sub(r"\d+", number, piece, count=1) if re.search(r"\d", piece) \
                else piece
        text = text[:start] + replacement + text[end:]
        spans = [match.span() for match in pattern.finditer(text)]
        if not spans:
            break
    return text


@FUZZ
@given(st.sampled_from(sorted(CORPUS_TEXTS)), st.data())
def test_corpus_texts_with_markers_calls_and_notes_mutated_lose_nothing(number, data):
    text = CORPUS_TEXTS[number]
    for pattern in data.draw(st.lists(st.sampled_from([MARKER, CALL, NOTE_LINE]),
                                      min_size=1, max_size=3), label="what to mutate"):
        text = _mutate(text, pattern, data)
    doc = read(text.encode("utf-8"))
    assert doc is not None, "a corpus text with its title line is always read"
    assert web_copy_alnum(doc) == alnum(text)
