"""The edition table: styles/editions.toml, plus a user's own --editions file.

Editions are data. This module only reads, validates and types them; what each key
does to the page is in the stylesheets and the renderer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InputError
from .resources import STYLES

POINTS_PER = {"pt": 1.0, "pc": 12.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "px": 0.75}
PT_PER_PX = POINTS_PER["px"]  # WeasyPrint lays out in CSS pixels
LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|pc|in|mm|cm|px)\s*$")
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|pc|in|mm|cm)?\s*[x× ]\s*(\d+(?:\.\d+)?)\s*"
                  r"(pt|pc|in|mm|cm)\s*$")
SAFE_NAME = re.compile(r"^[\w .-]*$")  # it is written into generated CSS
NAMED_SIZES = {
    "letter": ("8.5in", "11in"), "legal": ("8.5in", "14in"), "a3": ("297mm", "420mm"),
    "a4": ("210mm", "297mm"), "a5": ("148mm", "210mm"), "b5": ("176mm", "250mm"),
}
CHOICES = {
    "notes": ("foot", "margin", "end"),
    "page_refs": ("margin", "pagination"),
    "align": ("justify", "left"),
    "imposition": ("", "booklet-a4"),
    "documents": ("run-on", "new-page"),
    "pdf_variant": ("", "pdf/x-4", "pdf/x-1a", "pdf/x-3", "pdf/a-3a", "pdf/a-3b", "pdf/a-2a",
                    "pdf/a-2b", "pdf/ua-1"),
}


@dataclass(frozen=True)
class Length:
    value: float
    unit: str

    @property
    def pt(self) -> float:
        return self.value * POINTS_PER[self.unit]

    def __str__(self) -> str:
        return f"{self.value:g}{self.unit}"


@dataclass(frozen=True)
class Edition:
    name: str
    description: str
    page_size: str
    page_width: Length
    page_height: Length
    margin_top: Length
    margin_bottom: Length
    margin_inside: Length
    margin_outside: Length
    facing: bool
    font_family: str
    font_size: Length
    leading: float
    notes: str
    page_refs: str
    hyphenate: bool
    align: str
    line_numbers: bool
    pdf_variant: str
    bleed: Length
    marks: bool
    imposition: str
    documents: str
    stylesheet: str
    default: bool

    @property
    def facsimile(self) -> bool:
        """Each original page begins a page, and the folios are the original pages."""
        return self.page_refs == "pagination"

    @property
    def tagged(self) -> bool:
        """PDF/UA and the accessible PDF/A levels carry a structure tree."""
        variant = self.pdf_variant
        return variant.startswith("pdf/ua") or (variant.startswith("pdf/a") and
                                                variant.endswith("a"))

    @property
    def size_in_inches(self) -> tuple[float, float]:
        return self.page_width.pt / 72, self.page_height.pt / 72

    @property
    def size_in_mm(self) -> tuple[float, float]:
        return self.page_width.pt / POINTS_PER["mm"], self.page_height.pt / POINTS_PER["mm"]


LENGTH_KEYS = ("margin_top", "margin_bottom", "margin_inside", "margin_outside", "font_size",
               "bleed")
BOOL_KEYS = ("facing", "hyphenate", "line_numbers", "marks", "default")
STRING_KEYS = ("description", "font_family", "stylesheet")
KNOWN_KEYS = ({f.name for f in fields(Edition)} - {"name", "page_width", "page_height"})


class EditionError(InputError):
    pass


def parse_length(text: object) -> Length | None:
    match = LENGTH.match(text) if isinstance(text, str) else None
    return Length(float(match.group(1)), match.group(2)) if match else None


def parse_size(text: str) -> tuple[Length, Length] | None:
    named = NAMED_SIZES.get(text.strip().lower())
    if named:
        return parse_length(named[0]), parse_length(named[1])
    match = SIZE.match(text)
    if not match:
        return None
    width, width_unit, height, unit = match.groups()
    return Length(float(width), width_unit or unit), Length(float(height), unit)


def _edition(name: str, values: dict, path: str) -> Edition:
    def fail(key: str, message: str) -> EditionError:
        return EditionError(path, f"[{name}] {key}: {message}")

    unknown = set(values) - KNOWN_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown key (known: {', '.join(sorted(KNOWN_KEYS))})")
    typed: dict = {"name": name}
    for key, value in values.items():
        if key in LENGTH_KEYS:
            typed[key] = parse_length(value)
            if typed[key] is None:
                raise fail(key, f"{value!r} is not a length (like 0.75in, 20mm or 11pt)")
        elif key in BOOL_KEYS:
            if not isinstance(value, bool):
                raise fail(key, f"{value!r} is not true or false")
            typed[key] = value
        elif key == "leading":
            if not isinstance(value, (int, float)) or not 0.8 <= value <= 3:
                raise fail(key, f"{value!r} is not a line height between 0.8 and 3")
            typed[key] = float(value)
        elif key == "page_size":
            size = parse_size(value) if isinstance(value, str) else None
            if size is None:
                raise fail(key, f"{value!r} is not a page size (a name such as letter or a4, "
                                "or W×H with units, such as 6in 9in)")
            typed["page_size"], (typed["page_width"], typed["page_height"]) = value, size
        elif key in CHOICES:
            if value not in CHOICES[key]:
                raise fail(key, f"{value!r} is not one of {', '.join(map(repr, CHOICES[key]))}")
            typed[key] = value
        elif key in STRING_KEYS:
            if not isinstance(value, str):
                raise fail(key, f"{value!r} is not text")
            if key != "description" and not SAFE_NAME.match(value):
                raise fail(key, f"{value!r} may hold only letters, digits, spaces, . _ and -")
            typed[key] = value
    if typed.get("stylesheet") and not (STYLES / typed["stylesheet"]).is_file():
        raise fail("stylesheet", f"no stylesheet {typed['stylesheet']!r} in {STYLES}")
    if typed["margin_inside"].pt + typed["margin_outside"].pt >= typed["page_width"].pt:
        raise fail("margin_inside", "the margins leave no room for text")
    return Edition(**typed)


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise EditionError(str(path), f"cannot read the edition table: {error.strerror}") from None
    except UnicodeDecodeError:
        raise EditionError(str(path), "the edition table is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise EditionError(str(path), f"not valid TOML: {error}",
                           int(line.group(1)) if line else None) from None


def load_editions(extra: Path | None = None) -> dict[str, Edition]:
    """The built-in editions, with those of ``extra`` added or overriding them.

    A user's edition inherits the built-in edition of the same name, else [defaults].
    """
    builtin_path = STYLES / "editions.toml"
    tables = {name: (values, str(builtin_path))
              for name, values in _load_toml(builtin_path).items()}
    defaults = tables.pop("defaults")[0]
    if extra is not None:
        for name, values in _load_toml(extra).items():
            if not isinstance(values, dict):
                raise EditionError(str(extra), f"{name!r} is not a table like [{name}]")
            base = tables[name][0] if name in tables else {}
            tables[name] = ({**base, **values}, str(extra))
    return {name: _edition(name, {**defaults, **values}, path)
            for name, (values, path) in tables.items()}
