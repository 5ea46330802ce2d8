"""Malformed and hostile files: each gives a clear path:line:col message, in bounded time and memory.

The corpus lives in tests/malformed/ (annotation files) and tests/malformed/sources/
(source.yml files); EXPECTED.json beside each says which line and message each must give.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from factcheck.cli import main

from .conftest import source_yml

CORPUS = Path(__file__).parent / "malformed"
EXPECTED = json.loads((CORPUS / "EXPECTED.json").read_text("utf-8"))
SOURCE_EXPECTED = json.loads((CORPUS / "sources" / "EXPECTED.json").read_text("utf-8"))
PAGE = "# P\n\nThe rate has reached 96%.\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")
SECONDS, MEGABYTES = 5.0, 200


def corpus_size() -> int:
    return len(EXPECTED) + len(SOURCE_EXPECTED) + 6  # + the files made at run time below


def run_check(root: Path, capsys) -> list[re.Match]:
    """Run `factcheck check` in-process within the time and memory bounds; parse its lines."""
    tracemalloc.start()
    started = time.perf_counter()
    status = main(["--root", str(root), "check"])
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert status == 1
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert peak < MEGABYTES, f"used {peak:.0f} MB"
    out = capsys.readouterr().out.splitlines()
    matches = [LINE.match(line) for line in out]
    assert out and all(matches), out
    return matches


def test_corpus_is_complete_and_large_enough() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yml")) == sorted(EXPECTED)
    assert sorted(p.name for p in (CORPUS / "sources").glob("*.yml")) == sorted(SOURCE_EXPECTED)
    assert corpus_size() >= 60


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_annotation_file(repo, capsys, name: str) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", (CORPUS / name).read_bytes())
    line, fragment = EXPECTED[name]
    found = run_check(repo.root, capsys)
    assert any(m["path"] == "annotations/s.yml" and int(m["line"]) == line and fragment in m["message"]
               for m in found), [m.group(0) for m in found]


@pytest.mark.parametrize("name", sorted(SOURCE_EXPECTED))
def test_malformed_source_file(repo, capsys, name: str) -> None:
    folder = repo.source("s", PAGE)
    import hashlib

    digest = hashlib.sha256(PAGE.encode()).hexdigest()
    (folder / "source.yml").write_text((CORPUS / "sources" / name).read_text("utf-8").replace("{sha}", digest))
    line, fragment = SOURCE_EXPECTED[name]
    found = run_check(repo.root, capsys)
    assert any(m["path"] == "sources/s/source.yml" and int(m["line"]) == line and fragment in m["message"]
               for m in found), [m.group(0) for m in found]


def test_a_50_megabyte_file_is_refused_quickly(repo, capsys) -> None:
    repo.source("s", PAGE)
    (repo.root / "annotations").mkdir()
    with open(repo.root / "annotations" / "s.yml", "wb") as fh:
        fh.write(b"source: s\nheadline: ")
        fh.write(b"x" * 50_000_000)
    found = run_check(repo.root, capsys)
    assert found[0]["message"] == "file is 50,000,020 bytes; the limit is 1,000,000"


def test_an_oversized_or_binary_page_is_refused(repo, capsys) -> None:
    folder = repo.source("s", PAGE)
    (folder / "page.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "source.yml").write_text(source_yml((folder / "page.md").read_bytes()))
    assert "sources/s/page.md:3:1: file contains NUL bytes" in run_check(repo.root, capsys)[0].group(0)
    (folder / "page.md").write_bytes(b"# P\n\n" + b"word " * 500_000)
    (folder / "source.yml").write_text(source_yml((folder / "page.md").read_bytes()))
    assert "page.md is 2,500,005 bytes; the limit is 2,000,000" in run_check(repo.root, capsys)[0].group(0)


def test_a_source_folder_linking_out_of_the_repository_is_refused(repo, capsys, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "page.md").write_text(PAGE)
    (outside / "source.yml").write_text(source_yml(PAGE.encode()))
    (repo.root / "sources").mkdir()
    os.symlink(outside, repo.root / "sources" / "escape")
    found = run_check(repo.root, capsys)
    assert found[0].group(0) == "sources/escape:1:1: source folder points outside the repository (symbolic link?)"


def test_an_annotation_file_linking_out_of_the_repository_is_refused(repo, capsys, tmp_path_factory) -> None:
    repo.source("s", PAGE)
    outside = tmp_path_factory.mktemp("outside") / "s.yml"
    outside.write_text("source: s\n")
    (repo.root / "annotations").mkdir()
    os.symlink(outside, repo.root / "annotations" / "s.yml")
    assert "points outside the repository" in run_check(repo.root, capsys)[0]["message"]


def test_valid_files_with_a_bom_or_crlf_line_ends_are_accepted(repo, capsys) -> None:
    from .conftest import annotation_yml, ann

    repo.source("s", PAGE)
    text = annotation_yml("s", ann("rate", "reached 96%"))
    repo.raw("annotations/s.yml", ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    assert main(["--root", str(repo.root), "check"]) == 0


def test_command_line_never_prints_a_traceback(repo) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", (CORPUS / "alias-bomb.yml").read_bytes())
    run = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(repo.root), "check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert LINE.match(run.stdout.splitlines()[0])


def test_the_fast_validator_agrees_with_jsonschema_on_every_file() -> None:
    """The compiled validator only short-cuts valid files; it must never accept what jsonschema refuses."""
    from factcheck.problems import Problems
    from factcheck.schema import _validator, is_valid
    from factcheck.yamlpos import load_yaml

    from .conftest import ROOT

    files = [(p, "annotations") for p in [*CORPUS.glob("*.yml"), *(ROOT / "annotations").glob("*.yml")]]
    files += [(p, "source") for p in [*(CORPUS / "sources").glob("*.yml"), *(ROOT / "sources").glob("*/source.yml")]]
    compared = 0
    for path, name in files:
        doc = load_yaml(path, path.name, Problems())
        if doc is None:
            continue
        data = json.loads(json.dumps(doc.data).replace("{sha}", "0" * 64))
        assert is_valid(data, name) == (not list(_validator(name).iter_errors(data))), path.name
        compared += 1
    assert compared > 60
