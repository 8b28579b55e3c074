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

    @property
    def body_lines(self) -> list[list[Word]]:
        return lines_of(self.body)

    @property
    def note_lines(self) -> list[list[Word]]:
        return lines_of(self.notes)


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines; smaller raised words (calls) join the line they sit in."""
    if not words:
        return []
    main = max(word.size for word in words)
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if w.size >= main * 0.9), key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].bottom - word.bottom) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    for word in (w for w in words if w.size < main * 0.9):
        host = min(lines, key=lambda line: abs(line[0].middle - word.bottom)
                   if line[0].top - 2 <= word.bottom <= line[0].bottom + 2 else 1e9)
        host.append(word)
    return [sorted(line, key=lambda w: w.x0) for line in lines]


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

    def _text_block(self, index: int, width: float) -> tuple[float, float]:
        edition = self.edition
        bleed = edition.bleed.pt
        recto = not edition.facing or index % 2 == 0
        left = edition.margin_inside.pt if recto else edition.margin_outside.pt
        right = edition.margin_outside.pt if recto else edition.margin_inside.pt
        return bleed + left, width - bleed - right

    def _page(self, index: int, page) -> PageText:
        left, right = self._text_block(index, page.width)
        bleed = self.edition.bleed.pt
        head_limit = bleed + self.edition.margin_top.pt
        foot_limit = page.height - bleed - self.edition.margin_bottom.pt
        rules = [r["top"] for r in page.rects
                 if abs(r["x0"] - left) < 1 and abs(r["x1"] - right) < 1 and r["top"] > head_limit]
        notes_top = min(rules, default=foot_limit)
        result = PageText(index, page.width, page.height, left, right)
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
