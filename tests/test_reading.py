"""Reading a source page in Chromium: the clinic's text whole, cards beside or after their passages, two voices, keyboard.

Measured on the five real sources at 1280, 960 and 390 px: the largest blank gap
under a passage, each card's offset from its passage, overlaps between cards.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .browser import Watch, require_chromium
from .conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
WIDE, MEDIUM, NARROW = 1280, 960, 390
MARGIN_FROM = 960  # px: at this width and wider the cards sit in a margin beside the text
LEVEL = 40  # px: a card that has room sits this close to its passage's first line
STACK = 24  # px: a card pushed down by the one before sits at most this far below it
MAX_GAP = 90  # px: the most blank space under a passage (a heading's margin, about two lines)
# the last sentence of a passage and the rest of it, up to its stop (or, where another passage ends later in
# the same sentence, its clause's comma or dash): no full stop (or ! ? …) followed by a space but the last
SENTENCE_REST = re.compile(r"(?:[^.!?…]|[.!?…]+(?!\s))*[.!?…,;:–—][\"'”’)\]]*\s*")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def stands_after_its_sentence(c: dict) -> bool:
    """A card inside a paragraph stands after the sentence of its passage, or its clause where another
    passage ends later in that sentence (its card comes next, before any sentence ends), or closes it."""
    if c["closes"]:
        return True
    if SENTENCE_REST.fullmatch(re.split(r"(?<=[.!?…])\s+", c["passage"])[-1] + c["between"]):
        return True
    return not c["between"].strip() and c["toNext"] is not None and not SENTENCE_END.search(c["toNext"])

require_chromium()

SOURCES = sorted(p.stem for p in (ROOT / "annotations").glob("*.yml"))

MEASURE = """() => {
  const box = document.querySelector('.fc-source-text');
  const abs = r => ({top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right});
  const isCard = n => n.parentElement.closest('[data-annotation-card]');
  const lines = [];  // every line box of the clinic's text (not of our cards)
  const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.data.trim() || isCard(n)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.height > 0) lines.push(abs(r));
  }
  lines.sort((a, b) => a.top - b.top);
  const BLOCK = 'p, .fc-p, li, h3, h4, h5, h6, pre, blockquote';
  const clinicWords = range => {  // the clinic's text in a range, without our cards and labels
    const words = range.cloneContents();
    words.querySelectorAll('[data-annotation-card], .fc-goes-on').forEach(e => e.remove());
    return words.textContent;
  };
  return [...box.querySelectorAll('[data-annotation-card]')].map(card => {
    const id = card.dataset.annotationCard;
    const marks = [...box.querySelectorAll('mark[data-annotation="' + CSS.escape(id) + '"]')];
    const first = marks[0].getClientRects()[0];
    const lastRects = marks[marks.length - 1].getClientRects();
    const bottom = lastRects[lastRects.length - 1].bottom + scrollY;
    const next = lines.find(l => l.top >= bottom - 1);
    const block = marks[marks.length - 1].closest(BLOCK);
    let before = card.previousElementSibling;
    while (before && before.matches('[data-annotation-card]')) before = before.previousElementSibling;
    // in a paragraph: the clinic's words between the passage and its card, and the line where they end
    const between = document.createRange();
    between.setStartAfter(marks[marks.length - 1]);
    between.setEndBefore(card);
    const rects = [...between.getClientRects()].filter(r => r.height > 0 && r.left < box.getBoundingClientRect().right);
    const inside = block.contains(card);
    const rest = document.createRange();  // the clinic's words after the card, in its paragraph
    rest.setStartAfter(card);
    rest.setEnd(block, block.childNodes.length);
    let toNext = null;  // the clinic's words from the card to the next card in the same paragraph
    const nextCard = [...block.querySelectorAll('[data-annotation-card]')].find(
      c => card.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (inside && nextCard) {
      const span = document.createRange();
      span.setStartAfter(card);
      span.setEndBefore(nextCard);
      toNext = clinicWords(span);
    }
    return {id, card: abs(card.getBoundingClientRect()), top: first.top + scrollY, bottom,
            gap: next ? next.top - bottom : 0, text: abs(box.getBoundingClientRect()),
            stop: inside ? (rects.length ? rects[rects.length - 1].bottom + scrollY : bottom)
                         : abs(block.getBoundingClientRect()).bottom,
            inside, passage: marks[marks.length - 1].textContent, between: inside ? clinicWords(between) : null, toNext, closes: inside && !clinicWords(rest).trim(),
            followsBlock: before === block || inside};
  });
}"""


def overlaps(a: dict, b: dict) -> bool:
    return a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5 and a["left"] < b["right"] and b["left"] < a["right"]


def measure(browser, base: str, sid: str, width: int, javascript: bool = True) -> list[dict]:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    watch = Watch(page)
    page.goto(base + f"sources/{sid}/")
    page.wait_for_timeout(100)  # margin-notes.js lays the cards out on the next frame
    found = page.evaluate(MEASURE)
    if javascript:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"sources-{sid}-{width}.png"), full_page=True)
    assert watch.errors == [] and watch.foreign == [], (watch.errors, watch.foreign)
    context.close()
    return found


def check_no_overlap(sid: str, width: int, cards: list[dict]) -> None:
    for i, a in enumerate(cards):
        for b in cards[i + 1:]:
            assert not overlaps(a["card"], b["card"]), (sid, width, a["id"], b["id"])


@pytest.mark.parametrize("width", [WIDE, MEDIUM, NARROW])
@pytest.mark.parametrize("sid", SOURCES)
def test_cards_sit_by_their_passages_and_the_text_has_no_holes(browser, base, sid: str, width: int) -> None:
    found = measure(browser, base, sid, width)
    assert found, sid
    check_no_overlap(sid, width, found)
    for c in found:
        assert c["followsBlock"], (sid, c["id"])  # in the reading order, right after its passage's block...
        if c["inside"]:  # ...or in a paragraph, right after its passage's sentence
            assert stands_after_its_sentence(c), (sid, c["id"], c["passage"], c["between"])
    if width < MARGIN_FROM:  # each card follows its passage, inside the text column
        for c in found:
            assert c["card"]["top"] >= c["bottom"] - 1, (sid, width, c["id"])
            assert c["card"]["left"] >= c["text"]["left"] and c["card"]["right"] <= c["text"]["right"], c["id"]
        return
    worst = max(c["gap"] for c in found)
    assert worst <= MAX_GAP, (sid, width, worst)
    previous = None
    for c in sorted(found, key=lambda c: (c["top"], c["card"]["top"])):
        assert c["card"]["left"] >= c["text"]["right"], (sid, width, c["id"])  # in the margin, not over the text
        offset = c["card"]["top"] - c["top"]
        if abs(offset) > LEVEL:  # no room: stacked right under the card before it
            assert offset > 0 and previous is not None, (sid, width, c["id"], offset)
            assert c["card"]["top"] - previous["card"]["bottom"] <= STACK, (sid, width, c["id"])
        previous = c


@pytest.mark.parametrize("sid", SOURCES)
def test_without_javascript_cards_sit_beside_or_right_after_their_passages(browser, base, sid: str) -> None:
    found = measure(browser, base, sid, WIDE, javascript=False)
    check_no_overlap(sid, WIDE, found)
    assert max(c["gap"] for c in found) <= MAX_GAP, sid  # the text is the same whole text
    cards = sorted(found, key=lambda c: c["card"]["top"])
    for i, c in enumerate(cards):
        assert c["card"]["left"] >= c["text"]["right"], c["id"]
        assert c["card"]["top"] >= c["top"] - LEVEL, c["id"]  # never above its passage
        right_after = abs(c["card"]["top"] - c["stop"]) <= LEVEL  # level with the line where it stands
        stacked = i > 0 and c["card"]["top"] - cards[i - 1]["card"]["bottom"] <= STACK
        assert right_after or stacked, (sid, c["id"])


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_the_clinics_text_is_labelled_as_the_clinics_where_it_starts_and_ends(browser, base, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + f"sources/{SOURCES[0]}/")
    start, end = page.locator("#__archived"), page.locator("#__archived-end")
    for label in (start, end):
        label.scroll_into_view_if_needed()
        assert label.is_visible()
        assert "clinic" in label.inner_text().lower()
    outline = page.evaluate("""() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => (
        {level: +h.tagName[1], clinic: !!h.closest('.fc-source-text'), id: h.id}))""")
    opening = [h["id"] for h in outline].index("__archived")
    assert outline[opening]["level"] == 2 and not outline[opening]["clinic"]
    clinic = [i for i, h in enumerate(outline) if h["clinic"]]
    assert clinic and all(i > opening and outline[i]["level"] > 2 for i in clinic)  # all under our label
    # our cards say they are ours, in words, on every width
    labels = page.locator("[data-annotation-card] .fc-card-kicker")
    assert labels.count() == page.locator("[data-annotation-card]").count()
    assert labels.first.inner_text().startswith("Our check")
    page.close()


def test_each_passage_names_its_verdict_and_points_to_its_card(browser, base) -> None:
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    page.goto(base + f"sources/{SOURCES[0]}/")
    passages = page.evaluate("""() => [...document.querySelectorAll('mark[id^="__passage-"]')].map(m => ({
        id: m.dataset.annotation, details: m.getAttribute('aria-details'),
        described: (document.getElementById(m.getAttribute('aria-describedby')) || {}).textContent || '',
        verdict: document.querySelector('[data-annotation-card="' + m.dataset.annotation + '"] .fc-badge').textContent}))""")
    assert passages
    for p in passages:
        assert p["details"] == p["id"], p
        assert p["verdict"].strip() in p["described"] and "Our check" in p["described"], p
    page.close()


TAB_WALK = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  return {want: el.dataset.fcWant === undefined ? null : +el.dataset.fcWant, tag: el.tagName, cls: el.className || '', id: el.id,
          passage: el.matches('mark[id^="__passage-"]') ? el.dataset.annotation : null,
          inContent: !!el.closest('.md-content'), left: r.left, right: r.right, width: r.width};
}"""
CONTROLS = """() => {
  return [...document.querySelectorAll(
    'mark[id^="__passage-"], [data-annotation-card] a[href], [data-annotation-card] button:not([hidden]), [data-annotation-card] summary')]
    .filter(e => e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})).map((e, i) => { e.dataset.fcWant = i; return i; });
}"""


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_tab_reaches_every_passage_and_card_control_in_reading_order(browser, base, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    sid = min(SOURCES, key=lambda s: (ROOT / "annotations" / f"{s}.yml").stat().st_size)  # the shortest walk
    page.goto(base + f"sources/{sid}/")
    wanted = set(page.evaluate(CONTROLS))
    assert wanted
    stops = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_WALK)
        if stop["tag"] == "BODY" or (stops and stop["tag"] == stops[0]["tag"] and stop["cls"] == stops[0]["cls"]):
            break
        stops.append(stop)
    first = stops[0]
    assert "md-skip" in first["cls"] and first["left"] >= 0, first  # a visible skip link comes first
    before_content = stops[:next(i for i, s in enumerate(stops) if s["inContent"])]
    off_screen = [s for s in before_content if s["width"] and (s["right"] <= 0 or s["left"] >= width)]
    assert off_screen == [], off_screen  # e.g. the closed navigation drawer
    reached = [s["want"] for s in stops if s["want"] is not None]
    assert set(reached) == wanted, sorted(wanted - set(reached))
    assert reached == sorted(reached)  # reading order: each passage, then its card's controls
    page.close()


