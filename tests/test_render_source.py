"""The archived text cut into rows: what a reader sees must be the page as it was published."""

from __future__ import annotations

from bs4 import BeautifulSoup

from factcheck.anchor import Anchor, anchor_annotation
from factcheck.model import Annotation
from factcheck.render_source import render_source
from factcheck.sourcetext import parse_source


def rendered(page: str, quotes: dict[str, str]) -> BeautifulSoup:
    text = parse_source(page)
    anchors = []
    for aid, quote in quotes.items():
        anchor = anchor_annotation(Annotation(id=aid, quote=quote, comment="c"), text)
        assert isinstance(anchor, Anchor), anchor
        anchors.append(anchor)
    cards = {aid: f'<article id="{aid}">card</article>' for aid in quotes}
    return BeautifulSoup(render_source(text, anchors, cards, {}), "html.parser")


def numbered_items(html: BeautifulSoup) -> list[tuple[int, str]]:
    """(number shown, text) of every item of every top-level ``ol``, across rows, as a browser numbers them.

    A continued item (class ``fc-cont``) has no marker but still takes a number.
    """
    shown = []
    for ol in html.select(".fc-text > ol"):
        number = int(ol.get("start", 1))
        for li in ol.find_all("li", recursive=False):
            if "fc-cont" in (li.get("class") or []):
                shown[-1] = (shown[-1][0], shown[-1][1] + " " + li.get_text(" ", strip=True))
            else:
                shown.append((number, li.get_text(" ", strip=True)))
            number += 1
    return shown


STEPS = """\
1. one with some words here
2. two has the claim we check
3. three words here and more
4. four has another claim here
5. five
"""


def test_an_ordered_list_split_into_rows_keeps_its_numbers() -> None:
    html = rendered(STEPS, {"a": "the claim we check", "b": "another claim"})
    assert len(html.select(".fc-row")) >= 3  # the list really is split
    assert [n for n, _ in numbered_items(html)] == [1, 2, 3, 4, 5]
    assert [t.split()[0] for _, t in numbered_items(html)] == ["one", "two", "three", "four", "five"]


def test_a_list_item_split_inside_keeps_its_number_and_the_next_goes_on() -> None:
    page = ("3. first step, which is long enough to need its own sentence. It says that the cells repair the "
            "spine in a way that is measured and lasting. Then more words follow here to fill the item.\n"
            "4. second step\n5. third step\n")
    html = rendered(page, {"a": "the cells repair the spine"})
    items = numbered_items(html)
    assert [n for n, _ in items] == [3, 4, 5]
    assert items[0][1].startswith("first step") and items[0][1].endswith("fill the item.")


def test_continued_elements_are_marked_once() -> None:
    html = rendered(STEPS, {"a": "the claim we check", "b": "another claim"})
    for el in html.select(".fc-cont"):
        assert el["class"].count("fc-cont") == 1
