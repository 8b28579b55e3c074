"""Every built-in edition, read back as a typesetter would check it (issue: [editions]).

Each edition is built from the three corpus texts, and as a volume book of the TEI
excerpt's three documents; then every PDF passes the same typographic checks.
"""

from __future__ import annotations

from functools import lru_cache

import pikepdf
import pytest
from pypdf import PdfReader

from typeset.editions import load_editions
from typeset.readers import read_source
from typeset.readers.text import read_text

from pdftext import PdfText, joined_text
from support import TEI_EXCERPT, TEXTS, alnum, run_typeset
from typography import (
    contents_pages, footnotes_on_call_pages, glyphs_in_place, hyphenation_limits,
    margin_notes_clear, missing_glyphs, no_widows_or_orphans,
)

TABLE = load_editions()
EDITIONS = list(TABLE)
BOOK = "frus1961-63v06"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editions")
    editions = [arg for name in EDITIONS for arg in ("-e", name)]
    texts = run_typeset("build", *TEXTS.values(), *editions, "-o", folder, "-q")
    assert texts.returncode == 0, texts.stderr
    book = run_typeset("build", TEI_EXCERPT, "--book", *editions, "-o", folder, "-q")
    assert book.returncode == 0, book.stderr
    return folder


@lru_cache(maxsize=None)
def pdfs(out, name):
    """(PdfText, documents) for each PDF of an edition: the three texts and the book.
    Cached: each PDF is read once however many checks look at it."""
    edition = TABLE[name]
    found = [(PdfText(out / name / f"{path.stem}.pdf", edition), read_text(path).documents)
             for path in TEXTS.values()]
    found.append((PdfText(out / name / f"{BOOK}.pdf", edition),
                  read_source(TEI_EXCERPT).documents))
    return found


def forced_breaks(pdf: PdfText) -> set[int]:
    """Pages a facsimile begins where the original did (labels without a letter)."""
    if TABLE[pdf.edition.name].page_refs != "pagination":
        return set()
    return {index for index, label in enumerate(pdf.labels) if label[-1:].isdigit()}


@pytest.mark.parametrize("name", EDITIONS)
def test_no_glyph_outside_the_text_block_margin_column_or_trim(out, name):
    for pdf, _ in pdfs(out, name):
        assert glyphs_in_place(pdf) == [], pdf.path.name


@pytest.mark.parametrize("name", EDITIONS)
def test_margin_notes_never_overlap(out, name):
    for pdf, _ in pdfs(out, name):
        assert margin_notes_clear(pdf) == [], pdf.path.name


@pytest.mark.parametrize("name", [n for n in EDITIONS if TABLE[n].notes == "foot"])
def test_every_footnote_on_the_page_of_its_call(out, name):
    for pdf, documents in pdfs(out, name):
        assert footnotes_on_call_pages(pdf, documents) == [], pdf.path.name


@pytest.mark.parametrize("name", EDITIONS)
def test_no_single_widow_or_orphan_line(out, name):
    for pdf, documents in pdfs(out, name):
        assert no_widows_or_orphans(pdf, documents, forced_breaks(pdf)) == [], pdf.path.name


@pytest.mark.parametrize("name", EDITIONS)
def test_at_most_two_hyphens_in_a_row_and_none_ending_a_page(out, name):
    for pdf, _ in pdfs(out, name):
        assert hyphenation_limits(pdf) == [], pdf.path.name


@pytest.mark.parametrize("name", EDITIONS)
def test_no_missing_glyphs(out, name):
    for pdf, _ in pdfs(out, name):
        assert missing_glyphs(pdf.path) == [], pdf.path.name


@pytest.mark.parametrize("name", EDITIONS)
def test_page_boxes_and_sizes(out, name):
    edition = TABLE[name]
    width, height = edition.page_width.pt, edition.page_height.pt
    bleed = edition.bleed.pt
    with pikepdf.open(out / name / f"{BOOK}.pdf") as document:
        for page in document.pages:
            trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
            assert trim[2] - trim[0] == pytest.approx(width, abs=0.5)
            assert trim[3] - trim[1] == pytest.approx(height, abs=0.5)
            if bleed:
                box = [float(v) for v in page.obj.BleedBox]
                assert box == pytest.approx([trim[0] - bleed, trim[1] - bleed,
                                             trim[2] + bleed, trim[3] + bleed], abs=0.1)
                media = [float(v) for v in page.mediabox]
                assert media[0] < box[0] and media[2] > box[2], "no room for crop marks"


