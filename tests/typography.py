"""Typographic checks on a built PDF, as a careful typesetter would make them by eye.

Each check returns the problems it finds, as sentences; an empty list is a pass.
"""

from __future__ import annotations

import re

import pikepdf

from typeset.model import Container, Document, ListBlock, TextBlock
from typeset.stream import document_stream, inline_stream

from pdftext import SOFT_HYPHEN, PdfText, Word, joined_text
from support import alnum

SAFE_EDGE = 6.0  # no glyph this close to the trimmed edge


def _overlap(a: Word, b: Word, slack: float = 0.3) -> bool:
    return (a.x0 < b.x1 - slack and b.x0 < a.x1 - slack
            and a.top < b.bottom - slack and b.top < a.bottom - slack)


def glyphs_in_place(pdf: PdfText) -> list[str]:
    """No glyph beyond the trim, and none straddling the text block's edge."""
    problems = []
    for page in pdf.pages:
        left, top, right, bottom = page.trim
        for char in page.chars:
            if (char.x0 < left + SAFE_EDGE or char.x1 > right - SAFE_EDGE
                    or char.top < top + SAFE_EDGE or char.bottom > bottom - SAFE_EDGE):
                problems.append(f"page {page.index + 1}: {char.text!r} at the trimmed edge")
            in_body = page.head_limit < char.top and char.bottom < page.foot_limit
            straddles = char.x0 < page.text_left - 0.5 < char.x1 or \
                char.x0 < page.text_right + 0.5 < char.x1
            if in_body and straddles:
                problems.append(f"page {page.index + 1}: {char.text!r} runs out of the text")
    return problems[:10]


def margin_notes_clear(pdf: PdfText) -> list[str]:
    """Margin notes overlap neither one another nor the text."""
    problems = []
    for page in pdf.pages:
        words = page.margin
        for i, first in enumerate(words):
            for second in words[i + 1:]:
                if _overlap(first, second):
                    problems.append(f"page {page.index + 1}: {first.text!r} overlaps "
                                    f"{second.text!r}")
            if page.text_left - 0.5 < first.x1 and first.x0 < page.text_right + 0.5:
                problems.append(f"page {page.index + 1}: {first.text!r} overlaps the text")
    return problems


def footnotes_on_call_pages(pdf: PdfText, documents: list[Document]) -> list[str]:
    """Every footnote prints on the page where its call is."""
    problems = []
    body = alnum(pdf.body_text())
    page_of = pdf.page_of_body_offset()
    note_text = [alnum(" ".join(w.text for w in page.notes)) for page in pdf.pages]
    searched_from = 0
    for doc in documents:
        notes = {note.n: note for note in doc.notes}
        context = ""
        for item in document_stream(doc):
            if "note" not in item:
                context += item.get("w", "")
                continue
            n = item["note"]
            key = alnum(context[-30:]) + n
            found = body.find(key, searched_from)
            if found < 0:
                problems.append(f"document {doc.number}: call {n} not found in the text")
                continue
            searched_from = found
            call_page = page_of[found + len(key) - 1]
            label = alnum(n + notes[n].text)[:25]
            pages = [index for index, text in enumerate(note_text) if label in text]
            if call_page not in pages:
                problems.append(f"document {doc.number}: note {n} is on pages "
                                f"{[p + 1 for p in pages]}, its call on page {call_page + 1}")
            context += n
    return problems


def _paragraphs(blocks) -> list[str]:
    """The letters and digits of each paragraph as printed (calls as their numbers)."""
    found = []
    for block in blocks:
        if isinstance(block, TextBlock) and block.type == "paragraph":
            found.append("".join(item.get("w", item.get("note", ""))
                                 for item in inline_stream(block.content)))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(_paragraphs(item.blocks))
        elif isinstance(block, Container):
            found.extend(_paragraphs(block.blocks))
    return found


def no_widows_or_orphans(pdf: PdfText, documents: list[Document],
                         forced: set[int] = frozenset()) -> list[str]:
    """No paragraph split across pages leaves a single line on either side.

    ``forced`` holds the indices of pages that begin where the source began a page
    (a facsimile's original pages): a break there is the source's, not ours.
    """
    text, where = "", []
    for page in pdf.pages:
        for number, line in enumerate(page.body_lines):
            chars = alnum(" ".join(word.text for word in line))
            text += chars
            where.extend([(page.index, number)] * len(chars))
    problems, position = [], 0
    for doc in documents:
        for paragraph in _paragraphs(doc.blocks):
            start = text.find(paragraph, position)
            if not paragraph or start < 0:
                continue
            position = start + len(paragraph)
            lines = sorted(set(where[start:position]))
            pages = sorted({page for page, _ in lines})
            for before, after in zip(pages, pages[1:]):
                if after in forced:
                    continue
                if sum(1 for page, _ in lines if page == before) < 2:
                    problems.append(f"page {before + 1}: an orphan line at the foot")
                if sum(1 for page, _ in lines if page == after) < 2:
                    problems.append(f"page {after + 1}: a widow line at the head")
    return problems


def hyphenation_limits(pdf: PdfText) -> list[str]:
    """At most two hyphenated line ends in a row, and none ending a page."""
    problems = []
    for page in pdf.pages:
        for area, lines in (("text", page.body_lines), ("notes", page.note_lines)):
            run = 0
            for line in lines:
                run = run + 1 if line[-1].text.endswith(SOFT_HYPHEN) else 0
                if run > 2:
                    problems.append(f"page {page.index + 1}: {run} hyphenated lines in a "
                                    f"row in the {area}")
        if page.body_lines and page.body_lines[-1][-1].text.endswith(SOFT_HYPHEN):
            problems.append(f"page {page.index + 1}: the page ends in a hyphen")
    return problems


def missing_glyphs(path) -> list[str]:
    """No text is drawn with glyph 0 (.notdef, the tofu box of a missing glyph)."""
    problems = []
    with pikepdf.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) not in ("Tj", "TJ"):
                    continue
                strings = operands[0] if str(operator) == "TJ" else operands
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        data = bytes(item)
                        if any(data[i:i + 2] == b"\0\0" for i in range(0, len(data) - 1, 2)):
                            problems.append(f"page {number}: a missing glyph")
    return problems


def contents_pages(pdf: PdfText, numbers: list[str]) -> dict[str, str]:
    """Document number → the page the contents give for it (after the leader)."""
    page = next(page for page in pdf.pages if "Contents" in joined_text(page.body_lines))
    text = joined_text(page.body_lines)
    pattern = "|".join(re.escape(n) for n in numbers)
    entries = re.split(rf"(?=(?:^|\s)(?:{pattern})\.\s)", text)
    found = {}
    for entry in entries:
        head = re.match(rf"\s*({pattern})\.\s", entry)
        if head:
            found[head.group(1)] = entry.split()[-1]
    return found
