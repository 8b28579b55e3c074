"""PDF page labels: what a viewer shows as each page's number.

Runs of arabic or roman folios become one range each; any other label ("143a") is a
range of one page with that label as its prefix.
"""

from __future__ import annotations

import pikepdf

from ..pages import int_to_roman, is_roman, roman_to_int


def _style(label: str) -> tuple[str, int] | None:
    if label.isdigit() and not label.startswith("0"):
        return "/D", int(label)
    if is_roman(label) and label.islower():
        return "/r", roman_to_int(label)
    return None


def label_ranges(labels: list[str]) -> list[tuple[int, dict]]:
    """(first page index, label dictionary) for each range of the /PageLabels tree."""
    ranges: list[tuple[int, dict]] = []
    previous: tuple[str, int] | None = None
    for index, label in enumerate(labels):
        style = _style(label)
        if style and previous and style[0] == previous[0] and style[1] == previous[1] + 1:
            previous = style
            continue
        if style:
            ranges.append((index, {"/S": pikepdf.Name(style[0]), "/St": style[1]}))
        else:
            ranges.append((index, {"/P": pikepdf.String(label)}))
        previous = style
    return ranges


def set_page_labels(document: pikepdf.Pdf, labels: list[str]) -> None:
    numbers = []
    for index, entry in label_ranges(labels):
        numbers.extend([index, pikepdf.Dictionary(entry)])
    document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(numbers))


def read_page_labels(document: pikepdf.Pdf) -> list[str]:
    """The label of each page, from the /PageLabels tree (for checks and tests)."""
    tree = document.Root.get("/PageLabels")
    if tree is None:
        return [str(i + 1) for i in range(len(document.pages))]
    entries = list(tree.Nums)
    starts = [(int(entries[i]), entries[i + 1]) for i in range(0, len(entries), 2)]
    labels = []
    for index in range(len(document.pages)):
        start, entry = max((s for s in starts if s[0] <= index), key=lambda s: s[0])
        number = int(entry.get("/St", 1)) + index - start
        style = str(entry.get("/S", ""))
        text = {"/D": str(number), "/r": int_to_roman(number),
                "/R": int_to_roman(number, upper=True)}.get(style, "")
        labels.append(str(entry.get("/P", "")) + text)
    return labels
