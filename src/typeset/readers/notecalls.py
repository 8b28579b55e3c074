"""Telling note calls from numbers that belong to the text.

In web-copied FRUS text a call is a digit run glued to the word or punctuation before
it: "Khrushchev0", "1962.1", "[12th],2", "27,1". Numbers of the text look alike
("3.5 percent", "Lot 66 D 204", "(1)", "3-5 years"), so each glued digit run is only a
*candidate* with a strength, and the calls are the best chain of candidates that
  - numbers notes consecutively from some start s (0 for a source note, 44 in volumes
    that number notes through the whole volume), one value per listed note, and
  - rises strictly through the document.
Notes may go uncalled (the signature's note is), so the chain may skip values; it
maximises the number of calls first and their strength second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A period after these is an abbreviation, and the number after it a reference: "p.45".
ABBREVIATIONS = frozenset(
    "p pp no nos vol vols para paras sec secs art arts fig ch chap doc docs tel tels "
    "ibid op cit nr fn n".split())
CLOSERS = set(",;:!?)]}’”\"'")
MAX_CALL_DIGITS = 4
YEAR_PREFIX = re.compile(r"^(1[5-9]\d\d|20\d\d)(\d{1,3})$")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Candidate:
    """Digits ``text[start:end]`` of text run ``run`` may be a call of note ``value``.

    Candidates with the same ``run`` and ``group`` read the same digits differently,
    so at most one of them is a call.
    """
    run: int
    group: int
    start: int
    end: int
    value: int
    strength: float


def _ends_cleanly(text: str, end: int) -> bool:
    return end == len(text) or text[end].isspace() or text[end] in CLOSERS or text[end] == "."


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:index]


def _after_period_strength(text: str, period: int, end: int) -> float:
    """Digits after a period: a sentence's call ("1962.1 Secretary"), not a decimal."""
    before = text[period - 1] if period > 0 else ""
    if before.isalpha():
        return 0.0 if _word_before(text, period).lower() in ABBREVIATIONS else 1.0
    if before.isdigit():
        rest = text[end:].lstrip()
        # "3.5 percent" goes on in lower case; a call ends a sentence.
        return 0.2 if rest[:1].islower() else 0.9
    return 1.0


def _strength(text: str, start: int, end: int, previous: str) -> float:
    before = text[start - 1] if start > 0 else previous
    if not before or before.isspace():
        return 0.0
    if before.isalpha():
        return 1.0 if len(_word_before(text, start)) >= 3 or start == 0 else 0.3
    if before == ".":
        return _after_period_strength(text, start - 1, end) if start > 0 else 1.0
    if before == "," and start > 1 and text[start - 2].isdigit() and end - start == 3:
        return 0.05  # a thousands separator: "3,500"
    return 1.0 if before in CLOSERS else 0.0


def find_candidates(text: str, run: int, previous: str = "", *,
                    title_end: bool = False) -> list[Candidate]:
    """Candidate calls in one text run; ``previous`` is the character before it."""
    found: list[Candidate] = []
    for match in DIGITS.finditer(text):
        start, end, digits = match.start(), match.end(), match.group()
        if not _ends_cleanly(text, end):
            continue
        if len(digits) <= MAX_CALL_DIGITS and (digits == "0" or digits[0] != "0"):
            strength = _strength(text, start, end, previous)
            if strength > 0:
                found.append(Candidate(run, start, start, end, int(digits), strength))
        year = YEAR_PREFIX.match(digits)
        if year and (year.group(2) == "0" or year.group(2)[0] != "0"):
            # "19623": a year with a call glued to it.
            found.append(Candidate(run, start, start + 4, end, int(year.group(2)), 0.3))
        if title_end and end == len(text.rstrip()):
            for cut in range(1, min(len(digits), MAX_CALL_DIGITS + 1)):
                suffix = digits[-cut:]
                if suffix == "0" or suffix[0] != "0":
                    found.append(Candidate(run, start, end - cut, end, int(suffix), 0.4))
    return found


@dataclass(frozen=True)
class Chain:
    start_value: int
    calls: tuple[Candidate, ...]
    score: float

    @property
    def key(self) -> tuple[int, float]:
        return (len(self.calls), self.score)


State = tuple[tuple[int, float], tuple[Candidate, ...]]


def _best_chain(candidates: list[Candidate], start_value: int, note_count: int) -> Chain:
    """Best chain of strictly rising values within [s, s + note_count), in text order."""
    best: dict[int, State] = {}  # value -> best chain ending with a call of that value
    pending: list[tuple[int, State]] = []
    position = None
    for candidate in candidates:
        if not 0 <= candidate.value - start_value < note_count:
            continue
        if (candidate.run, candidate.group) != position:
            # Readings of the same digits exclude each other: commit them together.
            _commit(best, pending)
            pending, position = [], (candidate.run, candidate.group)
        (count, score), calls = max(
            (state for value, state in best.items() if value < candidate.value),
            key=lambda state: state[0], default=((0, 0.0), ()))
        pending.append((candidate.value, ((count + 1, score + candidate.strength),
                                          calls + (candidate,))))
    _commit(best, pending)
    (count, score), calls = max(best.values(), key=lambda state: state[0],
                                default=((0, 0.0), ()))
    return Chain(start_value, calls, score)


def _commit(best: dict[int, State], pending: list[tuple[int, State]]) -> None:
    for value, state in pending:
        if value not in best or state[0] > best[value][0]:
            best[value] = state


def choose_calls(candidates: list[Candidate], note_count: int,
                 title_values: list[int], source_first: bool) -> Chain:
    """The chain of calls that best explains ``note_count`` listed notes.

    ``candidates`` must be in text order (see ``in_text_order``).
    """
    if note_count == 0:
        return Chain(0, (), 0.0)
    usual = [0, 1] if source_first else [1, 0]
    strong = [c.value for c in candidates if c.strength >= 0.9][:20]
    starts = list(dict.fromkeys(title_values + usual + strong))
    chains = [_best_chain(candidates, start, note_count) for start in starts]
    # max() keeps the first of equals: the title's value, then the usual starts.
    return max(chains, key=lambda chain: chain.key)


def in_text_order(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.run, c.group, -c.strength))
