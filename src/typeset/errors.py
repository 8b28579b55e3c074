"""Errors a user can act on: each names the file and, where it applies, the line."""

from __future__ import annotations


class TypesetError(Exception):
    """Base of the errors the CLI reports without a traceback."""

    exit_code = 1


class InputError(TypesetError):
    """The input cannot be read as it stands: exit code 2."""

    exit_code = 2

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None, hint: str | None = None):
        self.path, self.message, self.line, self.column, self.hint = (
            path, message, line, column, hint)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(TypesetError):
    """The command line asks for something impossible: exit code 2."""

    exit_code = 2


class BuildError(TypesetError):
    """Rendering or writing failed: exit code 1."""

    exit_code = 1


class Interrupted(TypesetError):
    """The user pressed Ctrl-C: exit code 130, as a shell reports SIGINT."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted: files already written are whole, none is half "
                         "written; run the build again to finish it")
