"""The archived text as HTML: anchored passages in ``<mark>``, each card right after its passage's sentence.

The clinic's text is one unbroken flow, as published. A card goes where the
sentence holding its passage's end ends: in a paragraph, between that sentence
and the next, inside one block that reads as one paragraph (``<div
class="fc-p" role="paragraph">``: a ``<p>`` cannot hold a card); after a
heading, or inside a list item after its text, so lists keep their numbering.
That order is the reading order on phones, for screen readers and in print.
On wide screens the stylesheet floats each card into a margin beside the
line where it stands: a float does not break the line, so the paragraph reads
as published and no gap opens under a passage; ``margin-notes.js`` may then
lift each card level with its passage's first line.

The first piece of each passage's marks carries ``id="__passage-<id>"``,
``aria-details`` (its card) and ``aria-describedby`` (its card's verdict).
"""

from __future__ import annotations

import re
from html import escape

from markdown_it.token import Token

from .anchor import Anchor
from .markdown import safe_url
from .pagecontract import MARK_ATTR, passage_id, verdict_id
from .sourcetext import TEXT_BLOCKS, TEXT_INLINE, SourceText

GLYPHS = tuple("•■▪●◦‣⁃□▫◆◇►▶➢✓✔-–*·")
HEADING_SHIFT = 2  # our h1 is the page title and our h2 introduces the archived text
_VOID = {"br", "hr"}
# a sentence's end: its stop and any closing quotes or brackets, then a space and no lower-case letter ("e.g. the")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[^\sa-z]|\s*$)")
_CLAUSE_END = re.compile(r"[,;:–—][\"'”’)\]]*")  # a comma, semicolon, colon or dash, and closing quotes
_WORD_END = re.compile(r"\w*[\"'”’)\]]*")
SHORT_REST = 80  # characters: a paragraph that ends this soon after the sentence keeps its card after it
PARAGRAPH = ("div", ' class="fc-p" role="paragraph"')  # a paragraph with a card between two of its sentences
GOES_ON = '<span class="fc-goes-on">The clinic’s text goes on</span>'  # shown where the card breaks the line
_CLOSES = {"bullet_list_close": "ul", "ordered_list_close": "ol", "list_item_close": "li",
           "blockquote_close": "blockquote"}


def heading_tag(markdown_tag: str) -> str:
    """The tag a clinic heading gets under our own headings (``h1`` -> ``h3``)."""
    return f"h{min(int(markdown_tag[1]) + HEADING_SHIFT, 6)}"


