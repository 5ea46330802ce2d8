"""Load and anchor a repository: the work behind ``factcheck check`` and the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .anchor import Anchor, anchor_factcheck
from .load import load_repository, relative, source_folders
from .model import Repository
from .problems import Problem, Problems
from .quotations import check_quotations
from .watchlog import WatchLog, load_log, log_files


@dataclass
class Checked:
    repo: Repository
    anchors: dict[str, list[Anchor]] = field(default_factory=dict)  # source id -> anchors
    watch: dict[str, WatchLog] = field(default_factory=dict)  # source id -> observations of its live page
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def source_ids_for(paths: list[Path], root: Path, problems: Problems) -> set[str] | None:
    """The source ids that the named files or folders belong to (None: everything)."""
    ids: set[str] = set()
    for path in paths:
        if not path.exists():
            problems.add(str(path), 1, 1, "no such file or folder")
            continue
        try:
            parts = path.resolve().relative_to(root.resolve()).parts
        except ValueError:
            problems.add(str(path), 1, 1, "not inside the repository")
            continue
        if len(parts) <= 1 and (not parts or parts[0] in ("sources", "annotations", "watch")):
            return None
        if parts[0] in ("annotations", "watch"):
            ids.add(Path(parts[1]).stem)
        elif parts[0] == "sources":
            ids.add(parts[1])
        else:
            problems.add(str(path), 1, 1, "not a source, annotation or watch file (they live in sources/, annotations/ "
                                          "and watch/)")
    return ids


def check(root: Path, paths: list[Path] | None = None, publish: bool = False) -> Checked:
    """Validate and anchor everything (or only what ``paths`` name).

    With ``publish``, every draft (a fact-check without a completed review) is a problem too.
    """
    problems = Problems()
    only = source_ids_for(paths, root, problems) if paths else None
    repo = load_repository(root, problems, only)
    checked = Checked(repo)
    for sid, factcheck in repo.factchecks.items():
        if publish and factcheck.draft_reason:
            problems.add(factcheck.path, *factcheck.review_pos,
                         f"'{sid}' is a draft, {factcheck.draft_reason}; drafts are not published")
        source = repo.sources.get(sid)
        if source is None:  # its source.yml or page.md has problems, reported already
            continue
        checked.anchors[sid] = anchor_factcheck(factcheck, source, problems)
        check_quotations(factcheck, source, problems)
        source.text.release_normalised()  # anchors hold what rendering needs
    checked.watch = load_logs(root, problems, only)
    checked.problems = problems.sorted()
    return checked


def load_logs(root: Path, problems: Problems, only: set[str] | None = None) -> dict[str, WatchLog]:
    """Every observation log in ``watch/`` (or those of the source ids in ``only``), checked."""
    known = {f.name for f in source_folders(root)}
    logs = {}
    for file in log_files(root):
        if only is not None and file.stem not in only:
            continue
        if file.suffix == ".yaml":
            problems.add(relative(file, root), 1, 1, f"watch logs end in .yml: rename to {file.stem}.yml")
            continue
        log = load_log(file, relative(file, root), problems, known)
        if log is not None:
            logs[log.source] = log
    return logs
