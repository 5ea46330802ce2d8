"""The published fact-checks: coverage that a later change must not silently drop."""

from __future__ import annotations

import pytest

from factcheck.check import check
from factcheck.verdicts import BY_ID

from .conftest import ROOT

MINIMUM = {"pap-hospital-sci": 6, "ct-guided-sci-programme": 6, "pap-hospital-cp": 6,
           "puhua-steven-sci": 6, "medigence-gaia-sci": 12}
# what a patient would act on (issue: "Fact-check the five archived pages")
KINDS = {"statistics", "regulation", "efficacy", "permanence", "safety", "mechanism", "testimonial",
         "contradiction"}


@pytest.fixture(scope="module")
def checked():
    result = check(ROOT)
    assert result.problems == [], result.problems
    return result


@pytest.mark.parametrize("sid", MINIMUM)
def test_each_source_is_fact_checked_with_enough_annotations(checked, sid: str) -> None:
    fc = checked.repo.factchecks[sid]
    assert len(fc.annotations) >= MINIMUM[sid]
    assert len(checked.anchors[sid]) == len(fc.annotations)  # every one anchored
    assert fc.verdict in BY_ID and fc.headline.strip() and 2 <= len(fc.takeaways) <= 5


@pytest.mark.parametrize("sid", MINIMUM)
def test_every_rated_annotation_cites_and_quotes_its_evidence(checked, sid: str) -> None:
    for ann in checked.repo.factchecks[sid].annotations:
        if ann.verdict is None:
            continue
        assert ann.verdict in BY_ID, ann.id
        assert ann.claim, ann.id
        assert ann.citations, ann.id
        assert any(c.quote and c.quote.strip() for c in ann.citations), f"{sid}/{ann.id}: no quoted passage"
        assert all(c.url.startswith(("https://", "http://")) for c in ann.citations)


@pytest.mark.parametrize("sid", MINIMUM)
def test_each_check_also_says_what_is_right(checked, sid: str) -> None:
    verdicts = {a.verdict for a in checked.repo.factchecks[sid].annotations}
    assert verdicts & {"accurate", "needs-context"}, sid


def test_the_checks_cover_what_a_patient_would_act_on(checked) -> None:
    tags = {t for fc in checked.repo.factchecks.values() for a in fc.annotations for t in a.tags}
    assert KINDS <= tags, KINDS - tags
    verdicts = {a.verdict for fc in checked.repo.factchecks.values() for a in fc.annotations}
    assert set(BY_ID) <= verdicts  # the whole scale is in use, not only the bad end
