"""The command line: help, exit codes, and errors without tracebacks."""

from __future__ import annotations

from support import SEED, run_typeset


def test_help_lists_the_commands_and_exit_codes():
    result = run_typeset("--help")
    assert result.returncode == 0
    for word in ("parse", "Exit codes"):
        assert word in result.stdout


def test_parse_summarises_a_document():
    result = run_typeset("parse", SEED)
    assert result.returncode == 0
    assert "51. Letter From President Kennedy" in result.stdout
    assert "215222 → 215–222" in result.stdout


def test_a_missing_file_is_exit_code_2_naming_it(tmp_path):
    result = run_typeset("parse", tmp_path / "nowhere.txt")
    assert result.returncode == 2
    assert "nowhere.txt" in result.stderr and "Traceback" not in result.stderr


def test_bad_text_is_exit_code_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"12. A Title0\n\nfine line\nbroken \xff byte\n")
    result = run_typeset("parse", bad)
    assert result.returncode == 2
    assert f"{bad}:4:8: the file is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_option_is_a_usage_error():
    result = run_typeset("parse", "--no-such-option")
    assert result.returncode == 2


def test_build_with_no_arguments_builds_the_seeds_in_the_default_editions(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    result = run_typeset("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    built = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "out").rglob("*.pdf"))
    assert built == [f"out/letter/{SEED.stem}.pdf", f"out/trade/{SEED.stem}.pdf"]
    assert "built 2 PDF(s)" in result.stderr


def test_quiet_builds_print_nothing(tmp_path):
    result = run_typeset("build", SEED, "-o", tmp_path, "-e", "a4", "--quiet")
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
    assert (tmp_path / "a4" / f"{SEED.stem}.pdf").stat().st_size > 10_000


def test_bad_input_among_good_writes_nothing_and_exits_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = run_typeset("build", SEED, bad, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_without_seeds_folder_build_says_what_to_do(tmp_path):
    result = run_typeset("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "seeds" in result.stderr


def test_unknown_edition_is_a_usage_error():
    result = run_typeset("build", SEED, "-e", "no-such-edition")
    assert result.returncode == 2
    assert "no edition 'no-such-edition'" in result.stderr


def test_editions_lists_sizes_in_inches_and_millimetres():
    result = run_typeset("editions")
    assert result.returncode == 0
    trade = next(line for line in result.stdout.splitlines() if " trade " in line)
    assert "6.00 ×  9.00 in" in trade and "152.4 ×  228.6 mm" in trade


def test_debug_shows_the_traceback(tmp_path):
    result = run_typeset("--debug", "parse", tmp_path / "missing.txt")
    assert result.returncode != 0 and "Traceback" in result.stderr
