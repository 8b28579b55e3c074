"""SYNTHETIC FRUS volumes for the benchmarks, made from the corpus excerpt.

The excerpt's three documents (FRUS 1961–63 vol. VI, 51–53) are repeated with new
document numbers, xml:ids and page numbers, until the volume has the size asked for;
``lengthen`` repeats each document's paragraphs to make longer documents. Every file
made here says SYNTHETIC in its name: these are not real volumes.
"""

from __future__ import annotations

import copy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tests" / "corpus" / "frus1961-63v06-d51-d53.xml"
WORK = ROOT / "benchmarks" / "work"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _lengthened(chapter, times: int):
    """Each document's paragraphs repeated ``times`` times (its notes only once)."""
    if times <= 1:
        return chapter
    for div in chapter.iter(f"{TEI}div"):
        if div.get("type") != "document":
            continue
        paragraphs = [p for p in div if p.tag == f"{TEI}p"]
        if not paragraphs:
            continue
        anchor = paragraphs[-1]
        for _ in range(times - 1):
            for paragraph in paragraphs:
                twin = copy.deepcopy(paragraph)
                for removed in [*twin.iter(f"{TEI}note"), *twin.iter(f"{TEI}pb")]:
                    tail = removed.tail
                    parent = removed.getparent()
                    parent.remove(removed)
                    if tail:
                        parent.text = (parent.text or "") + tail
                anchor.addnext(twin)
                anchor = twin
    return chapter


def build_volume(path: Path, *, documents: int | None = None, chars: int | None = None,
                 lengthen: int = 1) -> dict:
    """Write a synthetic volume of about ``documents`` documents (or ``chars`` characters);
    return its size in characters and its document count."""
    from lxml import etree

    tree = etree.parse(str(EXCERPT))
    chapter = _lengthened(tree.getroot().find(f".//{TEI}body/{TEI}div"), lengthen)
    whole = len(etree.tostring(tree, encoding="unicode"))
    body = chapter.getparent()
    body.remove(chapter)
    per_copy = whole - len(etree.tostring(tree, encoding="unicode"))
    per_chapter = sum(1 for div in chapter.iter(f"{TEI}div") if div.get("type") == "document")
    copies = (-(-documents // per_chapter) if documents
              else 1 + -(-(chars - whole) // per_copy))
    pages = [int(pb.get("n")) for pb in chapter.iter(f"{TEI}pb")]
    first_page, page_span = min(pages), max(pages) - min(pages) + 1
    count = 0
    for index in range(copies):
        part = copy.deepcopy(chapter)
        part.set(XML_ID, f"ch{index + 1}")
        for pb in part.iter(f"{TEI}pb"):
            page = int(pb.get("n")) - first_page + 1 + index * page_span
            pb.set("n", str(page))
            pb.set(XML_ID, f"pg_{page}")
        for div in part.iter(f"{TEI}div"):
            if div.get("type") != "document":
                continue
            count += 1
            div.set("n", str(count))
            div.set(XML_ID, f"d{count}")
            for note in div.iter(f"{TEI}note"):
                note.set(XML_ID, f"d{count}fn{note.get('n')}")
        body.append(part)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = etree.tostring(tree, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + text, encoding="utf-8")
    return {"chars": len(text), "documents": count}
