"""The three corpus texts score 100% against their ground truth from the TEI."""

from __future__ import annotations

import json

import pytest

from typeset.readers.text import read_text
from typeset.stream import document_stream, words

from support import TEXTS, TRUTHS


def score(number: int):
    truth = json.loads(TRUTHS[number].read_text(encoding="utf-8"))
    doc = read_text(TEXTS[number]).documents[0]
    return truth, doc, document_stream(doc)


def marks_with_word_counts(items: list[dict]) -> list[tuple[int, dict]]:
    """Each page break and call with the number of words before it."""
    count, found = 0, []
    for item in items:
        if "w" in item:
            count += 1
        else:
            found.append((count, item))
    return found


@pytest.mark.parametrize("number", [51, 52, 53])
def test_all_words_in_order(number):
    truth, _, stream = score(number)
    assert [i["w"] for i in stream if "w" in i] == [i["w"] for i in truth["stream"] if "w" in i]


@pytest.mark.parametrize("number", [51, 52, 53])
def test_every_page_break_and_call_after_the_same_number_of_words(number):
    truth, _, stream = score(number)
    assert marks_with_word_counts(stream) == marks_with_word_counts(truth["stream"])


@pytest.mark.parametrize("number", [51, 52, 53])
def test_every_notes_number_text_and_place(number):
    truth, doc, _ = score(number)
    assert [(n.n, words(n.text), n.where) for n in doc.notes] == [
        (n["n"], words(n["text"]), n["where"]) for n in truth["notes"]]


@pytest.mark.parametrize("number", [51, 52, 53])
def test_the_start_page_as_the_text_can_tell_it(number):
    truth, doc, _ = score(number)
    assert doc.start_page == truth["start_page_from_text"]


def test_the_seed_is_read_without_warnings_and_with_its_two_repairs():
    _, doc, _ = score(51)
    assert doc.warnings == []
    assert [(r.where, r.before, r.after) for r in doc.repairs] == [
        ("note 2", "215222", "215–222"), ("note 3", "6971", "69–71")]
