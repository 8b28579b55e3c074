"""A PDF's pages read back from their content streams: what text is where, in which
marked content, and which colour spaces are used.

A small interpreter of the operators that place text (q Q cm BT Tf Tm Td TD T* TL Tc
Tw Tz Ts Tj TJ ' "), with each string decoded through its font's ToUnicode map and
measured with the font's widths. Pieces of text can then be joined as a reader would:
nothing between pieces that touch on a line, a space between lines, and a word broken
by hyphenation at a line's end made whole. The same pass notes each marked-content id,
anything painted outside marked content (PDF/UA), and DeviceRGB (PDF/X).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pikepdf

from ..pdffonts import cid_widths

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
HYPHENATION = "\u2010"  # what WeasyPrint prints where it breaks a word
SHOW = {"Tj", "TJ", "'", '"'}
PAINT = SHOW | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
RGB_NAMES = {"/DeviceRGB", "/RGB"}
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def multiply(first: Matrix, second: Matrix) -> Matrix:
    a, b, c, d, e, f = first
    g, h, i, j, k, m = second
    return (a * g + b * i, a * h + b * j, c * g + d * i, c * h + d * j,
            e * g + f * i + k, e * h + f * j + m)


def transform(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's mapping of character codes to text."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = HEX.findall(block)
        for source, target in zip(codes[::2], codes[1::2]):
            mapping[int(source, 16)] = _utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in RANGE.findall(block):
            first, last = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, item in enumerate(HEX.findall(target)):
                    mapping[first + offset] = _utf16(item)
                continue
            base, width = int(target[1:-1], 16), len(target) - 2
            for offset in range(last - first + 1):
                mapping[first + offset] = _utf16(f"{base + offset:0{width}x}".encode())
    return mapping


@dataclass
class Font:
    """What a text-showing operator needs of a font: codes, text and widths."""
    two_byte: bool
    unicode: dict[int, str]
    has_to_unicode: bool
    widths: dict[int, float]
    default_width: float
    scale: float  # glyph space to text space

    @classmethod
    def read(cls, font: pikepdf.Object) -> Font:
        has_map = "/ToUnicode" in font and isinstance(font.ToUnicode, pikepdf.Stream)
        unicode = to_unicode(font.ToUnicode.read_bytes()) if has_map else {}
        scale = float(font.FontMatrix[0]) if "/FontMatrix" in font else 0.001
        if font.get("/Subtype") == "/Type0":
            descendant = font.DescendantFonts[0]
            return cls(True, unicode, has_map, cid_widths(descendant.get("/W", [])),
                       float(descendant.get("/DW", 1000)), scale)
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
        return cls(False, unicode, has_map, widths, 0.0, scale)

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def text(self, code: int) -> str:
        return self.unicode.get(code, "" if self.two_byte else chr(code))

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width) * self.scale


@dataclass
class Piece:
    """The text one text-showing operator draws, and where (user space, points)."""
    page: int
    mcid: int | None
    artifact: bool
    text: str
    start: tuple[float, float]
    end: tuple[float, float]
    size: float


@dataclass
class PageContent:
    pieces: list[Piece] = field(default_factory=list)
    mcids: set[int] = field(default_factory=set)
    unmarked: int = 0  # painting operators outside any marked content
    device_rgb: list[str] = field(default_factory=list)

    def text_of(self, mcid: int) -> list[Piece]:
        return [piece for piece in self.pieces if piece.mcid == mcid]


def uses_rgb(space) -> bool:
    """Whether a colour space is, or falls back on, DeviceRGB (ICC-based is calibrated)."""
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family in ("/Indexed", "/Pattern") and len(space) > 1:
            return uses_rgb(space[1])
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            return uses_rgb(space[2])
    return False


@dataclass
class _State:
    """The graphics state the reader needs: where it draws, and the text state."""
    ctm: Matrix = IDENTITY
    font: Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scaling: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY

    def next_line(self, dx: float, dy: float) -> None:
        self.text_matrix = self.line_matrix = multiply((1, 0, 0, 1, dx, dy), self.line_matrix)


TEXT_STATE = {"Tc": "char_spacing", "Tw": "word_spacing", "TL": "leading", "Ts": "rise"}


class _Reader:
    """Runs one page's content, and the forms it draws, collecting a PageContent."""

    def __init__(self, page_index: int, fonts: dict):
        self.page, self.fonts = page_index, fonts
        self.content = PageContent()
        self.marks: list[tuple[int | None, bool]] = []  # (MCID, is artifact) per level
        self.forms: list[tuple[int, int]] = []

    def _font(self, resources, name) -> Font | None:
        font = resources.get("/Font", {}).get(name)
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self.fonts:
            self.fonts[key] = Font.read(font)
        return self.fonts[key]

    def _in_marked(self) -> tuple[int | None, bool]:
        """The innermost MCID, and whether inside an artifact."""
        mcid = next((m for m, _ in reversed(self.marks) if m is not None), None)
        return mcid, any(artifact for _, artifact in self.marks)

    def run(self, instructions, resources, state: _State) -> None:
        stack: list[_State] = []
        for instruction in instructions:
            operator = str(instruction.operator)
            operands = getattr(instruction, "operands", [])
            if operator in PAINT and self._in_marked() == (None, False):
                self.content.unmarked += 1
            if operator == "q":
                stack.append(replace(state))
            elif operator == "Q" and stack:
                state = stack.pop()
            elif operator == "cm":
                state.ctm = multiply(tuple(map(float, operands)), state.ctm)
            elif operator in ("BDC", "BMC"):
                self._begin(operator, operands, resources)
            elif operator == "EMC" and self.marks:
                self.marks.pop()
            elif operator == "Do":
                self._draw(operands[0], resources, state)
            elif operator.startswith("T") or operator in ("BT", "'", '"'):
                self._text(operator, operands, resources, state)
            else:
                self._colour(operator, operands, resources, instruction)

    def _text(self, operator: str, operands, resources, state: _State) -> None:
        if operator == "BT":
            state.text_matrix = state.line_matrix = IDENTITY
        elif operator == "Tf":
            state.font, state.size = self._font(resources, operands[0]), float(operands[1])
        elif operator in TEXT_STATE:
            setattr(state, TEXT_STATE[operator], float(operands[0]))
        elif operator == "Tz":
            state.scaling = float(operands[0]) / 100
        elif operator == "Tm":
            state.text_matrix = state.line_matrix = tuple(map(float, operands))
        elif operator in ("Td", "TD"):
            dx, dy = map(float, operands)
            if operator == "TD":
                state.leading = -dy
            state.next_line(dx, dy)
        elif operator in ("T*", "'", '"'):
            state.next_line(0.0, -state.leading)
        if operator == '"':
            state.word_spacing, state.char_spacing = map(float, operands[:2])
        if operator in SHOW:
            self._show(operands[-1], state)

    def _colour(self, operator: str, operands, resources, instruction) -> None:
        """Note where DeviceRGB is used: colour operators, shadings, inline images."""
        if operator in ("rg", "RG") or (operator in ("cs", "CS") and uses_rgb(
                resources.get("/ColorSpace", {}).get(operands[0], operands[0]))):
            self.content.device_rgb.append(f"page {self.page + 1}: {operator}")
        elif operator == "sh":
            self.check_space(resources.get("/Shading", {}).get(operands[0]), "shading")
        elif operator == "INLINE IMAGE":
            self.check_space(instruction.iimage.obj, "inline image")

    def _begin(self, operator: str, operands, resources) -> None:
        tag = str(operands[0])
        properties = operands[1] if operator == "BDC" else None
        if isinstance(properties, pikepdf.Name):
            properties = resources.get("/Properties", {}).get(properties)
        mcid = None
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            mcid = int(properties.MCID)
            self.content.mcids.add(mcid)
        self.marks.append((mcid, tag == "/Artifact"))

    def check_space(self, obj, what: str) -> None:
        if obj is not None and uses_rgb(obj.get("/ColorSpace", obj.get("/CS"))):
            self.content.device_rgb.append(f"page {self.page + 1}: {what}")

    def _draw(self, name, resources, state: _State) -> None:
        xobject = resources.get("/XObject", {}).get(name)
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Image":
            self.check_space(xobject, f"image {name}")
            return
        if xobject.objgen in self.forms:  # a form drawing itself
            return
        self.forms.append(xobject.objgen)
        self.check_space(xobject.get("/Group"), f"form {name} group")
        inner = replace(state, ctm=multiply(tuple(map(float, xobject.get("/Matrix", IDENTITY))),
                                            state.ctm))
        self.run(pikepdf.parse_content_stream(xobject), xobject.get("/Resources", resources),
                 inner)
        self.forms.pop()

    def _show(self, operand, state: _State) -> None:
        font = state.font
        if font is None:
            return
        items = operand if isinstance(operand, pikepdf.Array) else [operand]
        advance, text = 0.0, []
        for item in items:
            if isinstance(item, pikepdf.String):
                for code in font.codes(bytes(item)):
                    text.append(font.text(code))
                    space = state.word_spacing if not font.two_byte and code == 32 else 0.0
                    advance += (font.width(code) * state.size + state.char_spacing
                                + space) * state.scaling
            else:
                advance -= float(item) / 1000 * state.size * state.scaling
        to_user = multiply(state.text_matrix, state.ctm)
        mcid, artifact = self._in_marked()
        size = abs(state.size * (to_user[2] ** 2 + to_user[3] ** 2) ** 0.5)
        self.content.pieces.append(Piece(
            self.page, mcid, artifact, "".join(text), transform(to_user, 0, state.rise),
            transform(to_user, advance, state.rise), size))
        state.text_matrix = multiply((1, 0, 0, 1, advance, 0), state.text_matrix)