def test_the_facsimile_follows_the_original_pagination(out):
    seed = PdfText(out / "facsimile" / f"{TEXTS[51].stem}.pdf", TABLE["facsimile"])
    assert seed.labels == ["142", "143", "144", "145", "146", "147"]
    book = PdfText(out / "facsimile" / f"{BOOK}.pdf", TABLE["facsimile"])
    assert book.labels == ["i", "ii", "iii", *map(str, range(142, 151))]
    # The folio printed on each page is its label; documents 52 and 53 share page 148.
    for page, label in zip(book.pages[3:], book.labels[3:]):
        assert [word.text for word in page.foot] == [label]
    page_148 = joined_text(book.pages[book.labels.index("148")].body_lines)
    assert "52. Memorandum" in page_148 and "53. Informal Communication" in page_148


def test_a_facsimile_page_too_full_continues_on_a_lettered_page(tmp_path):
    body = " ".join(["A sentence of the document that fills the original page."] * 150)
    source = tmp_path / "full.txt"
    source.write_text(f"12. Letter From A to B0\n\n[Page 20]\n\n{body}\n\n[Page 21]\n\n"
                      "Short.\n\n  1. Source: Files.\n", encoding="utf-8")
    result = run_typeset("build", source, "-e", "facsimile", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = PdfText(tmp_path / "facsimile" / "full.pdf", TABLE["facsimile"])
    assert pdf.labels[:2] == ["19", "20"] and pdf.labels[2:4] == ["20a", "20b"]
    assert pdf.labels[-1] == "21"
    assert [w.text for w in pdf.pages[2].foot] == ["20a"]
    assert alnum(pdf.body_text()).count("sentence") == 150


@pytest.mark.parametrize("name", ["trade", "letter", "large-print"])
def test_reflowed_page_labels_are_the_folios(out, name):
    book = PdfText(out / name / f"{BOOK}.pdf", TABLE[name])
    front = [label for label in book.labels if not label.isdigit()]
    assert front == ["i", "ii", "iii", "iv"][:len(front)]
    assert book.labels[len(front):] == [str(n) for n in range(1, len(book.labels) - len(front) + 1)]


@pytest.mark.parametrize("name", ["trade", "facsimile", "large-print"])
def test_the_contents_give_the_right_pages(out, name):
    book = PdfText(out / name / f"{BOOK}.pdf", TABLE[name])
    documents = read_source(TEI_EXCERPT).documents
    listed = contents_pages(book, [doc.number for doc in documents])
    for doc in documents:
        page = book.pages[book.labels.index(listed[doc.number])]
        assert f"{doc.number}." in joined_text(page.body_lines), (doc.number, listed)


def test_a_book_has_bookmarks_a_half_title_and_a_title_page(out):
    with pikepdf.open(out / "trade" / f"{BOOK}.pdf") as document:
        with document.open_outline() as outline:
            titles = [str(item.title) for item in outline.root]
    assert titles == [f"{doc.number}. {doc.title}" for doc in read_source(TEI_EXCERPT).documents]
    book = PdfText(out / "trade" / f"{BOOK}.pdf", TABLE["trade"])
    half, title = (joined_text(book.pages[i].body_lines) for i in (0, 1))
    assert "Kennedy-Khrushchev Exchanges" in half
    for line in ("Foreign Relations of the United States", "1961–1963", "Volume VI",
                 "Charles S. Sampson", "United States Government Printing Office", "1996"):
        assert line in title


def test_the_booklet_is_imposed_two_up_in_saddle_stitch_order(out):
    single = PdfReader(out / "a5-booklet" / f"{BOOK}.pdf")
    imposed = PdfReader(out / "a5-booklet" / f"{BOOK}-booklet-a4.pdf")
    count = len(single.pages)
    total = -(-count // 4) * 4
    assert len(imposed.pages) == total // 2
    page_text = [alnum(page.extract_text())[:40] for page in single.pages]
    for side, page in enumerate(imposed.pages):
        assert [round(float(v)) for v in page.mediabox[2:]] == [842, 595]
        low, high = side, total - 1 - side
        left, right = (high, low) if side % 2 == 0 else (low, high)
        halves = {}
        for slot, index in (("left", left), ("right", right)):
            halves[slot] = alnum(_half_text(page, slot))
            if index < count and page_text[index]:
                assert page_text[index][:20] in halves[slot], (side, slot, index)
            elif index >= count:
                assert halves[slot] == "", f"sheet side {side}: padding page not blank"


def _half_text(page, slot: str) -> str:
    middle = float(page.mediabox.width) / 2
    parts = []

    def visitor(text, cm, tm, font, size):
        x = cm[4] + tm[4] * cm[0]
        if (x < middle) == (slot == "left"):
            parts.append(text)

    page.extract_text(visitor_text=visitor)
    return "".join(parts)


def test_sidenotes_sit_in_the_outer_margin_beside_their_calls(tmp_path):
    result = run_typeset("build", TEXTS[51], "-e", "letter", "--notes", "margin", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = PdfText(tmp_path / "letter" / f"{TEXTS[51].stem}.pdf", TABLE["letter"])
    assert margin_notes_clear(pdf) == []
    assert glyphs_in_place(pdf) == []
    margin = alnum(" ".join(w.text for page in pdf.pages[:1] for w in page.margin))
    doc = read_text(TEXTS[51]).documents[0]
    for note in doc.notes[:3]:
        assert alnum(note.n + note.text) in margin
    assert all(w.x0 > pdf.pages[0].text_right for w in pdf.pages[0].margin)


def test_line_numbers_mark_every_fifth_line(tmp_path):
    result = run_typeset("build", TEXTS[51], "-e", "a4", "--line-numbers", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = PdfText(tmp_path / "a4" / f"{TEXTS[51].stem}.pdf", TABLE["a4"])
    for page in pdf.pages:
        lines = page.body_lines
        numbers = [w for w in page.margin if w.text.isdigit() and w.x1 < page.text_left]
        assert [int(w.text) for w in numbers] == list(range(5, len(lines) + 1, 5))
        for word in numbers:
            line = lines[int(word.text) - 1]
            assert abs(word.bottom - line[0].bottom) < 2.5


def test_large_print_endnotes_follow_each_document_linked_both_ways(out):
    pdf = PdfText(out / "large-print" / f"{TEXTS[51].stem}.pdf", TABLE["large-print"])
    text = alnum(pdf.body_text())
    assert text.index(alnum("Notes to document 51")) > text.index(alnum("John F. Kennedy"))
    reader = PdfReader(pdf.path)
    links = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", [])]
    internal = [link for link in links if "/Dest" in link or "/A" in link]
    assert len(internal) >= 2 * len(read_text(TEXTS[51]).documents[0].notes)
    sizes = {round(word.size) for page in pdf.pages for word in page.body}
    assert min(sizes) >= 17, "large print has no small text"


def test_a_users_edition_file_adds_and_overrides_editions(tmp_path):
    table = tmp_path / "mine.toml"
    table.write_text('[pocket]\ndescription = "Pocket"\npage_size = "4.25in 6.875in"\n'
                     'margin_inside = "0.5in"\nmargin_outside = "0.6in"\nfont_size = "9pt"\n\n'
                     '[trade]\nfont_size = "11pt"\n', encoding="utf-8")
    listed = run_typeset("editions", "--editions", table)
    assert listed.returncode == 0
    pocket = next(line for line in listed.stdout.splitlines() if " pocket " in line)
    assert "4.25 ×  6.88 in" in pocket and "107.9 ×  174.6 mm" in pocket
    built = run_typeset("build", TEXTS[52], "--editions", table, "-e", "pocket", "-e", "trade",
                        "-o", tmp_path, "-q")
    assert built.returncode == 0, built.stderr
    reader = PdfReader(tmp_path / "pocket" / f"{TEXTS[52].stem}.pdf")
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [306, 495]


@pytest.mark.parametrize("text, message", [
    ('[x]\npage_size = "huge"\n', "[x] page_size: 'huge' is not a page size"),
    ('[x]\nmargin_top = "3 miles"\n', "[x] margin_top: '3 miles' is not a length"),
    ('[x]\nnotes = "side"\n', "[x] notes: 'side' is not one of 'foot', 'margin', 'end'"),
    ('[x]\nfont_family = "x\\"; } body {"\n', "[x] font_family:"),
    ('[x]\ncolour = "red"\n', "[x] colour: unknown key"),
    ('[x]\nmargin_inside = "5in"\nmargin_outside = "5in"\n', "leave no room for text"),
    ('[x\n', "not valid TOML"),
])
def test_a_bad_edition_file_is_a_clear_error(tmp_path, text, message):
    table = tmp_path / "bad.toml"
    table.write_text(text, encoding="utf-8")
    result = run_typeset("editions", "--editions", table)
    assert result.returncode == 2
    assert str(table) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
