"""/annotations.jsonld: W3C Web Annotations that meet the model's MUSTs and re-anchor on what they target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import PUBLISHED, ann, make_project, mkdocs_build
from .webannotation_musts import collection_violations

SITE_URL = PUBLISHED
PAGE = """\
# Results

Since 2011, the **improvement rate** of patients has [reached 96%](https://example.org/x).

The improvement rate is high, say the doctors. The improvement rate is high.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export")
    project = make_project(root)
    project.source("clinic", PAGE, url="https://clinic.example/page", captured="2026-10-02")
    project.annotations("clinic", ann("rate", "reached 96%", verdict="unsupported")
                        + ann("high", "The improvement rate is high", extra="suffix: ', say'")
                        + ann("start", "Results", verdict=None), updated="2026-11-22")
    project.source("unrecorded", "# A page\n\nCells cure palsy.\n")
    project.annotations("unrecorded", ann("cure", "Cells cure palsy", verdict="inaccurate"))
    run = mkdocs_build(root, env={"FACTCHECK_SITE_URL": SITE_URL})
    assert run.returncode == 0, run.stderr
    return root / "site"


def export(site: Path) -> dict:
    return json.loads((site / "annotations.jsonld").read_text("utf-8"))


def items(site: Path) -> dict[str, dict]:
    return {i["id"].rstrip("/").rsplit("/", 1)[-1]: i for i in export(site)["first"]["items"]}


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def reanchor(site: Path, item: dict) -> tuple[int, int]:
    """Where the first target's selectors select in the resource it names; both selectors must agree."""
    target = item["target"][0]
    text = local(site, target["source"]["id"]).read_text("utf-8")
    quote, position = target["selector"]
    assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
    exact, prefix, suffix = quote["exact"], quote["prefix"], quote["suffix"]
    found = [s for s in range(len(text)) if text.startswith(exact, s)
             and text[:s].endswith(prefix) and text.startswith(suffix, s + len(exact))]
    assert found == [position["start"]], (item["id"], found)
    assert text[position["start"]:position["end"]] == exact
    return position["start"], position["end"]


def test_the_export_meets_every_must_of_the_web_annotation_model(built: Path) -> None:
    data = export(built)
    assert data["total"] == 4
    assert collection_violations(data) == []


def test_created_and_modified_are_date_times_with_a_time_zone(built: Path) -> None:
    rate = items(built)["rate"]
    assert (rate["created"], rate["modified"]) == ("2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z")


def test_selectors_re_anchor_on_the_published_text_of_the_source(built: Path) -> None:
    found = items(built)
    text = (built / "sources" / "clinic" / "text.txt").read_text("utf-8")
    for aid, quote in (("rate", "reached 96%"), ("high", "The improvement rate is high"), ("start", "Results")):
        start, end = reanchor(built, found[aid])
        assert text[start:end] == quote
    assert reanchor(built, found["high"])[0] == text.index("The improvement rate is high, say")
    assert found["start"]["target"][0]["selector"][0]["prefix"] == ""  # at the very start of the text
    source = found["rate"]["target"][0]["source"]
    assert source == {"id": SITE_URL + "sources/clinic/text.txt", "type": "Text", "format": "text/plain",
                      "language": "en"}


def test_the_clinic_address_is_a_second_target_read_as_on_the_day_we_archived_it(built: Path) -> None:
    found = items(built)
    first, clinic = found["rate"]["target"]
    assert clinic["source"] == "https://clinic.example/page"
    assert clinic["selector"] == first["selector"][0]  # the same quote, with its context
    assert clinic["state"] == {"type": "TimeState", "cached": SITE_URL + "sources/clinic/text.txt",
                               "sourceDateStart": "2026-10-02T00:00:00Z", "sourceDateEnd": "2026-10-02T23:59:59Z"}
    assert len(found["cure"]["target"]) == 1  # no address recorded: only our copy


def test_every_source_text_is_published_even_without_a_fact_check(built: Path) -> None:
    assert (built / "sources" / "unrecorded" / "text.txt").read_text("utf-8") == "A page\nCells cure palsy."


def test_the_checks_find_what_the_model_forbids(built: Path) -> None:
    """The MUST checks can fail: each fault of the export before this issue is found."""
    data = export(built)
    item = data["first"]["items"][0]
    faults = {
        "created": {**item, "created": "2026-11-21"},
        "modified": {**item, "modified": "2026-11-21"},
        "id": {**item, "id": "claims/x/"},
        "selector": {**item, "target": {"source": SITE_URL, "selector": {"type": "TextQuoteSelector"}}},
        "position": {**item, "target": {"source": SITE_URL, "selector": {"type": "TextPositionSelector", "start": -1,
                                                                         "end": 2}}},
        "state": {**item, "target": {"source": SITE_URL, "state": {"type": "TimeState", "sourceDate": "2026-11-21"}}},
        "target": {k: v for k, v in item.items() if k != "target"},
        "purpose": {**item, "body": {"id": SITE_URL, "purpose": "linking"}},
    }
    for name, bad in faults.items():
        broken = {**data, "first": {**data["first"], "items": [bad]}}
        assert collection_violations(broken), name
    assert collection_violations({**data, "total": -1})
