"""The repository itself: five faithful sources, and `factcheck check` passes on it."""

import hashlib
import re
import subprocess
import sys

import pytest
import yaml

from factcheck.check import check
from factcheck.cli import main
from factcheck.sourcetext import parse_source

from .conftest import ROOT, SEEDS

SEED_FILES = {
    "pap-hospital-sci": "000_d3315ef6f7f593c6.txt",
    "ct-guided-sci-programme": "001_9b13ecfd81ded383.txt",
    "pap-hospital-cp": "002_fe0a344a6da00fd6.txt",
    "medigence-gaia-sci": "003_be75873da60f406c.txt",
    "puhua-steven-sci": "004_b52f27afbbf2f2be.txt",
}


def words(text: str) -> str:
    """Collapse ASCII white space only: no-break spaces and every other character must survive."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def test_the_seed_texts_are_the_captures_unchanged() -> None:
    # tests/seeds/SHA256SUMS was written when the captures were copied in: a fixture edited to make
    # a test pass fails here
    sums = dict(reversed(line.split("  ")) for line in (SEEDS / "SHA256SUMS").read_text("utf-8").splitlines())
    assert sorted(sums) == sorted(SEED_FILES.values())
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("sid", SEED_FILES)
def test_source_keeps_every_character_of_the_seed(sid: str) -> None:
    seed = SEEDS / SEED_FILES[sid]
    page = (ROOT / "sources" / sid / "page.md").read_text("utf-8")
    assert words(parse_source(page).text) == words(seed.read_text("utf-8"))


@pytest.mark.parametrize("sid", SEED_FILES)
def test_source_says_what_was_not_recorded(sid: str) -> None:
    data = yaml.safe_load((ROOT / "sources" / sid / "source.yml").read_text("utf-8"))
    assert data["url"] is None
    assert "not its markup, its address or the date it was taken" in data["note"]


def test_check_passes_on_the_repository() -> None:
    checked = check(ROOT)
    assert checked.problems == []
    assert sorted(checked.repo.sources) == sorted(SEED_FILES)
    for sid, factcheck in checked.repo.factchecks.items():
        assert len(checked.anchors[sid]) == len(factcheck.annotations)


def test_check_of_named_files_only_checks_those(repo, capsys) -> None:
    repo.source("a", "# A\n\nText a.\n")
    repo.source("b", "# B\n\nText b.\n")
    repo.raw("annotations/b.yml", "source: b\nverdict: nonsense\n")
    assert main(["--root", str(repo.root), "check", str(repo.root / "sources" / "a")]) == 0
    assert main(["--root", str(repo.root), "check", str(repo.root / "annotations" / "b.yml")]) == 1
    assert "annotations/b.yml:2:1: unknown verdict 'nonsense'" in capsys.readouterr().out


def test_locate_prints_a_block_that_pastes_into_an_annotation(capsys) -> None:
    assert main(["--root", str(ROOT), "locate", "pap-hospital-sci", "Chinese People's Armed Police Forces"]) == 0
    out = capsys.readouterr().out
    block = yaml.safe_load(out)
    # the page's own apostrophe, and no context needed: the passage is unique
    assert block == {"quote": "Chinese People\u2019s Armed Police Forces"}
    assert main(["--root", str(ROOT), "locate", "pap-hospital-sci", "Spinal Cord Injury Cases"]) == 0
    blocks = [yaml.safe_load(b) for b in capsys.readouterr().out.split("\n\n")]
    # heading, then the case box (after the heading's "Cases"), then the "To See More ... >>" link
    assert [b.get("prefix") or b.get("suffix") for b in blocks] == [">>", "Cases", ">>"]
    assert [("prefix" in b, "suffix" in b) for b in blocks] == [(True, False), (True, False), (False, True)]


def test_locate_of_a_missing_passage_suggests_the_closest(capsys) -> None:
    assert main(["--root", str(ROOT), "locate", "medigence-gaia-sci", "completely safe and efective"]) == 1
    assert 'closest passage: "completely safe and effective."' in capsys.readouterr().err


def test_hash_command_writes_and_guards_the_digest(repo, capsys) -> None:
    folder = repo.source("s", "# S\n\nText.\n")
    (folder / "page.md").write_text("# S\n\nNew text.\n", "utf-8")
    assert main(["--root", str(repo.root), "hash", "s"]) == 0
    assert check(repo.root).ok
    repo.raw("annotations/s.yml", "source: s\n")
    (folder / "page.md").write_text("# S\n\nChanged after annotating.\n", "utf-8")
    assert main(["--root", str(repo.root), "hash", "s"]) == 1
    assert "archive the new text as a new source" in capsys.readouterr().err


def test_check_runs_as_its_own_command() -> None:
    # its speed is measured by benchmarks/bench.py, not asserted here
    run = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(ROOT), "check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
