"""One normalisation for quotes and pages: each case found in the seed pages."""

import pytest

from factcheck.normalise import normalise, normalise_text


@pytest.mark.parametrize("original, plain", [
    ("Cerebral Palsy Treatment Status\u00a0and", "Cerebral Palsy Treatment Status and"),  # no-break space
    ("About \u00a0Us", "About Us"),  # a run of spaces with a no-break space
    ("People\u2019s Armed Police", "People's Armed Police"),  # right single quote as apostrophe
    ("\u2018Stem cell specialists\u2019", "'Stem cell specialists'"),
    ("a \u201cspinal cord injury\u201d (e.g. cancer)", 'a "spinal cord injury" (e.g. cancer)'),
    ("Step1\u2013 Send us", "Step1- Send us"),  # en dash
    ("cerebral palsy\u2014and most", "cerebral palsy-and most"),  # em dash
    ("this condition\u2026", "this condition..."),  # ellipsis (NFKC)
    ("line one\nline two", "line one line two"),
])
def test_seed_cases(original: str, plain: str) -> None:
    assert normalise_text(original) == plain
    assert normalise_text(plain) == plain  # both sides meet in the same form


def test_case_and_other_characters_still_matter() -> None:
    assert normalise_text("FDA") != normalise_text("fda")
    assert normalise_text("■Improved") == "■Improved"


def test_offsets_map_back_to_exact_original_characters() -> None:
    text = "x \u00a0 \u201cq\u201d\u2026 e\u0301!"
    n = normalise(text)
    assert n.text == 'x "q"... é!'
    # the normalised '"q"' covers the original typographic quotes exactly
    start = n.text.index('"q"')
    begin, end = n.original_span(start, start + 3)
    assert text[begin:end] == "\u201cq\u201d"
    # the three dots of the ellipsis all map to the one original character
    dots = n.text.index("...")
    assert n.original_span(dots, dots + 3) == (text.index("\u2026"), text.index("\u2026") + 1)
    # a precomposed letter matches a decomposed one and covers both code points
    e = n.text.index("é")
    assert text[slice(*n.original_span(e, e + 1))] == "e\u0301"


def test_invisible_format_characters_are_ignored() -> None:
    assert normalise_text("stem\u200b cells\u00ad\u200e") == "stem cells"
