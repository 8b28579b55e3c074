"""Reading a built PDF back as a reader would: which words are where.

Each page is cut into regions by the edition's margins: running head, body (the text
block above the footnote rule), footnotes, margin, and foot (folio). Body lines are
rebuilt from word boxes, with raised note calls kept in their line, and words broken
by hyphenation joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pdfplumber

from typeset.editions import Edition

from support import alnum

SOFT_HYPHEN = "\u2010"  # what WeasyPrint prints at a hyphenation break


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Bar:
    """The hairline that marks an original page break in the text."""
    x: float
    top: float
    bottom: float


@dataclass
class PageText:
    index: int
    width: float
    height: float
    text_left: float
    text_right: float
    head: list[Word] = field(default_factory=list)
    body: list[Word] = field(default_factory=list)
    notes: list[Word] = field(default_factory=list)
    margin: list[Word] = field(default_factory=list)
    foot: list[Word] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    chars: list[Word] = field(default_factory=list)  # every glyph, as a one-letter word
    trim: tuple[float, float, float, float] = (0, 0, 0, 0)
    head_limit: float = 0
    foot_limit: float = 0
    notes_top: float = 0

    @property
    def body_lines(self) -> list[list[Word]]:
        return lines_of(self.body)

    @property
    def note_lines(self) -> list[list[Word]]:
        return lines_of(self.notes)


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by vertical overlap; a smaller raised word (a note call)
    joins the line it sits in."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: -w.size):
        def overlap(line: list[Word]) -> float:
            band = line[0]
            return min(band.bottom, word.bottom) - max(band.top, word.top)
        host = max(lines, key=overlap, default=None)
        if host is not None and overlap(host) >= 0.5 * min(host[0].bottom - host[0].top,
                                                           word.bottom - word.top):
            host.append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0)
            for line in sorted(lines, key=lambda line: line[0].top)]


def joined_text(lines: list[list[Word]]) -> str:
    """Lines as one text, words broken by hyphenation made whole."""
    text = ""
    for line in lines:
        text += " ".join(word.text for word in line)
        text = text[:-1] if text.endswith(SOFT_HYPHEN) else text + " "
    return text


class PdfText:
    def __init__(self, path: Path, edition: Edition):
        self.path, self.edition = path, edition

    @cached_property
    def pages(self) -> list[PageText]:
        with pdfplumber.open(self.path) as pdf:
            return [self._page(index, page) for index, page in enumerate(pdf.pages)]

    @staticmethod
    def trim(page) -> tuple[float, float, float, float]:
        """The trimmed page (left, top, right, bottom) in the words' coordinates."""
        return tuple(float(v) for v in (page.trimbox or page.bbox))

    def _text_block(self, index: int, page) -> tuple[float, float]:
        edition = self.edition
        trim_left, _, trim_right, _ = self.trim(page)
        recto = not edition.facing or index % 2 == 0
        left = edition.margin_inside.pt if recto else edition.margin_outside.pt
        right = edition.margin_outside.pt if recto else edition.margin_inside.pt
        return trim_left + left, trim_right - right

    def _page(self, index: int, page) -> PageText:
        left, right = self._text_block(index, page)
        _, trim_top, _, trim_bottom = self.trim(page)
        head_limit = trim_top + self.edition.margin_top.pt
        foot_limit = trim_bottom - self.edition.margin_bottom.pt
        rules = [r["top"] for r in page.rects
                 if abs(r["x0"] - left) < 1 and abs(r["x1"] - right) < 1 and r["top"] > head_limit]
        notes_top = min(rules, default=foot_limit)
        result = PageText(index, page.width, page.height, left, right,
                          trim=self.trim(page), head_limit=head_limit, foot_limit=foot_limit,
                          notes_top=notes_top)
        result.chars = [Word(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                        for c in page.chars if c["text"].strip()]
        for raw in page.extract_words(extra_attrs=["size"], keep_blank_chars=False):
            word = Word(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"], raw["size"])
            if word.bottom <= head_limit:
                result.head.append(word)
            elif word.top >= foot_limit:
                result.foot.append(word)
            elif word.x1 <= left + 0.5 or word.x0 >= right - 0.5:
                result.margin.append(word)
            elif word.top >= notes_top:
                result.notes.append(word)
            else:
                result.body.append(word)
        result.bars = [Bar(r["x0"], r["top"], r["bottom"]) for r in page.rects
                       if r["x1"] - r["x0"] < 1.2 and 4 < r["bottom"] - r["top"] < 30
                       and left - 1 < r["x0"] < right + 1]
        return result

    @cached_property
    def labels(self) -> list[str]:
        import pikepdf

        from typeset.post.labels import read_page_labels
        with pikepdf.open(self.path) as document:
            return read_page_labels(document)

    def body_text(self) -> str:
        return joined_text([line for page in self.pages for line in page.body_lines])

    def notes_text(self) -> str:
        return joined_text([line for page in self.pages for line in page.note_lines])

    def page_of_body_offset(self) -> list[int]:
        """For each letter or digit of the body (as ``alnum``), the page it is on."""
        pages = []
        for page in self.pages:
            pages.extend([page.index] * len(alnum(joined_text(page.body_lines))))
        return pages

    def margin_labels(self) -> list[tuple[int, str, Word]]:
        return [(page.index, word.text, word) for page in self.pages for word in page.margin
                if re.fullmatch(r"\[\w+\]", word.text)]