def read_page(page: pikepdf.Page, index: int, fonts: dict) -> PageContent:
    """What the page draws; ``fonts`` caches fonts read across pages."""
    reader = _Reader(index, fonts)
    reader.check_space(page.obj.get("/Group"), "page group")
    reader.run(pikepdf.parse_content_stream(page),
               page.obj.get("/Resources", pikepdf.Dictionary()), _State())
    return reader.content


def touching(first: Piece, second: Piece) -> bool:
    """Whether ``second`` goes on where ``first`` ends, on the same line."""
    tolerance = 0.15 * max(first.size, second.size, 1.0)
    return (first.page == second.page
            and abs(first.end[1] - second.start[1]) < tolerance
            and abs(first.end[0] - second.start[0]) < tolerance)


def joined(items: list[Piece | str]) -> str:
    """Text as read: pieces that touch joined, words broken at line ends made whole;
    plain strings (an /ActualText, an /Alt) stand apart."""
    text, previous = "", None
    for item in items:
        if isinstance(previous, Piece) and isinstance(item, Piece) and touching(previous, item):
            text += item.text
        elif (isinstance(previous, Piece) and isinstance(item, Piece)
              and previous.text.endswith(HYPHENATION)):
            text = text[:-1] + item.text
        else:
            text += " " + (item.text if isinstance(item, Piece) else item)
        previous = item
    return text.strip()
