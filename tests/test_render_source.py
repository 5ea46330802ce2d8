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


PARAGRAPHS = "p, div.fc-p"  # a paragraph with a card between two of its sentences is a div.fc-p


def own_text(block) -> str:
    """The clinic's text of a block, without our cards and labels."""
    copy = BeautifulSoup(str(block), "html.parser")
    for ours in copy.select("[data-annotation-card], .fc-goes-on"):
        ours.decompose()
    return copy.get_text()


def around(card) -> tuple[str, str]:
    """The clinic's text of the card's paragraph before and after the card."""
    para = card.find_parent("div", class_="fc-p")
    before, after = str(para).split(str(card), 1)
    return own_text(BeautifulSoup(before, "html.parser")), own_text(BeautifulSoup(after, "html.parser"))


def test_paragraphs_lists_and_their_numbering_are_never_split() -> None:
    soup = render()
    expected = [t for t in parser().parse(PAGE) if t.type == "paragraph_open" and not t.hidden]
    paragraphs = [el for el in soup.select(PARAGRAPHS) if not el.find_parent("article")]
    assert len(paragraphs) == len(expected)
    assert soup.select("div.fc-p") and all(d["role"] == "paragraph" for d in soup.select("div.fc-p"))
    assert own_text(paragraphs[0]) == ("Have you heard of it? In a study by WHO, between 250,000 and 500,000 people "
                                       "suffer a spinal cord injury. Most are due to road traffic crashes.")
    got = [el.name for el in soup.find_all(["ol", "ul", "li"])]
    assert got.count("ol") == 1 and got.count("li") == sum(t.type == "list_item_open" for t in parser().parse(PAGE))
    assert soup.select_one("ol")["start"] == "3" and not soup.select("[start='4'], [start='5']")


def test_a_card_goes_right_after_the_sentence_where_its_passage_ends() -> None:
    soup = render()
    before, after = around(soup.select_one('[data-annotation-card="who"]'))
    assert before.endswith("suffer a spinal cord injury.") and after.strip().startswith("Most are due")
    assert soup.select_one('[data-annotation-card="who"]').find_next_sibling(class_="fc-goes-on") is not None
    # the last sentence: the card closes the paragraph
    assert around(soup.select_one('[data-annotation-card="crashes"]'))[1].strip() == ""
    # in a list: inside its item, so the list stays one list; before a nested list
    improve = soup.select_one('[data-annotation-card="improve"]')
    assert improve.parent.name == "li" and "96%" in improve.parent.get_text()
    tight = soup.select_one('[data-annotation-card="tight"]')
    assert tight.parent.name == "li" and tight.find_next_sibling("ul") is not None
    # a passage over two blocks: its card follows the block where it ends
    across = soup.select_one('[data-annotation-card="across"]')
    assert across.find_parent("ul") is not None
    # in a quotation whose sentence ends it: after the paragraph, which stays a <p>
    cured = soup.select_one('[data-annotation-card="cured"]')
    assert cured.find_previous_sibling().name == "p" and cured.parent.name == "blockquote"
    order = [c["data-annotation-card"] for c in soup.select("[data-annotation-card]")]
    assert order.index("who") < order.index("crashes")


LONG = ("It is the first center at home and abroad, which went through WHO registration, obtained the FDA "
        "approval and had a laboratory with GMP certification. Our cells **repair the spine in weeks. Really** "
        "they do, e.g. the nerves grow. Then the patient walks. A [claim is made here. And](https://x.example/) "
        "the text goes on for long enough that the paragraph does not end soon after any of these sentences.\n")


def test_no_card_waits_behind_another_passage_and_none_splits_a_word_or_an_inline_element() -> None:
    soup = render_page(LONG, {"first": "first center", "who": "WHO registration", "fda": "the FDA approval",
                              "gmp": "GMP certification", "spine": "repair the spine", "they": "they do",
                              "claim": "claim is made"})
    assert own_text(soup) == parse_source(LONG).text  # every character, in order, once
    # several passages in one sentence: each card after its own passage's clause, the last after the sentence
    assert around(soup.select_one("#first"))[0].endswith("the first center at home and abroad,")
    assert around(soup.select_one("#who"))[0].endswith("WHO registration,")
    assert around(soup.select_one("#fda"))[0].endswith("obtained the FDA approval")
    assert around(soup.select_one("#gmp"))[0].endswith("GMP certification.")
    # a sentence ending inside bold or a link: the element is closed around the card and reopened
    assert around(soup.select_one("#spine"))[0].endswith("in weeks.")
    assert around(soup.select_one("#claim"))[0].endswith("A claim is made here.")
    assert [s.get_text() for s in soup.select("strong")] == ["repair the spine in weeks.", " Really"]
    assert [a["href"] for a in soup.select("a")] == ["https://x.example/"] * 2
    assert all(not card.find_parent(["strong", "a", "mark", "p"]) for card in soup.select("article"))
    # "e.g. the" does not end a sentence
    assert around(soup.select_one("#they"))[0].endswith("e.g. the nerves grow.")


def test_clinic_headings_sit_under_ours_and_passages_point_to_their_cards() -> None:
    soup = render()
    assert [h.name for h in soup.find_all(["h1", "h2", "h3", "h4"])] == ["h3", "h4"]
    for aid in QUOTES:
        first = soup.select_one(f"#__passage-{aid}")
        assert first["aria-details"] == aid and first["aria-describedby"] == f"__verdict-{aid}"
        others = soup.select(f'mark[data-annotation="{aid}"]')[1:]
        assert all(not m.has_attr("id") and not m.has_attr("aria-details") for m in others)
    reopened = render_page(LONG, {"long": "which went through WHO registration, obtained the FDA", "fda": "WHO"})
    assert len(reopened.select('mark[data-annotation="long"]')) == 2  # a mark around the "fda" card is cut there
    assert len(reopened.select("#__passage-long")) == 1


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