class _Writer:
    """Emits HTML, placing each card after the sentence (or block) where its passage ends."""

    def __init__(self, anchors: list[Anchor], cards: dict[str, str], verdicts: dict[str, str],
                 inside: dict[str, int]):
        self.anchors = sorted(anchors, key=lambda a: (a.start, -a.end, a.id))
        self.cards, self.verdicts = cards, verdicts
        self.inside = inside  # annotation id -> the offset in a paragraph after which its card goes
        self.out: list[str] = []
        self.stack: list[str] = []
        self.opened: list[str] = []  # the open tags of ``stack``, with their attributes
        self.pos = 0  # visible offset just after the text written so far
        self.placed: set[str] = set()
        self.first_piece: set[str] = set()
        self.paragraph = -1  # depth of the open ``div.fc-p`` in ``stack``, or -1

    def open(self, tag: str, attrs: str = "") -> None:
        self.out.append(f"<{tag}{attrs}>")
        if tag not in _VOID:
            self.stack.append(tag)
            self.opened.append(f"<{tag}{attrs}>")

    def close(self, tag: str) -> None:
        while self.stack:
            top = self.stack.pop()
            self.opened.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                return

    def place_cards(self, everything: bool = False) -> None:
        """Write the cards of the passages that end at or before the text written so far."""
        due = [a for a in self.anchors if a.id not in self.placed and (everything or a.end <= self.pos)]
        for anchor in due:
            self.placed.add(anchor.id)
            self.out.append(self.cards[anchor.id])

    def place_inside(self) -> None:
        """In a paragraph, write the cards whose sentence has been written, outside any inline element."""
        due = [a for a in self.anchors if a.id not in self.placed and self.inside.get(a.id, self.pos + 1) <= self.pos]
        if self.paragraph < 0 or not due:
            return
        inline = self.stack[self.paragraph + 1:]  # ``<strong>``, ``<a>``...: closed around the card, then reopened
        self.out.append("".join(f"</{tag}>" for tag in reversed(inline)))
        for anchor in due:
            self.placed.add(anchor.id)
            self.out.append(self.cards[anchor.id])
        self.out.append(GOES_ON + "".join(self.opened[self.paragraph + 1:]))

    def finish(self) -> str:
        for tag in reversed(self.stack):
            self.out.append(f"</{tag}>")
        self.place_cards(everything=True)
        return "".join(self.out)

    def text_run(self, start: int, content: str) -> None:
        """Write visible text starting at ``start``, wrapping the anchored parts in marks."""
        end = start + len(content)
        inside = [a for a in self.anchors if a.start < end and a.end > start]
        stops = {at for at in self.inside.values() if start < at <= end} if self.paragraph >= 0 else set()
        if not inside and not stops:
            self.out.append(escape(content, quote=False))
            self.pos = max(self.pos, end)
            return
        cuts = sorted({start, end, *stops, *(a.start for a in inside if start < a.start < end),
                       *(a.end for a in inside if start < a.end < end)})
        open_marks: list[str] = []
        for lo, hi in zip(cuts, cuts[1:]):
            want = [a.id for a in inside if a.start <= lo and a.end >= hi]
            keep = 0
            while keep < min(len(open_marks), len(want)) and open_marks[keep] == want[keep]:
                keep += 1
            self.out.append("</mark>" * (len(open_marks) - keep))
            for aid in want[keep:]:
                self.out.append(self._mark_open(aid))
            open_marks = want
            self.out.append(escape(content[lo - start:hi - start], quote=False))
            self.pos = max(self.pos, hi)
            if hi in stops:
                self.out.append("</mark>" * len(open_marks))
                open_marks = []
                self.place_inside()
        self.out.append("</mark>" * len(open_marks))

    def _mark_open(self, aid: str) -> str:
        verdict = self.verdicts.get(aid) or "note"
        attrs = f'{MARK_ATTR}="{aid}" class="fc-mark fc-v-{verdict}"'
        if aid not in self.first_piece:
            self.first_piece.add(aid)
            attrs += f' id="{passage_id(aid)}" aria-details="{aid}" aria-describedby="{verdict_id(aid)}"'
        return f"<mark {attrs}>"


def _paragraphs(tokens: list[Token]) -> dict[int, tuple[int, int]]:
    """Visible (start, end) of each paragraph outside lists, keyed by its ``paragraph_open`` token's index."""
    spans, items = {}, 0
    for i, token in enumerate(tokens):
        items += {"list_item_open": 1, "list_item_close": -1}.get(token.type, 0)
        if token.type == "paragraph_open" and not token.hidden and not items and i + 1 < len(tokens):
            texts = [c for c in tokens[i + 1].children or () if "v" in c.meta]
            if texts:
                spans[i] = (texts[0].meta["v"], texts[-1].meta["v"] + len(texts[-1].content))
    return spans


def _sentence_stops(text: str, anchors: list[Anchor], spans: dict[int, tuple[int, int]]) -> dict[str, int]:
    """For each passage ending in a paragraph, where in it its card goes: the end of the passage's sentence.

    When another passage ends later in the same sentence, the card goes at the end of its own passage's
    clause (or word) instead, so that no card waits behind another's passage: on a phone, a permalink
    shows the passage and its card on one screen. A card whose sentence nearly ends the paragraph goes
    after the paragraph.
    """
    stops = {}
    for lo, hi in spans.values():
        inside = [a for a in anchors if lo < a.end <= hi]
        for a in inside:
            found = _SENTENCE_END.search(text, a.end - 1, hi)
            at = found.end() if found else hi
            later = [max(b.start, a.end) for b in inside if a.end < b.end <= at]
            if later:
                clause = _CLAUSE_END.search(text, a.end, min(later))
                stops[a.id] = clause.end() if clause else _WORD_END.match(text, a.end, hi).end()
            elif hi - at >= SHORT_REST or any(at < b.end for b in inside):
                stops[a.id] = at
    return stops