def test_enter_on_a_passage_goes_to_its_card_and_back(browser, base) -> None:
    page = browser.new_page(viewport={"width": NARROW, "height": 800})
    page.goto(base + f"sources/{SOURCES[0]}/")
    passage = page.locator("mark[id^='__passage-']").nth(1)
    aid = passage.get_attribute("data-annotation")
    passage.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.annotationCard") == aid
    page.locator(f"#{aid} .fc-to-passage").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"__passage-{aid}"
    page.close()


def test_hovering_a_card_lights_up_its_passage(browser, base) -> None:
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    page.goto(base + f"sources/{SOURCES[0]}/")
    card = page.locator("[data-annotation-card]").nth(2)
    aid = card.get_attribute("data-annotation-card")
    card.hover()
    marks = page.locator(f'mark[data-annotation="{aid}"]')
    assert all("fc-hot" in marks.nth(i).get_attribute("class") for i in range(marks.count()))
    assert page.locator("mark.fc-hot").count() == marks.count()
    page.close()


def test_when_the_checks_outrun_the_text_cards_go_compact_and_open_in_place(browser, base) -> None:
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    page.goto(base + "sources/pap-hospital-cp/")  # 14 checks beside a short page
    page.wait_for_timeout(100)
    assert page.locator(".fc-source-text.fc-compact").count() == 1
    card = page.locator("[data-annotation-card]").nth(1)
    assert not card.locator(".fc-comment").is_visible()
    toggle = card.locator("button.fc-card-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.wait_for_timeout(100)
    assert toggle.get_attribute("aria-expanded") == "true" and card.locator(".fc-comment").is_visible()
    found = page.evaluate(MEASURE)
    check_no_overlap("pap-hospital-cp", WIDE, found)  # the cards below made room
    # a passage's Enter opens its card in full
    passage = page.locator("mark[id^='__passage-']").nth(4)
    aid = passage.get_attribute("data-annotation")
    passage.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"#{aid} .fc-comment").is_visible()
    page.close()
