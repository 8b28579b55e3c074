"""Original page numbers: arabic (143) or roman (xii), and their arithmetic."""

from __future__ import annotations

import re

from .model import PageNumber

_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
_ROMAN_RE = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def is_roman(text: str) -> bool:
    return bool(text) and bool(_ROMAN_RE.match(text.lower()))


def roman_to_int(text: str) -> int:
    value, rest = 0, text.lower()
    for symbol, amount in _ROMAN:
        while rest.startswith(symbol):
            value, rest = value + amount, rest[len(symbol):]
    return value


def int_to_roman(value: int, upper: bool = False) -> str:
    parts = []
    for symbol, amount in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(symbol * count)
    text = "".join(parts)
    return text.upper() if upper else text


def parse_page(text: str) -> PageNumber | None:
    """'143' → 143, 'xii' → 'xii', '007' → '007' (kept as printed); anything else → None."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text) if str(int(text)) == text else text
    if is_roman(text):
        return text
    return None


def ordinal(page: PageNumber) -> int | None:
    """A page's place in its sequence, for comparing and stepping."""
    if isinstance(page, int):
        return page
    if page.isdigit():
        return int(page)
    return roman_to_int(page) if is_roman(page) else None


def offset(page: PageNumber, delta: int) -> PageNumber | None:
    """The page ``delta`` pages away, in the same numbering; None before the first."""
    value = ordinal(page)
    if value is None or value + delta < 1:
        return None
    if isinstance(page, int):
        return value + delta
    return int_to_roman(value + delta, upper=page.isupper())
