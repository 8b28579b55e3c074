"""`typeset check` (issue: [archive]): each check fails on a PDF made wrong in its own way,
and the command reports plainly, for people and machines."""

from __future__ import annotations

import json
import os

import pdfplumber
import pikepdf
import pytest
from pikepdf import Dictionary, Name

from typeset.check import check_pdf
from typeset.check.document import Inspected
from typeset.readers import read_source

from support import SEED, run_typeset


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The seed as an archival PDF and for the press: both pass every check."""
    out = tmp_path_factory.mktemp("good")
    result = run_typeset("build", SEED, "-o", out, "-e", "archival", "-e", "press", "-q")
    assert result.returncode == 0, result.stderr
    return {name: out / name / f"{SEED.stem}.pdf" for name in ("archival", "press")}


def elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Object]:
    found, pending = [], [pdf.Root.StructTreeRoot]
    while pending:
        element = pending.pop(0)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                pending.append(kid)
    return [element for element in found if element.S == "/" + role]


def edit_xmp(pdf: pikepdf.Pdf, old: bytes, new: bytes) -> None:
    data = pdf.Root.Metadata.read_bytes()
    assert old in data
    pdf.Root.Metadata.write(data.replace(old, new))


def first_font_descriptor(pdf: pikepdf.Pdf) -> pikepdf.Object:
    font = next(iter(pdf.pages[0].obj.Resources.Font.values()))
    return font.DescendantFonts[0].FontDescriptor


def orphan_a_marked_content_id(pdf):
    paragraph = elements(pdf, "P")[1]
    paragraph.K = pikepdf.Array([kid for kid in paragraph.K if kid != 2])


def wrong_parent_tree_entry(pdf):
    pdf.pages[0].obj.StructParents = 1


def untagged_link(pdf):
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[100, 100, 200, 120],
        A=Dictionary(S=Name.URI, URI=pikepdf.String("https://history.state.gov/"))))]))


def tabs_not_by_structure(pdf):
    untagged_link(pdf)
    del pdf.pages[0].obj.Tabs


def lose_a_line(pdf):
    content = pdf.pages[0].obj.Contents.read_bytes()
    start = content.index(b"/Span")
    pdf.pages[0].obj.Contents.write(content[:start] + content[content.index(b"EMC", start) + 3:])


def read_paragraphs_out_of_order(pdf):
    article = elements(pdf, "Art")[0]
    kids = list(article.K)
    paragraphs = [index for index, kid in enumerate(kids) if kid.S == "/P"]
    first, second = paragraphs[2], paragraphs[3]
    kids[first], kids[second] = kids[second], kids[first]
    article.K = pikepdf.Array(kids)


def add_rgb(pdf):
    page = pdf.pages[0]
    page.contents_add(pikepdf.Stream(pdf, b"/Artifact BMC 1 0 0 rg 0 0 5 5 re f EMC"))


# (what is made wrong, the edition's PDF, the profile, the check that must fail, how)
BROKEN = [
    ("a Figure without /Alt", "archival", "ua", "Figures",
     lambda pdf: setattr(elements(pdf, "P")[1], "S", Name.Figure)),
    ("a Note without /ID", "archival", "ua", "Notes",
     lambda pdf: elements(pdf, "Note")[0].__delitem__("/ID")),
    ("two Notes with one /ID", "archival", "ua", "Notes",
     lambda pdf: setattr(elements(pdf, "Note")[1], "ID", elements(pdf, "Note")[0].ID)),
    ("an unembedded font", "archival", "ua", "Fonts",
     lambda pdf: first_font_descriptor(pdf).__delitem__("/FontFile3")),
    ("a font without ToUnicode", "archival", "ua", "Fonts",
     lambda pdf: next(iter(pdf.pages[0].obj.Resources.Font.values())).__delitem__(
         "/ToUnicode")),
    ("an orphaned marked-content id", "archival", "ua", "Content tagged or artifact",
     orphan_a_marked_content_id),
    ("a missing pdfuaid", "archival", "ua", "PDF/UA identifier",
     lambda pdf: edit_xmp(pdf, b"<pdfuaid:part>1</pdfuaid:part>", b"")),
    ("MarkInfo not marked", "archival", "ua", "Tagged",
     lambda pdf: setattr(pdf.Root.MarkInfo, "Marked", False)),
    ("a ParentTree that points elsewhere", "archival", "ua", "Structure tree and ParentTree",
     wrong_parent_tree_entry),
    ("no /Lang", "archival", "ua", "Language", lambda pdf: pdf.Root.__delitem__("/Lang")),
    ("the title not shown", "archival", "ua", "Title",
     lambda pdf: setattr(pdf.Root.ViewerPreferences, "DisplayDocTitle", False)),
    ("a heading level skipped", "archival", "ua", "Headings",
     lambda pdf: setattr(elements(pdf, "H1")[0], "S", Name.H3)),
    ("a link outside the structure", "archival", "ua", "Links", untagged_link),
    ("annotations not in structure order", "archival", "ua", "Tab order",
     tabs_not_by_structure),
    ("a missing pdfaid", "archival", "pdfa", "PDF/A identifier",
     lambda pdf: edit_xmp(pdf, b"<pdfaid:part>3</pdfaid:part>", b"")),
    ("no output intent", "archival", "pdfa", "Output intent",
     lambda pdf: pdf.Root.__delitem__("/OutputIntents")),
    ("JavaScript", "archival", "pdfa", "No JavaScript",
     lambda pdf: setattr(pdf.Root, "OpenAction", Dictionary(
         S=Name.JavaScript, JS=pikepdf.String("app.alert(1)")))),
    ("an attachment without AFRelationship", "archival", "pdfa", "Associated files",
     lambda pdf: pdf.Root.AF[0].__delitem__("/AFRelationship")),
    ("an undeclared XMP namespace", "archival", "pdfa", "XMP extension schemas",
     lambda pdf: edit_xmp(pdf, b"<pdfaSchema:namespaceURI>urn:x-typeset:frus:1.0#",
                          b"<pdfaSchema:namespaceURI>urn:x-other")),
    ("information that differs from the XMP", "archival", "pdfa", "Information and XMP",
     lambda pdf: setattr(pdf.docinfo, "Title", pikepdf.String("Another title"))),
    ("RGB in PDF/X", "press", "print", "No DeviceRGB", add_rgb),
    ("no bleed", "press", "print", "Trim and bleed",
     lambda pdf: [setattr(page.obj, "BleedBox", page.obj.TrimBox) for page in pdf.pages]),
    ("no PDF/X version", "press", "print", "PDF/X version",
     lambda pdf: edit_xmp(pdf, b"pdfxid:GTS_PDFXVersion", b"pdfxid:Other")),
    ("no PDF/X output intent", "press", "print", "PDF/X output intent",
     lambda pdf: setattr(pdf.Root.OutputIntents[0], "S", Name.GTS_PDFA1)),
    ("a line of text lost", "archival", "source", "Every word of the source on the pages",
     lose_a_line),
    ("paragraphs read out of order", "archival", "source",
     "The structure tree reads every word in order", read_paragraphs_out_of_order),
]


def failures(pdf_path, profile: str) -> set[str]:
    profiles = [] if profile == "source" else [profile]
    report = check_pdf(pdf_path, profiles, read_source(SEED), bleed=9.0 if profile == "print"
                       else None)
    return {item.name for item in report.results if item.status == "fail"}


@pytest.mark.parametrize("edition, profile", [("archival", "ua"), ("archival", "pdfa"),
                                              ("archival", "source"), ("press", "print")])
def test_the_good_pdfs_pass(good, edition, profile):
    assert failures(good[edition], profile) == set()


@pytest.mark.parametrize("wrong, edition, profile, name, breaking", BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_each_check_fails_on_a_pdf_made_wrong(good, tmp_path, wrong, edition, profile, name,
                                              breaking):
    with pikepdf.open(good[edition]) as pdf:
        breaking(pdf)
        pdf.save(tmp_path / "wrong.pdf")
    assert name in failures(tmp_path / "wrong.pdf", profile)


def test_an_encrypted_pdf_fails_pdfa(good, tmp_path):
    with pikepdf.open(good["archival"]) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    assert "No encryption" in failures(tmp_path / "locked.pdf", "pdfa")


def test_the_checker_reads_each_marked_content_id_as_pdfplumber_does(good):
    document = Inspected(good["archival"])
    with pdfplumber.open(good["archival"]) as plumbed:
        for index, page in enumerate(plumbed.pages):
            theirs: dict[int, str] = {}
            for char in page.chars:
                if char.get("mcid") is not None:
                    theirs[char["mcid"]] = theirs.get(char["mcid"], "") + char["text"]
            ours = {mcid: "".join(p.text for p in document.pages[index].text_of(mcid))
                    for mcid in document.pages[index].mcids}
            assert {k: "".join(v.split()) for k, v in ours.items() if v.strip()} == {
                k: "".join(v.split()) for k, v in theirs.items()}
    document.close()


# ---------------------------------------------------------------- the command

def test_a_failing_check_is_exit_code_1_naming_the_check(good, tmp_path):
    with pikepdf.open(good["archival"]) as pdf:
        del elements(pdf, "Note")[0].ID
        pdf.save(tmp_path / "wrong.pdf")
    result = run_typeset("check", tmp_path / "wrong.pdf")
    assert result.returncode == 1
    assert "  fail  Notes: 1 of 5 Notes have no /ID" in result.stdout
    assert "CHECKS FAILED" in result.stdout


def test_by_default_the_profiles_the_pdf_claims_are_checked(good):
    result = run_typeset("check", good["archival"], "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["passed"] is True
    assert {item["group"] for item in report["results"]} == {"PDF/UA-1", "PDF/A-3"}
    assert all(set(item) == {"group", "name", "status", "detail"} for item in report["results"])


def test_a_file_that_is_not_a_pdf_is_exit_code_2_naming_it(tmp_path):
    for path, message in ((SEED, "not a PDF file"), (tmp_path / "none.pdf", "no such file")):
        result = run_typeset("check", path)
        assert result.returncode == 2
        assert result.stderr.strip() == f"typeset: error: {path}: {message}"


def test_an_untagged_pdf_with_nothing_to_check_is_a_usage_error(good, tmp_path):
    with pikepdf.open(good["press"]) as pdf:
        del pdf.Root.Metadata
        pdf.save(tmp_path / "plain.pdf")
    result = run_typeset("check", tmp_path / "plain.pdf")
    assert result.returncode == 2 and "give --profile or --source" in result.stderr
    assert run_typeset("check", good["press"], "--profile", "nope").returncode == 2


def test_verapdf_says_plainly_when_it_is_not_installed(good, tmp_path):
    result = run_typeset("check", good["archival"], "--verapdf",
                         env={**os.environ, "PATH": str(tmp_path)})
    assert result.returncode == 0
    assert "skip  veraPDF: veraPDF is not installed here" in result.stdout
