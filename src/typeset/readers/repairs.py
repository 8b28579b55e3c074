"""Repairs of damage that web copying does to FRUS text, each one reported.

Copying from the web edition loses the en dash of page ranges: "pp. 215–222" becomes
"pp. 215222". A run is split back only after "pp." (and in the list that follows it:
"pp. 531532, and 542543"), and only where one split reads as a rising range:
  - two halves of equal length ("215|222", "69|71"), or
  - a range across a power of ten ("99|100"), the end close to the start.
Everything else is left as it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EN_DASH = "–"
PAGE_LIST = re.compile(r"\bpp\.\s*(\d+(?:(?:\s*,\s*|\s*,?\s+and\s+)\d+)*)")
NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class DashRepair:
    start: int
    end: int
    before: str
    after: str


def split_range(digits: str) -> str | None:
    """'215222' → '215–222' where exactly that reading is a plausible range."""
    length = len(digits)
    if length < 3:
        return None
    half = length // 2
    first, second = digits[:half], digits[half:]
    if second[0] == "0":
        return None
    if length % 2 == 0:
        plausible = int(second) > int(first)
    else:
        # 99|100: the end has one digit more, so the range crosses a power of ten.
        plausible = int(first) < 10 ** half <= int(second) < int(first) + 10 ** half // 2
    return f"{first}{EN_DASH}{second}" if plausible else None


def find_lost_dashes(text: str) -> list[DashRepair]:
    repairs = []
    for page_list in PAGE_LIST.finditer(text):
        for number in NUMBER.finditer(page_list.group(1)):
            fixed = split_range(number.group())
            if fixed:
                offset = page_list.start(1) + number.start()
                repairs.append(DashRepair(offset, offset + len(number.group()),
                                          number.group(), fixed))
    return repairs


def repair_dashes(text: str) -> tuple[str, list[DashRepair]]:
    repairs = find_lost_dashes(text)
    for repair in reversed(repairs):
        text = text[:repair.start] + repair.after + text[repair.end:]
    return text, repairs
