"""Engine settings in mkdocs.yml (extra.factcheck): one validation, the same message from the CLI and the build."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from factcheck.cli import main
from factcheck.linkcache import parse_age
from factcheck.linkstatus import STATUSES
from factcheck.problems import Problems
from factcheck.quotecheck import QUOTE_STATUSES
from factcheck.schema import schema
from factcheck.siteconfig import engine_settings

from .conftest import ROOT, ann, make_project, mkdocs_build

PAGE = "# A page\n\nOur treatment works for everyone.\n"


def bad_settings(tmp_path):
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("works", "Our treatment works", verdict=None))
    config = tmp_path / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "max_age: {ok: 7d," in text and "      threads: 10\n" in text
    text = text.replace("max_age: {ok: 7d,", "max_age: {ok: 7x,")
    text = text.replace("      threads: 10\n", "      threads: many\n")
    config.write_text(text, "utf-8")
    lines = text.splitlines()
    age = next(i for i, l in enumerate(lines, 1) if "max_age:" in l)
    threads = next(i for i, l in enumerate(lines, 1) if "threads: many" in l)
    return tmp_path, [
        f"mkdocs.yml:{age}:{lines[age - 1].index('ok: 7x') + 1}: bad age '7x' for 'ok': use a number of seconds, "
        "or a number with s, m, h, d or w (e.g. 7d)",
        f"mkdocs.yml:{threads}:7: 'threads' must be a whole number, not text",
    ]


def test_bad_link_settings_are_reported_by_factcheck_links_at_their_lines(tmp_path, capsys) -> None:
    root, expected = bad_settings(tmp_path)
    assert main(["--root", str(root), "links"]) == 1
    assert capsys.readouterr().out.splitlines() == expected


def test_bad_link_settings_fail_the_build_with_the_same_messages(tmp_path) -> None:
    root, expected = bad_settings(tmp_path)
    for env in ({}, {"FACTCHECK_LINKS": "on", "FACTCHECK_NETWORK": "off"}):
        run = mkdocs_build(root, env=env)
        assert run.returncode != 0
        assert "Traceback" not in run.stderr
        for line in expected:
            assert line in run.stderr
        assert not (root / "site" / "sources").exists()


def test_a_misspelled_setting_is_named_with_a_suggestion(tmp_path, capsys) -> None:
    root, _ = bad_settings(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("threads: many", "thread: 4"), "utf-8")
    assert main(["--root", str(root), "links"]) == 1
    assert "unknown key 'thread'; did you mean 'threads'?" in capsys.readouterr().out


AGES = ["7d", "12h", " 90m ", "30s", "2w", "1.5d", 0, 3600, 2.5, "7x", "d", "-1d", "7 days", "", -5, "1e3"]


@pytest.mark.parametrize("age", AGES, ids=repr)
def test_the_schema_accepts_exactly_the_ages_the_cache_understands(age) -> None:
    rule = schema("settings")
    valid = Draft202012Validator(rule).is_valid({"links": {"max_age": {"ok": age}}})
    try:
        understood = parse_age(age).total_seconds() >= 0
    except ValueError:
        understood = False
    assert valid == understood


def test_max_ages_are_set_per_link_status_and_per_quote_result() -> None:
    links = schema("settings")["properties"]["links"]["properties"]
    assert tuple(links["max_age"]["properties"]) == STATUSES
    assert tuple(links["quote_max_age"]["properties"]) == QUOTE_STATUSES


def test_the_repository_settings_are_valid() -> None:
    problems = Problems()
    settings = engine_settings(ROOT / "mkdocs.yml", problems)
    assert not problems, [str(p) for p in problems.items]
    assert settings["links"]["threads"] == 10 and settings["archive"]["file"] == "snapshots.yml"
