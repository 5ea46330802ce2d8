"""A corpus of malformed annotation files: each gives a clear path:line:col message, never a traceback."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.cli import main

CORPUS = Path(__file__).parent / "malformed"
PAGE = "# P\n\nThe rate has reached 96%.\n"

EXPECTED = {  # file: (line, message fragment)
    "alias-bomb.yml": (6, "values after expanding aliases"),
    "annotations-not-a-list.yml": (7, "'annotations' must be a list, not text"),
    "bad-indentation.yml": (10, "YAML syntax: while parsing a block collection"),
    "binary.yml": (3, "contains NUL bytes"),
    "control-character.yml": (12, "control character U+0007 is not allowed"),
    "crlf-and-bom-but-wrong-verdict.yml": (11, "unknown verdict 'unsupportd'; did you mean 'unsupported'?"),
    "deep-nesting.yml": (1, "nesting deeper than 64 levels"),
    "duplicate-key.yml": (16, "duplicate key 'comment' (first at line 12)"),
    "duplicate-top-key.yml": (3, "duplicate key 'verdict' (first at line 2)"),
    "empty.yml": (1, "the file must be a mapping of keys and values"),
    "ftp-citation.yml": (15, "'ftp://example.org/study' is not an http(s) address"),
    "id-with-path-separator.yml": (8, "bad id '../../etc/passwd'"),
    "invalid-utf8.yml": (12, "not valid UTF-8 (byte 0xff)"),
    "merge-key.yml": (15, "YAML merge keys (<<) are not supported"),
    "misspelled-keys.yml": (9, "unknown key 'qoute'; did you mean 'quote'?"),
    "non-text-key.yml": (16, "keys must be plain text"),
    "python-tag.yml": (9, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "quote-is-a-list.yml": (9, "'quote' must be text, not a list"),
    "quote-is-null.yml": (9, "'quote' must be text, not empty"),
    "scalar-only.yml": (1, "the file must be a mapping of keys and values (key: value lines), not text"),
    "tab-indent.yml": (9, "indent YAML with spaces, not tabs"),
    "too-many-takeaways.yml": (4, "'takeaways' needs 2 to 5 items, has 6"),
    "top-level-list.yml": (1, "not a list"),
    "two-documents.yml": (16, "only one YAML document is allowed per file"),
    "unclosed-bracket.yml": (5, "did not find expected ',' or ']'"),
    "unclosed-quote.yml": (9, "found unexpected end of stream"),
    "utf16.yml": (1, "file is UTF-16; save it as UTF-8"),
    "verdict-is-a-number.yml": (11, "unknown verdict '5'"),
}
LINE = re.compile(r"^annotations/s\.yml:(\d+):(\d+): (.+)$")


def test_corpus_is_complete() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gives_a_clear_message(repo, capsys, name: str) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", (CORPUS / name).read_bytes())
    assert main(["--root", str(repo.root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(LINE.match(l) for l in out), out
    line, fragment = EXPECTED[name]
    assert any(fragment in l and int(LINE.match(l)[1]) == line for l in out), out


def test_oversized_file_is_refused_before_parsing(repo, capsys) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", b"source: s\nheadline: " + b"x" * 1_200_000 + b"\n")
    assert main(["--root", str(repo.root), "check"]) == 1
    assert "annotations/s.yml:1:1: file is 1,200,021 bytes; the limit is 1,000,000" in capsys.readouterr().out


def test_command_line_never_prints_a_traceback(repo) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", (CORPUS / "alias-bomb.yml").read_bytes())
    run = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(repo.root), "check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert LINE.match(run.stdout.splitlines()[0])
