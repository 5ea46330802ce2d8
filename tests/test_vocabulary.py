"""Each vocabulary has one source; everything that repeats it is held to it here."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace as NS

import pytest

from factcheck.export import claim_review
from factcheck.pagecontract import CARD_ATTR, MARK_ATTR, id_collisions, passage_id
from factcheck.starter import starter
from factcheck.verdicts import NOTE, SCALE

from .conftest import ROOT

CSS = (ROOT / "docs" / "assets" / "factcheck.css").read_text("utf-8")


def test_the_schema_accepts_exactly_the_verdict_scale_in_its_order() -> None:
    schema = json.loads((ROOT / "factcheck" / "schemas" / "annotations.schema.json").read_text("utf-8"))
    assert schema["$defs"]["verdict"]["enum"] == [v.id for v in SCALE]


def test_every_verdict_has_a_colour_and_the_css_names_no_other() -> None:
    ids = {v.id for v in (*SCALE, NOTE)}
    assert set(re.findall(r"\.fc-v-([a-z-]+)", CSS)) == ids
    for vid in ids:
        for var in (f"--fc-{vid}", f"--fc-{vid}-tint"):
            assert re.search(rf"{var}:\s*#[0-9a-f]{{6}};", CSS), var
        rule = re.search(rf"\.fc-v-{vid}\s*{{([^}}]*)}}", CSS)
        assert rule, vid
        assert f"var(--fc-{vid})" in rule.group(1) and f"var(--fc-{vid}-tint)" in rule.group(1)


def test_the_starter_file_lists_the_scale() -> None:
    assert "  # accurate, needs-context, misleading, unsupported or inaccurate" in starter("s")
    assert all(v.id in starter("s") for v in SCALE)


def test_claim_review_rating_bounds_come_from_the_scale() -> None:
    source = NS(publisher="Clinic", url=None, appearances=[], title="Page", published=None)
    entry = NS(source=source, fc=NS(published="2026-11-21", updated=None, modified=None), ann=NS(claim="A claim", claim_short=None),
               v=SCALE[0], quote="q")
    rating = claim_review(entry, "https://x/c/", "https://x/s/", "Site", "https://x/")["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (SCALE[0].rating, SCALE[-1].rating)


def test_annotation_ids_that_the_source_page_already_uses_collide() -> None:
    found = id_collisions(["summary-title", "rate", "rate-claim", "takeaways", "other-claim", "fine"])
    assert set(found) == {"summary-title", "rate-claim", "takeaways"}
    assert "'rate'" in found["rate-claim"]


@pytest.mark.parametrize("name", ["factcheck.js", "margin-notes.js"])
def test_the_scripts_use_the_page_contract(name: str) -> None:
    script = (ROOT / "docs" / "assets" / name).read_text("utf-8")
    assert f'"{passage_id("")}"' in script
    assert all(attr in script for attr in (CARD_ATTR, MARK_ATTR))
