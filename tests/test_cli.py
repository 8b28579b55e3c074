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
