"""Awkward characters in archived pages: how each is matched and how it is shown.

The rules are documented in CONTRIBUTING.md ("How text is matched and shown").
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from factcheck.anchor import Anchor, anchor_annotation
from factcheck.model import Annotation
from factcheck.sourcetext import parse_source

from .conftest import ann, make_project, mkdocs_build

CASES = [
    # (page text, quote as a contributor types it, the page characters the highlight must cover)
    ("Zero\u200bwidth space", "Zerowidth space", "Zero\u200bwidth space"),
    ("a soft\u00adhyphenated word", "softhyphenated", "soft\u00adhyphenated"),
    ("\u200fright-to-left mark", "right-to-left mark", "right-to-left mark"),
    ("emoji\u200djoiner", "emojijoiner", "emoji\u200djoiner"),
    ("decomposed cafe\u0301 here", "decomposed café here", "decomposed cafe\u0301 here"),
    ("precomposed café here", "precomposed cafe\u0301 here", "precomposed café here"),
    ("the \ufb01rst clinic", "the first clinic", "the \ufb01rst clinic"),
    ("approved by the \uff26\uff24\uff21", "approved by the FDA", "approved by the \uff26\uff24\uff21"),
    ("results \U0001f389 guaranteed", "results \U0001f389 guaranteed", "results \U0001f389 guaranteed"),
    ("family \U0001f468\u200d\U0001f469\u200d\U0001f467 offer", "family \U0001f468\U0001f469\U0001f467 offer",
     "family \U0001f468\u200d\U0001f469\u200d\U0001f467 offer"),
    ("it\u2019s \u201csafe\u201d \u2013 really", "it's \"safe\" - really", "it\u2019s \u201csafe\u201d \u2013 really"),
    ("Buy <script>alert(1)</script> now", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<b onclick=steal()>bold</b> claim", "<b onclick=steal()>bold</b> claim", "<b onclick=steal()>bold</b> claim"),
]


@pytest.mark.parametrize("page, quote, covered", CASES, ids=[c[1][:24] for c in CASES])
def test_awkward_characters_match_and_highlight_exactly(page: str, quote: str, covered: str) -> None:
    text = parse_source(f"# P\n\n{page}\n")
    result = anchor_annotation(Annotation(id="a", quote=quote, comment="c"), text)
    assert isinstance(result, Anchor), result
    assert text.text[result.start:result.end] == covered


def test_case_and_digits_still_have_to_match() -> None:
    text = parse_source("# P\n\nApproved by the FDA in 2014.\n")
    assert not isinstance(anchor_annotation(Annotation(id="a", quote="approved by the fda", comment="c"), text), Anchor)
    assert not isinstance(anchor_annotation(Annotation(id="a", quote="in 2015", comment="c"), text), Anchor)


def test_awkward_text_is_shown_as_the_page_had_it_and_html_never_runs(tmp_path) -> None:
    project = make_project(tmp_path)
    page = "# Offer\n\n" + "\n\n".join(c[0] for c in CASES) + "\n"
    project.source("s", page)
    project.annotations("s", "".join(ann(f"q{i}", c[1], verdict=None) for i, c in enumerate(CASES)))
    run = mkdocs_build(tmp_path)
    assert run.returncode == 0, run.stderr
    soup = BeautifulSoup((tmp_path / "site" / "sources" / "s" / "index.html").read_text("utf-8"), "html.parser")
    body = soup.select_one(".fc-source-text")
    text = body.get_text()
    for original, _, covered in CASES:
        assert covered in text  # the page's own characters, invisible ones included
    assert not body.select("script, b[onclick], [onclick]")
    for i, (_, _, covered) in enumerate(CASES):
        marked = "".join(m.get_text() for m in body.select(f'mark[data-annotation="q{i}"]'))
        assert marked == covered
