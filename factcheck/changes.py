"""Changes to published fact-checks must be logged: compare with a git revision (a pull request's base).

A changed ``verdict``, ``claim``, ``finding`` or ``comment`` of an annotation, in a
fact-check that was published (reviewed, not a draft) at the base, needs a new
corrections entry naming that annotation; a changed page-level ``verdict``,
``headline`` or ``takeaways`` needs a new entry listing it under ``summary``.
White space alone (re-wrapping a paragraph) is not a change.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from .load import factcheck_from_doc
from .model import Correction, FactCheck, Repository
from .problems import Problems
from .yamlpos import load_yaml_text

ANNOTATION_FIELDS = ("verdict", "claim", "finding", "comment")
SUMMARY_FIELDS = ("verdict", "headline", "takeaways")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def factchecks_at_revision(root: Path, revision: str) -> dict[str, FactCheck]:
    """The fact-checks in ``annotations/`` at a git revision, by path; unreadable files are left out.

    Raises ValueError when the revision cannot be read.
    """
    listing = _git(root, "ls-tree", "--name-only", f"{revision}:annotations")
    if listing.returncode != 0:
        if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode == 0:
            return {}  # the revision has no annotations/ folder yet
        raise ValueError(f"cannot read git revision {revision!r}: {listing.stderr.strip()}")
    found = {}
    for name in listing.stdout.splitlines():
        if not name.endswith(".yml"):
            continue
        path = f"annotations/{name}"
        shown = _git(root, "show", f"{revision}:{path}")
        ignored = Problems()  # the base's own problems are not this change's
        doc = load_yaml_text(shown.stdout, path, ignored) if shown.returncode == 0 else None
        fc = factcheck_from_doc(doc, path, name[:-4], ignored) if doc else None
        if fc:
            found[path] = fc
    return found


def _same(a: Any, b: Any) -> bool:
    def words(value: Any) -> Any:
        if isinstance(value, list):
            return [words(v) for v in value]
        return " ".join(value.split()) if isinstance(value, str) else value
    return words(a) == words(b)


def _entry_key(entry: Correction) -> tuple:
    return entry.date, entry.kind, tuple(entry.annotations), tuple(entry.summary), entry.what, entry.why


def unlogged_changes(repo: Repository, revision: str, problems: Problems) -> None:
    """Report each change to a fact-check published at ``revision`` that no new log entry records."""
    base = factchecks_at_revision(repo.root, revision)
    for fc in repo.factchecks.values():
        old = base.get(fc.path)
        if old is None or old.draft:
            continue
        before = {_entry_key(e) for e in old.corrections}
        new = [e for e in fc.corrections if _entry_key(e) not in before]
        kept = {_entry_key(e) for e in fc.corrections}
        for entry in old.corrections:
            if _entry_key(entry) not in kept:
                problems.add(fc.path, *fc.at("corrections"),
                             f"the corrections entry of {entry.date} ({entry.kind}) was changed or removed since "
                             f"{revision}; the log is public and append-only: add a new entry instead")
        logged = {aid for e in new for aid in e.annotations}
        summary = {name for e in new for name in e.summary}
        for key in SUMMARY_FIELDS:
            if key not in summary and not _same(getattr(fc, key), getattr(old, key)):
                problems.add(fc.path, *fc.at(key),
                             f"'{key}' changed since {revision}, where this fact-check is published; add a "
                             f"corrections entry with summary: [{key}] saying what changed and why")
        old_annotations = {a.id: a for a in old.annotations}
        for ann in fc.annotations:
            previous = old_annotations.get(ann.id)
            if previous is None or ann.id in logged:
                continue
            changed = [k for k in ANNOTATION_FIELDS if not _same(getattr(ann, k), getattr(previous, k))]
            if changed:
                problems.add(fc.path, *ann.at(changed[0]),
                             f"annotation '{ann.id}': {' and '.join(changed)} changed since {revision}, where this "
                             f"fact-check is published; add a corrections entry naming '{ann.id}' "
                             "(date, kind, what changed and why)")