def _first_text(tokens: list[Token], i: int) -> Token | None:
    for token in tokens[i:]:
        if token.type == "inline":
            return next((c for c in token.children or () if c.type in TEXT_INLINE), None)
        if token.type in TEXT_BLOCKS:
            return token
    return None


def _is_glyph_list(tokens: list[Token], i: int) -> bool:
    """True for a list whose items start with their own bullet characters (kept from the capture)."""
    level = tokens[i].level
    for j in range(i + 1, len(tokens)):
        token = tokens[j]
        if token.type == "bullet_list_close" and token.level == level:
            return True
        if token.type == "list_item_open" and token.level == level + 1:
            first = _first_text(tokens, j)
            if first is None or not first.content.lstrip().startswith(GLYPHS):
                return False
    return True


def render_source(text: SourceText, anchors: list[Anchor], cards: dict[str, str],
                  verdicts: dict[str, str]) -> str:
    """HTML of the archived text with marks, and the given card HTML (per annotation id) after each passage."""
    tokens = text.tokens
    spans = _paragraphs(tokens)
    stops = _sentence_stops(text.text, anchors, spans)
    w = _Writer(anchors, cards, verdicts, stops)
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            _inline(w, token.children or [])
        elif kind == "heading_open":
            w.open(heading_tag(token.tag))
        elif kind == "heading_close":
            w.close(heading_tag(token.tag))
            w.place_cards()
        elif kind == "paragraph_open" and not token.hidden:
            lo, hi = spans.get(i, (0, -1))
            if any(lo < at < hi for at in stops.values()):
                w.open(*PARAGRAPH)
                w.paragraph = len(w.stack) - 1
            else:
                w.open("p")
        elif kind == "paragraph_close":
            if w.paragraph >= 0:
                w.place_cards()  # the cards of passages whose sentence ends the paragraph, inside it
                w.paragraph = -1
                w.close("div")
            elif not token.hidden:
                w.close("p")
            w.place_cards()  # in a tight list item: after its text, before any nested list
        elif kind == "bullet_list_open":
            w.open("ul", ' class="fc-glyph-list"' if _is_glyph_list(tokens, i) else "")
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            w.open("ol", f' start="{int(start)}"' if start and int(start) != 1 else "")
        elif kind == "list_item_open":
            w.open("li")
        elif kind in ("list_item_close", "blockquote_close"):
            w.place_cards()
            w.close(_CLOSES[kind])
        elif kind in _CLOSES:
            w.close(_CLOSES[kind])
        elif kind == "blockquote_open":
            w.open("blockquote")
        elif kind == "hr":
            w.open("hr")
        elif kind in TEXT_BLOCKS:
            w.open("pre")
            w.open("code")
            w.text_run(token.meta["v"], token.content)
            w.close("pre")
            w.place_cards()
    return w.finish()


def _inline(w: _Writer, children: list[Token]) -> None:
    for child in children:
        kind = child.type
        if kind in TEXT_INLINE:
            if kind == "code_inline":
                w.open("code")
            w.text_run(child.meta["v"], child.content)
            if kind == "code_inline":
                w.close("code")
        elif kind == "softbreak":
            w.out.append("\n")
        elif kind == "hardbreak":
            w.open("br")
        elif kind in ("strong_open", "em_open", "s_open"):
            w.open({"strong_open": "strong", "em_open": "em", "s_open": "s"}[kind])
        elif kind in ("strong_close", "em_close", "s_close"):
            w.close({"strong_close": "strong", "em_close": "em", "s_close": "s"}[kind])
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            if safe_url(str(href)):
                w.open("a", f' href="{escape(str(href))}" rel="nofollow noopener ugc"')
            else:
                w.open("span")
        elif kind == "link_close":
            top = w.stack[-1] if w.stack else "a"
            w.close("a" if top == "a" else "span")
