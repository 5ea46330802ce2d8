"""The archived text as HTML: never split by our layout, each card right after its passage's block."""

from __future__ import annotations

from bs4 import BeautifulSoup

from factcheck.anchor import Anchor, anchor_annotation
from factcheck.markdown import parser
from factcheck.model import Annotation
from factcheck.render_source import render_source
from factcheck.sourcetext import parse_source

PAGE = """# Our clinic

Have you heard of it? In a study by WHO, between 250,000 and 500,000 people suffer a spinal cord injury. \
Most are due to road traffic crashes.

## Results

3. First we collect the cells.
4. Then we inject **96% of patients improve** within weeks.
5. Finally they go home.

- A tight item that is checked
  - with a nested item after it
- Another item

> A quoted testimonial says it cured me.

Please contact us straight away!
"""

QUOTES = {"who": "between 250,000 and 500,000 people", "crashes": "Most are due to road traffic crashes",
          "improve": "96% of patients improve", "tight": "tight item that is checked", "cured": "it cured me",
          "across": "Finally they go home.\n\nA tight item"}


def render(quotes: dict[str, str] = QUOTES) -> BeautifulSoup:
    return render_page(PAGE, quotes)


def render_page(page: str, quotes: dict[str, str]) -> BeautifulSoup:
    text = parse_source(page)
    anchors = []
    for aid, quote in quotes.items():
        found = anchor_annotation(Annotation(id=aid, quote=quote, comment="c"), text)
        assert isinstance(found, Anchor), found
        anchors.append(found)
    cards = {a.id: f'<article data-annotation-card="{a.id}" id="{a.id}">card</article>' for a in anchors}
    return BeautifulSoup(render_source(text, anchors, cards, {a.id: "misleading" for a in anchors}), "html.parser")


def test_paragraphs_lists_and_their_numbering_are_never_split() -> None:
    soup = render()
    expected = [t.type for t in parser().parse(PAGE) if t.nesting == 1 and not t.hidden]
    got = [el.name for el in soup.find_all(True) if el.name in ("p", "ol", "ul", "li", "blockquote", "h3", "h4")
           and not el.find_parent("article")]
    assert got.count("p") == expected.count("paragraph_open")
    assert got.count("ol") == 1 and got.count("li") == expected.count("list_item_open")
    assert soup.select_one("ol")["start"] == "3" and not soup.select("[start='4'], [start='5']")
    first = soup.select_one("p")
    assert first.get_text().startswith("Have you heard of it?") and first.get_text().endswith("crashes.")


def test_each_card_follows_the_block_where_its_passage_ends() -> None:
    soup = render()
    follows = {"who": "p", "crashes": "p", "cured": "p"}
    for aid, tag in follows.items():
        card = soup.select_one(f'[data-annotation-card="{aid}"]')
        block = soup.select_one(f'mark[data-annotation="{aid}"]').find_parent(tag)
        between = card.find_previous_sibling(lambda el: not el.has_attr("data-annotation-card"))
        assert between is block, aid
    # in a list: inside its item, so the list stays one list; before a nested list
    improve = soup.select_one('[data-annotation-card="improve"]')
    assert improve.parent.name == "li" and "96%" in improve.parent.get_text()
    tight = soup.select_one('[data-annotation-card="tight"]')
    assert tight.parent.name == "li" and tight.find_next_sibling("ul") is not None
    # a passage over two blocks: its card follows the block where it ends
    across = soup.select_one('[data-annotation-card="across"]')
    assert across.find_parent("ul") is not None
    # cards of passages in one paragraph keep the passages' order
    order = [c["data-annotation-card"] for c in soup.select("[data-annotation-card]")]
    assert order.index("who") < order.index("crashes")


def test_clinic_headings_sit_under_ours_and_passages_point_to_their_cards() -> None:
    soup = render()
    assert [h.name for h in soup.find_all(["h1", "h2", "h3", "h4"])] == ["h3", "h4"]
    for aid in QUOTES:
        first = soup.select_one(f"#__passage-{aid}")
        assert first["aria-details"] == aid and first["aria-describedby"] == f"__verdict-{aid}"
        others = soup.select(f'mark[data-annotation="{aid}"]')[1:]
        assert all(not m.has_attr("id") and not m.has_attr("aria-details") for m in others)


STEPS = """\
1. one with some words here
2. two has the claim we check
3. three words here and more
4. four has another claim here
5. five
"""


def items_of_the_clinics_lists(soup: BeautifulSoup) -> list[tuple[int, str]]:
    """(number a browser shows, text) of every item of every top-level ``ol`` of the clinic's text."""
    shown = []
    for ol in soup.find_all("ol", recursive=False):
        for number, li in enumerate(ol.find_all("li", recursive=False), start=int(ol.get("start", 1))):
            shown.append((number, "".join(li.find_all(string=True, recursive=False)) or li.get_text(" ", strip=True)))
    return shown


def test_an_ordered_list_with_checked_items_keeps_its_numbers() -> None:  # issue 17 (b), now by construction
    soup = render_page(STEPS, {"a": "the claim we check", "b": "another claim"})
    assert len(soup.find_all("ol", recursive=False)) == 1
    assert [n for n, _ in items_of_the_clinics_lists(soup)] == [1, 2, 3, 4, 5]
    page = ("3. first step, which is long enough to need its own sentence. It says that the cells repair the "
            "spine in a way that is measured and lasting.\n4. second step\n5. third step\n")
    items = items_of_the_clinics_lists(render_page(page, {"a": "the cells repair the spine"}))
    assert [n for n, _ in items] == [3, 4, 5]
    assert not render_page(page, {"a": "the cells repair the spine"}).select(".fc-cont, .fc-row")
