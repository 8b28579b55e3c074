"""The outcome of `typeset check`: each check named, with pass, fail or skip and a detail;
printed for people, or as JSON for machines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

PASS, FAIL, SKIP = "pass", "fail", "skip"


@dataclass(frozen=True)
class Result:
    group: str  # PDF/UA-1, PDF/A-3, Print, Nothing lost, veraPDF
    name: str
    status: str
    detail: str


def result(group: str, name: str, passed: bool, detail: str) -> Result:
    return Result(group, name, PASS if passed else FAIL, detail)


@dataclass
class Report:
    file: Path
    results: list[Result]

    @property
    def passed(self) -> bool:
        return all(item.status != FAIL for item in self.results)

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.results)

    def human(self) -> str:
        lines, group = [str(self.file)], None
        for item in self.results:
            if item.group != group:
                group = item.group
                lines.append(group)
            lines.append(f"  {item.status}  {item.name}: {item.detail}")
        verdict = "all checks pass" if self.passed else "CHECKS FAILED"
        lines.append(f"{self.count(PASS)} passed, {self.count(FAIL)} failed, "
                     f"{self.count(SKIP)} skipped: {verdict}")
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps({"file": str(self.file), "passed": self.passed,
                           "results": [asdict(item) for item in self.results]},
                          ensure_ascii=False, indent=1)
