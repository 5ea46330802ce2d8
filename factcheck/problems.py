"""Problems found in contributors' files, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so that all of them are reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), max(col, 1), message))

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)
