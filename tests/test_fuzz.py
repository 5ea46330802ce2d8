"""Property-based tests: mutated files never crash the engine; anchoring ignores annotation order."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.check import check
from factcheck.problems import Problem

from .conftest import ROOT

VALID = (ROOT / "annotations" / "pap-hospital-sci.yml").read_text("utf-8")
YAML_NOISE = list(":-[]{}#&*!|>'\"%@`,?\t\n ") + ["\u00a0", "\u200b", "\ufeff", "\x00", "\x07", "é", "’", "\U0001f389"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


def fresh_repo(tmp: Path) -> Path:
    """A copy of the repository's sources (the annotation file is written by each example)."""
    if not (tmp / "sources").exists():
        shutil.copytree(ROOT / "sources" / "pap-hospital-sci", tmp / "sources" / "pap-hospital-sci")
        (tmp / "annotations").mkdir()
    return tmp


@st.composite
def mutated(draw) -> str:
    """The valid file with a few random edits of the kinds people and tools make."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace-line", "duplicate-line", "swap-lines",
                                     "indent", "truncate"]))
        lines = text.split("\n")
        at = draw(st.integers(0, max(0, len(text) - 1)))
        row = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            noise = draw(st.text(st.sampled_from(YAML_NOISE) | st.characters(), min_size=1, max_size=12))
            text = text[:at] + noise + text[at:]
        elif kind == "replace-line":
            lines[row] = draw(st.text(st.sampled_from(YAML_NOISE) | st.characters(), max_size=30))
            text = "\n".join(lines)
        elif kind == "duplicate-line":
            lines.insert(row, lines[row])
            text = "\n".join(lines)
        elif kind == "swap-lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[row], lines[other] = lines[other], lines[row]
            text = "\n".join(lines)
        elif kind == "indent":
            lines[row] = " " * draw(st.integers(0, 7)) + lines[row].lstrip()
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


def assert_clean(root: Path) -> None:
    checked = check(root)  # must not raise, whatever the file says
    for problem in checked.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.col >= 1 and problem.message
        assert problem.path.startswith(("annotations/", "sources/"))
    if checked.ok:  # a mutation that is still valid must still anchor everything
        fc = checked.repo.factchecks["pap-hospital-sci"]
        assert len(checked.anchors["pap-hospital-sci"]) == len(fc.annotations)


@FUZZ
@given(text=mutated())
def test_mutated_annotation_files_never_raise(tmp_path_factory, text: str) -> None:
    root = fresh_repo(tmp_path_factory.getbasetemp() / "fuzz-text")
    (root / "annotations" / "pap-hospital-sci.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_clean(root)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path_factory, data: bytes) -> None:
    root = fresh_repo(tmp_path_factory.getbasetemp() / "fuzz-bytes")
    (root / "annotations" / "pap-hospital-sci.yml").write_bytes(VALID.encode()[:200] + data)
    assert_clean(root)


ORIGINAL = yaml.safe_load((ROOT / "annotations" / "medigence-gaia-sci.yml").read_text("utf-8"))


def anchors_of(root: Path) -> dict[str, tuple[int, int]]:
    checked = check(root)
    assert checked.ok, checked.problems
    return {a.id: (a.start, a.end) for a in checked.anchors["medigence-gaia-sci"]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(ORIGINAL["annotations"]))))
def test_anchoring_does_not_depend_on_annotation_order(tmp_path_factory, order: list[int]) -> None:
    root = tmp_path_factory.getbasetemp() / "fuzz-order"
    if not (root / "sources").exists():
        shutil.copytree(ROOT / "sources" / "medigence-gaia-sci", root / "sources" / "medigence-gaia-sci")
        (root / "annotations").mkdir()
    file = root / "annotations" / "medigence-gaia-sci.yml"
    file.write_text(yaml.safe_dump(ORIGINAL, allow_unicode=True, sort_keys=False), "utf-8")
    expected = anchors_of(root)
    shuffled = {**ORIGINAL, "annotations": [ORIGINAL["annotations"][i] for i in order]}
    file.write_text(yaml.safe_dump(shuffled, allow_unicode=True, sort_keys=False), "utf-8")
    assert anchors_of(root) == expected


