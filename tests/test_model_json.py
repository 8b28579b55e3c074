"""The model's JSON form: the contract of `typeset parse --json`, lossless both ways."""

from __future__ import annotations

import json

from typeset.model import (
    Cell, Collection, Container, Document, Figure, LineBreak, ListBlock, ListItem, Note,
    NoteCall, PageBreak, Repair, Span, Table, Text, TextBlock, Volume, Warning,
    collection_from_json, collection_to_json,
)
from typeset.readers.text import read_text

from support import SEED, run_typeset


def test_parse_json_prints_the_contract_for_the_seed():
    result = run_typeset("parse", SEED, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["number"] == "51"
    assert doc["title"] == "Letter From President Kennedy to Chairman Khrushchev"
    assert (doc["start_page"], doc["end_page"]) == (142, 147)
    assert doc["blocks"][0] == {"type": "heading", "content": [
        {"text": "51. Letter From President Kennedy to Chairman Khrushchev"}, {"note": "0"}]}
    first = doc["blocks"][1]["content"]
    assert {"page": 143} in first
    at = first.index({"page": 143})
    assert first[at - 1]["text"].endswith("preliminary comments on this communication during ")
    assert first[at + 1]["text"].startswith("his meeting")
    assert doc["notes"][0]["n"] == "0" and doc["notes"][0]["kind"] == "source"
    assert doc["notes"][0]["text"].startswith("Source: Kennedy Library, ")
    assert {"kind": "en-dash", "where": "note 2", "before": "215222", "after": "215–222"
            }.items() <= doc["repairs"][0].items()
    assert doc["warnings"] == []


def test_the_seed_round_trips_through_json():
    collection = read_text(SEED)
    data = collection_to_json(collection)
    again = collection_from_json(json.loads(json.dumps(data)))
    assert again == collection
    assert collection_to_json(again) == data


def test_every_kind_of_block_and_inline_round_trips():
    inlines = [Text("a"), PageBreak(143), PageBreak("xii"), NoteCall("44"), LineBreak(),
               Span("italic", [Text("b"), Span("ref", [Text("Document 49")], "#d49")]),
               Span("person", [Text("Rusk")], "#p_RD3")]
    doc = Document(
        number="7", title="T", id="d7", start_page="xi", end_page=12, dateline="D",
        date="1962-01-02", sender="S", source="s.xml",
        blocks=[TextBlock("heading", inlines),
                ListBlock([ListItem("1.", [TextBlock("paragraph", [Text("i")])]),
                           ListItem(None, [])]),
                Container("quote", [TextBlock("paragraph", [Text("q")])]),
                Table([[Cell([Text("h")], header=True), Cell([Text("c")])]]),
                Figure(None, [Text("A map")])],
        notes=[Note("44", "editorial", [Text("n")], "closer")],
        repairs=[Repair("en-dash", "note 44", "6971", "69–71", 3)],
        warnings=[Warning("page-gap", "m", 4)])
    collection = Collection(Volume(id="v", editors=["E"]), [doc])
    assert collection_from_json(json.loads(json.dumps(collection_to_json(collection)))) == \
        collection
