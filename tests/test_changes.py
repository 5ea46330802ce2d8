"""`factcheck check --base`: a change to a published fact-check needs a corrections entry (a real git fixture)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from factcheck.cli import main

from .conftest import RepoBuilder, ann

PAGE = "# Offer\n\nOur cure works for everyone. Results are permanent.\n"
ANNS = ann("cure", "Our cure works for everyone", verdict="inaccurate") + ann("permanent", "Results are permanent")
LOG = """
corrections:
  - date: 2026-11-25
    kind: correction
    annotations: [{ids}]
    summary: [{summary}]
    what: The verdict was changed.
    why: A new review found the evidence weaker than we said.
"""


def git(root: Path, *args: str) -> str:
    run = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                         capture_output=True, text=True, check=True)
    return run.stdout


@pytest.fixture
def based(repo: RepoBuilder) -> RepoBuilder:
    """A git repository whose `base` branch has one published fact-check (and one draft)."""
    repo.source("s", PAGE)
    repo.annotations("s", ANNS)
    repo.source("d", PAGE)
    repo.annotations("d", ANNS, reviewers="[]", reviewed=None)
    git(repo.root, "init", "-q", "-b", "work")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "published")
    git(repo.root, "branch", "base")
    return repo


def run(repo: RepoBuilder, capsys, *extra: str) -> tuple[int, list[str]]:
    status = main(["--root", str(repo.root), "check", "--base", "base", *extra])
    return status, capsys.readouterr().out.splitlines()


def edit(repo: RepoBuilder, sid: str, old: str, new: str, count: int = 1) -> None:
    path = repo.root / "annotations" / f"{sid}.yml"
    text = path.read_text("utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), "utf-8")


def test_a_changed_verdict_without_a_log_entry_is_an_error_at_its_line(based, capsys) -> None:
    edit(based, "s", "verdict: inaccurate", "verdict: unsupported")
    status, out = run(based, capsys)
    assert status == 1
    assert out == ["annotations/s.yml:14:5: annotation 'cure': verdict changed since base, where this fact-check is "
                   "published; add a corrections entry naming 'cure' (date, kind, what changed and why)"]


@pytest.mark.parametrize("old, new, key, line", [
    ("claim: A claim", "claim: A different claim", "claim", 12),
    ("comment: A comment.", "comment: A better comment.", "comment", 13),
    ("comment: A comment.", "comment: A comment.\n    finding: Our new one-line finding.", "finding", 14),
])
def test_a_changed_claim_finding_or_comment_is_an_error_too(based, capsys, old, new, key, line) -> None:
    edit(based, "s", old, new)
    status, out = run(based, capsys)
    assert status == 1 and len(out) == 1
    assert out[0].startswith(f"annotations/s.yml:{line}:5: annotation 'cure': {key} changed since base")


def test_a_new_log_entry_naming_the_annotation_accepts_the_change(based, capsys) -> None:
    edit(based, "s", "verdict: inaccurate", "verdict: unsupported")
    edit(based, "s", "annotations:\n", "updated: 2026-11-25" + LOG.format(ids="cure", summary="") + "annotations:\n")
    assert run(based, capsys) == (0, [])


def test_a_log_entry_naming_another_annotation_does_not(based, capsys) -> None:
    edit(based, "s", "verdict: inaccurate", "verdict: unsupported")
    edit(based, "s", "annotations:\n", "updated: 2026-11-25" + LOG.format(ids="permanent", summary="") + "annotations:\n")
    status, out = run(based, capsys)
    assert status == 1 and [line.split(": ")[1] for line in out] == ["annotation 'cure'"]


def test_a_changed_summary_needs_an_entry_that_lists_it(based, capsys) -> None:
    edit(based, "s", "verdict: misleading", "verdict: inaccurate")
    status, out = run(based, capsys)
    assert status == 1 and out[0].startswith("annotations/s.yml:2:1: 'verdict' changed since base")
    edit(based, "s", "annotations:\n", "updated: 2026-11-25" + LOG.format(ids="", summary="verdict") + "annotations:\n")
    assert run(based, capsys) == (0, [])


def test_rewrapping_a_comment_is_not_a_change(based, capsys) -> None:
    edit(based, "s", "comment: A comment.", "comment: |\n      A\n      comment.")
    assert run(based, capsys) == (0, [])


def test_drafts_and_new_fact_checks_may_change_freely(based, capsys) -> None:
    edit(based, "d", "verdict: inaccurate", "verdict: unsupported")
    based.source("n", PAGE)
    based.annotations("n", ANNS)
    assert run(based, capsys) == (0, [])


def test_the_log_is_append_only(based, capsys) -> None:
    edit(based, "s", "verdict: inaccurate", "verdict: unsupported")
    edit(based, "s", "annotations:\n", "updated: 2026-11-25" + LOG.format(ids="cure", summary="") + "annotations:\n")
    edit(based, "s", "reviewed: 2026-11-21", "reviewed: 2026-11-26")  # the correction was reviewed: published
    git(based.root, "commit", "-q", "-a", "-m", "corrected")
    git(based.root, "branch", "-f", "base")
    edit(based, "s", "The verdict was changed.", "Nothing changed.")
    status, out = run(based, capsys)
    assert status == 1
    assert out == ["annotations/s.yml:10:1: the corrections entry of 2026-11-25 (correction) was changed or removed "
                   "since base; the log is public and append-only: add a new entry instead"]


def test_an_entry_already_in_the_base_does_not_cover_a_new_change(based, capsys) -> None:
    edit(based, "s", "annotations:\n", "updated: 2026-11-25" + LOG.format(ids="cure", summary="") + "annotations:\n")
    edit(based, "s", "reviewed: 2026-11-21", "reviewed: 2026-11-26")
    git(based.root, "commit", "-q", "-a", "-m", "corrected once")
    git(based.root, "branch", "-f", "base")
    edit(based, "s", "verdict: inaccurate", "verdict: unsupported")
    status, out = run(based, capsys)
    assert status == 1 and [line.split(": ")[1] for line in out] == ["annotation 'cure'"]


def test_an_unknown_revision_is_a_clear_error(based, capsys) -> None:
    assert main(["--root", str(based.root), "check", "--base", "no-such-branch"]) == 2
    assert "cannot read git revision 'no-such-branch'" in capsys.readouterr().err
