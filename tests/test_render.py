"""The rendered PDF, read back: nothing lost, notes and margin numbers where they belong
(issue: [render])."""

from __future__ import annotations

import re
import pypdf
import pytest

from typeset.editions import load_editions
from typeset.readers.text import read_text
from typeset.stream import document_stream

from pdftext import PdfText
from support import SEED, alnum, run_typeset
from typography import footnotes_on_call_pages

EDITIONS = ("letter", "a4", "trade")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_typeset("build", SEED, "-o", out, "--html",
                         *[arg for name in EDITIONS for arg in ("-e", name)])
    assert result.returncode == 0, result.stderr
    table = load_editions()
    return {name: PdfText(out / name / f"{SEED.stem}.pdf", table[name]) for name in EDITIONS}


@pytest.fixture(scope="module")
def seed():
    return read_text(SEED).documents[0]


def body_alnum(doc) -> str:
    """The body as printed: words, and each call as its number; breaks print nothing."""
    return "".join(item.get("w", item.get("note", "")) for item in document_stream(doc))


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_body_holds_every_word_of_the_seed_in_order(built, seed, edition):
    assert alnum(built[edition].body_text()) == alnum(body_alnum(seed))


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_footnotes_hold_every_note_with_its_own_number(built, seed, edition):
    expected = "".join(note.n + note.text for note in seed.notes)
    assert alnum(built[edition].notes_text()) == alnum(expected)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_footnote_is_on_the_page_of_its_call(built, seed, edition):
    assert footnotes_on_call_pages(built[edition], [seed]) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_original_page_number_is_in_the_outer_margin_level_with_its_break(
        built, seed, edition):
    pdf = built[edition]
    labels = pdf.margin_labels()
    breaks = [str(item["page"]) for item in document_stream(seed) if "page" in item]
    assert [text for _, text, _ in labels] == [f"[{seed.start_page}]"] + [
        f"[{page}]" for page in breaks]
    for index, text, word in labels[1:]:
        page = pdf.pages[index]
        bars = {(round(bar.top), round(bar.bottom)) for bar in page.bars
                if bar.top - 1 <= word.middle <= bar.bottom + 1}
        assert len(bars) == 1, f"{text} is not level with one break mark on its page"
        outer_right = not pdf.edition.facing or index % 2 == 0
        assert (word.x0 > page.text_right) if outer_right else (word.x1 < page.text_left)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_start_page_is_in_the_margin_beside_the_heading(built, edition):
    pdf = built[edition]
    index, text, word = pdf.margin_labels()[0]
    heading = pdf.pages[0].body_lines[0]
    assert (index, text) == (0, "[142]")
    assert heading[0].top <= word.middle <= heading[0].bottom


@pytest.mark.parametrize("edition", EDITIONS)
def test_running_heads_hold_no_note_digits(built, edition):
    pdf = built[edition]
    for page in pdf.pages:
        folio = str(page.index + 1)
        head = " ".join(word.text for word in page.head)
        texts = {"Foreign Relations, 1961–1963, Volume VI", "51. Kennedy to Khrushchev"}
        for text in texts:
            head = head.replace(text, "")
        assert head.split() in ([folio], []), f"page {folio}: {head!r}"


@pytest.mark.parametrize("edition, size", [
    ("letter", (612, 792)), ("a4", (595.28, 841.89)), ("trade", (432, 648))])
def test_page_size_and_only_embedded_libertine_fonts(built, edition, size):
    reader = pypdf.PdfReader(built[edition].path)
    for page in reader.pages:
        assert [round(float(v), 1) for v in page.mediabox[2:]] == [round(v, 1) for v in size]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                          if "/DescendantFonts" in font else font["/FontDescriptor"])
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(re.sub(r"^/([A-Z]{6}\+)?", "", font["/BaseFont"]))
    assert fonts <= {"Libertine", "Libertine-Bold", "Libertine-Italic", "Libertine-BoldItalic"}


def test_pdf_metadata(built):
    reader = pypdf.PdfReader(built["trade"].path)
    info = reader.metadata
    assert info.title == "51. Letter From President Kennedy to Chairman Khrushchev"
    assert info.author == "President Kennedy"
    assert "Document 51" in info.subject
    assert info["/Creator"].startswith("typeset ")
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def test_the_html_is_written_beside_the_pdf_and_escapes_the_text(built):
    html = built["trade"].path.with_suffix(".html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'class="fn source" id="d51-note-0" data-n="0"' in html


def test_hyphenation_stays_out_of_headings(built):
    pdf = built["trade"]
    heading = pdf.pages[0].body_lines[:2]
    assert not any(word.text.endswith("\u2010") for line in heading for word in line)


def trade_pdf(folder, text: str) -> PdfText:
    """``text`` built in the trade edition, read back."""
    source = folder / "letter.txt"
    source.write_text(text, encoding="utf-8")
    result = run_typeset("build", source, "-o", folder, "-e", "trade")
    assert result.returncode == 0, result.stderr
    return PdfText(folder / "trade" / "letter.pdf", load_editions()["trade"])


def test_two_breaks_close_together_do_not_overlap_in_the_margin(tmp_path):
    pdf = trade_pdf(tmp_path, "12. Letter From A to B0\n\nOne [Page 3] two [Page 4] three "
                              "[Page 5] four.\n\n  1. Source: Files.\n")
    boxes = [word for _, _, word in pdf.margin_labels()]
    assert len(boxes) == 4
    for first, second in zip(boxes, boxes[1:]):
        assert second.top >= first.bottom, "margin numbers overlap"


def test_calls_and_labels_keep_volume_wide_numbers(tmp_path):
    pdf = trade_pdf(tmp_path, "12. Letter From A to B43\n\nFirst point.44 Second point.45\n\n"
                              "  1. Source: Files.\n  2. Note a.\n  3. Note b.\n")
    assert alnum(pdf.notes_text()) == alnum("43 Source: Files. 44 Note a. 45 Note b.")
    assert "point44" in alnum(pdf.body_text())


def test_a_note_too_long_for_its_page_continues_on_the_next(tmp_path):
    long_note = " ".join(f"Sentence {i} of a very long editorial note." for i in range(400))
    body = " ".join(["Some running text of the letter."] * 40)
    pdf = trade_pdf(tmp_path, f"12. Letter From A to B0\n\n{body} The call.1 {body}\n\n"
                              f"  1. Source: Files.\n  2. {long_note}\n")
    assert alnum(pdf.notes_text()) == alnum("0 Source: Files. 1 " + long_note)
    pages_with_note = [p.index for p in pdf.pages if "sentence" in alnum(
        " ".join(w.text for w in p.notes))]
    assert len(pages_with_note) >= 3
    assert pages_with_note == list(range(pages_with_note[0], pages_with_note[-1] + 1))
    assert alnum(pdf.notes_text()).count("sentence") == 400


def test_the_fonts_cover_every_character_of_the_corpus():
    from fontTools.ttLib import TTFont

    from support import CORPUS
    from typeset.resources import FONTS

    text = "".join(path.read_text(encoding="utf-8") for path in CORPUS.iterdir()
                   if path.suffix in (".txt", ".xml"))
    needed = {char for char in text if char.isprintable() and not char.isspace()}
    for font in FONTS.glob("*.otf"):
        cmap = TTFont(font).getBestCmap()
        assert not [char for char in needed if ord(char) not in cmap], font.name
