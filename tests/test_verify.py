"""The post-build check (factcheck.verify) on a site written in-process: it names every annotation not published.

tests/test_build_failures.py checks that the same check fails a real build through the hook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factcheck.verify import missing_annotations

from .conftest import RepoBuilder, ann, render_site

PAGE = "# P\n\nThe rate has reached 96%. Ask us today.\n"


@pytest.fixture
def site(tmp_path: Path):
    project = RepoBuilder(tmp_path / "repo")
    project.source("s", PAGE)
    project.source("t", "# T\n\nNothing checked here.\n")
    project.annotations("s", ann("rate", "reached 96%") + ann("ask", "Ask us today", verdict=None))
    project.source("u", "# U\n\nOne claim only.\n")
    # the message names the line of the id, wherever the id is in its annotation
    project.annotations("u", "- quote: One claim only\n  comment: A note.\n  id: only\n")
    site = tmp_path / "site"
    return site, render_site(project.root, site)


def test_a_complete_site_has_nothing_missing(site) -> None:
    assert missing_annotations(*site) == []


def test_a_missing_claim_page_is_named(site) -> None:
    out, renderer = site
    shutil.rmtree(out / "claims" / "s" / "ask")
    assert missing_annotations(out, renderer) == ["annotations/s.yml:18: annotation 'ask' has no claim page claims/s/ask/"]


@pytest.mark.parametrize("attribute", ["data-annotation-card", "data-annotation"])
def test_a_card_or_a_highlight_missing_from_the_source_page_is_named(site, attribute: str) -> None:
    out, renderer = site
    page = out / "sources" / "s" / "index.html"
    page.write_text(page.read_text("utf-8").replace(f'{attribute}="rate"', 'data-x="rate"'), "utf-8")
    assert missing_annotations(out, renderer) == [
        "annotations/s.yml:10: annotation 'rate' is missing from its source page sources/s/"]


def test_a_missing_source_page_names_each_of_its_annotations(site) -> None:
    out, renderer = site
    (out / "sources" / "s" / "index.html").unlink()
    assert missing_annotations(out, renderer) == [
        "annotations/s.yml:10: annotation 'rate' is missing from its source page sources/s/",
        "annotations/s.yml:18: annotation 'ask' is missing from its source page sources/s/"]


def test_an_annotation_missing_from_the_export_is_named(site) -> None:
    out, renderer = site
    export = out / "annotations.jsonld"
    data = json.loads(export.read_text("utf-8"))
    data["first"]["items"] = [i for i in data["first"]["items"] if not i["id"].endswith("/rate/")]
    export.write_text(json.dumps(data), "utf-8")
    assert missing_annotations(out, renderer) == ["annotations/s.yml:10: annotation 'rate' is missing from annotations.jsonld"]


@pytest.mark.parametrize("broken", ["", "not json", "[]", '{"first": {}}', '{"first": {"items": [1]}}'])
def test_an_unreadable_export_misses_every_annotation(site, broken: str) -> None:
    out, renderer = site
    (out / "annotations.jsonld").write_text(broken, "utf-8")
    assert [line.split(": ", 1)[1] for line in missing_annotations(out, renderer)] == [
        f"annotation '{aid}' is missing from annotations.jsonld" for aid in ("rate", "ask", "only")]


def test_no_export_at_all_misses_every_annotation(site) -> None:
    out, renderer = site
    (out / "annotations.jsonld").unlink()
    assert len(missing_annotations(out, renderer)) == 3


def test_a_message_names_the_line_of_the_annotations_id(site) -> None:
    out, renderer = site
    shutil.rmtree(out / "claims" / "u" / "only")
    assert missing_annotations(out, renderer) == ["annotations/u.yml:12: annotation 'only' has no claim page claims/u/only/"]


def test_a_missing_published_text_is_named_for_each_annotation(site) -> None:
    out, renderer = site
    (out / "sources" / "s" / "text.txt").unlink()  # what the export's selectors point into
    assert missing_annotations(out, renderer) == [
        "annotations/s.yml:10: annotation 'rate' is exported, but sources/s/text.txt was not published",
        "annotations/s.yml:18: annotation 'ask' is exported, but sources/s/text.txt was not published"]
