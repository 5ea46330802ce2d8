"""The archived text as HTML: anchored passages in ``<mark>``, cut into rows beside their cards.

Each row is ``<div class="fc-row"><div class="fc-text">…</div><div class="fc-cards">…</div></div>``.
A new row starts where an annotated passage starts (at its paragraph or
sentence when that is only a few words earlier) and where the paragraph or
sentence holding its end finishes. On wide screens the two columns of a
row sit side by side, so each card is level with its passage and a tall
card pushes the following text down instead of overlapping the next card;
on narrow screens the row's cards follow its text. All of this is CSS:
the page reads the same without JavaScript and in print.

Elements open at a row boundary are closed and reopened (with the class
``fc-cont``) so the HTML stays well formed; marks never cross a text token.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html import escape

from markdown_it.token import Token

from .anchor import Anchor
from .markdown import safe_url
from .pagecontract import MARK_ATTR, passage_id
from .sourcetext import BREAKS, TEXT_BLOCKS, TEXT_INLINE, SourceText

SNAP = 60  # start a row at the paragraph or sentence start when it is this close before a passage
GLYPHS = tuple("•■▪●◦‣⁃□▫◆◇►▶➢✓✔-–*·")
_SENTENCE_END = re.compile(r"[.!?:]\s+")
_VOID = {"br", "hr"}


def _block_spans(text: SourceText) -> list[tuple[int, int]]:
    """``(start, end)`` of each text block in the visible text, in order."""
    spans = []
    for block in text.tokens:
        if block.type == "inline":
            vs = [(c.meta["v"], c.meta["v"] + len(c.content if c.type in TEXT_INLINE else "\n"))
                  for c in block.children or () if "v" in c.meta]
            if vs:
                spans.append((vs[0][0], vs[-1][1]))
        elif block.type in TEXT_BLOCKS and "v" in block.meta:
            spans.append((block.meta["v"], block.meta["v"] + len(block.content)))
    return spans


def row_breaks(text: SourceText, anchors: list[Anchor]) -> list[int]:
    """Visible offsets where a new row starts."""
    spans = _block_spans(text)
    starts = [s for s, _ in spans]
    visible = text.text
    breaks = set()
    for anchor in anchors:
        i = max(0, bisect.bisect_right(starts, anchor.start) - 1)
        block_start, _ = spans[i] if spans else (0, 0)
        before = visible[block_start:anchor.start]
        if len(before) <= SNAP:
            breaks.add(block_start)
        else:
            ends = [m.end() for m in _SENTENCE_END.finditer(before)]
            sentence = block_start + ends[-1] if ends else None
            breaks.add(sentence if sentence is not None and anchor.start - sentence <= SNAP else anchor.start)
        j = max(0, bisect.bisect_right(starts, max(anchor.end - 1, anchor.start)) - 1)
        _, block_end = spans[j] if spans else (0, len(visible))
        match = _SENTENCE_END.search(visible, anchor.end, block_end)
        breaks.add(match.end() if match and block_end - match.end() > SNAP else block_end + 1)
    return sorted(b for b in breaks if 0 < b < len(visible))


@dataclass
class _Element:
    """An open element. An ``ol`` also counts its items, so that when it is reopened in a new row the
    numbering goes on (a continued item has no marker but still takes its number)."""

    tag: str
    attrs: str = ""
    next_number: int = 1  # ol only: the number of its next item

    def continued(self, inside_item: bool) -> str:
        """Opening tag for this element reopened in a new row."""
        cont = 'class="fc-cont '
        attrs = self.attrs.replace('class="', cont) if 'class="' in self.attrs else self.attrs + ' class="fc-cont"'
        if self.tag == "ol":
            start = self.next_number - 1 if inside_item else self.next_number
            attrs = re.sub(r' start="-?\d+"', "", attrs) + (f' start="{start}"' if start != 1 else "")
        return f"<{self.tag}{attrs}>"


class _Writer:
    """Emits HTML while tracking open elements, so a row can end anywhere."""

    def __init__(self, text: SourceText, anchors: list[Anchor], cards: dict[str, str], verdicts: dict[str, str]):
        self.text = text
        self.anchors = sorted(anchors, key=lambda a: (a.start, -a.end, a.id))
        self.cards, self.verdicts = cards, verdicts
        self.breaks = row_breaks(text, anchors)
        self.next_break = 0
        self.out: list[str] = []
        self.stack: list[_Element] = []
        self.row_start = 0
        self.row_has_text = False
        self.first_piece: set[str] = set()
        self.out.append('<div class="fc-row"><div class="fc-text">')

    # -- elements ---------------------------------------------------------
    def open(self, tag: str, attrs: str = "") -> _Element:
        self.out.append(f"<{tag}{attrs}>")
        element = _Element(tag, attrs)
        if tag not in _VOID:
            self.stack.append(element)
        return element

    def close(self, tag: str) -> None:
        while self.stack:
            top = self.stack.pop().tag
            self.out.append(f"</{top}>")
            if top == tag:
                return

    @property
    def top(self) -> str:
        return self.stack[-1].tag if self.stack else ""

    # -- rows -------------------------------------------------------------
    def maybe_break(self, offset: int) -> None:
        """Start a new row before content at ``offset`` if a break is due."""
        while self.next_break < len(self.breaks) and self.breaks[self.next_break] <= offset:
            at = self.breaks[self.next_break]
            self.next_break += 1
            if self.row_has_text:
                self.end_row(at)

    def end_row(self, at: int) -> None:
        for element in reversed(self.stack):
            self.out.append(f"</{element.tag}>")
        self.out.append("</div>")
        self.out.append(self.cards_between(self.row_start, at))
        self.out.append('</div>\n<div class="fc-row"><div class="fc-text">')
        for i, element in enumerate(self.stack):
            inside_item = i + 1 < len(self.stack) and self.stack[i + 1].tag == "li"
            self.out.append(element.continued(inside_item))
        self.row_start, self.row_has_text = at, False

    def cards_between(self, start: int, end: int) -> str:
        here = [a for a in self.anchors if start <= a.start < end]
        if not here:
            return ""
        return '<div class="fc-cards">' + "".join(self.cards[a.id] for a in here) + "</div>"

    def finish(self) -> str:
        for element in reversed(self.stack):
            self.out.append(f"</{element.tag}>")
        self.out.append("</div>")
        self.out.append(self.cards_between(self.row_start, len(self.text.text) + 1))
        self.out.append("</div>")
        return "".join(self.out)

    # -- text with marks ---------------------------------------------------
    def text_run(self, start: int, content: str) -> None:
        """Write visible text starting at ``start``, cutting rows and wrapping marks."""
        pos = 0
        while pos < len(content):
            self.maybe_break(start + pos)
            cut = len(content)
            if self.next_break < len(self.breaks):
                cut = min(cut, max(pos + 1, self.breaks[self.next_break] - start))
            self.marked(start + pos, content[pos:cut])
            self.row_has_text = True
            pos = cut

    def marked(self, start: int, content: str) -> None:
        end = start + len(content)
        inside = [a for a in self.anchors if a.start < end and a.end > start]
        if not inside:
            self.out.append(escape(content, quote=False))
            return
        cuts = sorted({start, end, *(a.start for a in inside if start < a.start < end),
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
        self.out.append("</mark>" * len(open_marks))

    def _mark_open(self, aid: str) -> str:
        verdict = self.verdicts.get(aid) or "note"
        first = "" if aid in self.first_piece else f' id="{passage_id(aid)}"'
        self.first_piece.add(aid)
        return f'<mark {MARK_ATTR}="{aid}" class="fc-mark fc-v-{verdict}"{first}>'


def _first_text(tokens: list[Token], i: int) -> Token | None:
    for token in tokens[i:]:
        if token.type == "inline":
            return next((c for c in token.children or () if c.type in TEXT_INLINE), None)
        if token.type in TEXT_BLOCKS:
            return token
    return None


def _next_offsets(tokens: list[Token]) -> list[int]:
    """For each token, the visible offset of the first text at or after it."""
    result = [0] * len(tokens)
    nxt = 10**12
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if token.type == "inline":
            vs = [c.meta["v"] for c in token.children or () if "v" in c.meta]
            if vs:
                nxt = vs[0]
        elif "v" in token.meta:
            nxt = token.meta["v"]
        result[i] = nxt
    return result


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
    """HTML of the archived text in rows, with marks and the given card HTML per annotation id."""
    w = _Writer(text, anchors, cards, verdicts)
    tokens = text.tokens
    offsets = _next_offsets(tokens)
    for i, token in enumerate(tokens):
        if token.nesting == 1 or token.type in TEXT_BLOCKS or token.type == "hr":
            w.maybe_break(offsets[i])
        kind = token.type
        if kind == "inline":
            _inline(w, token.children or [])
        elif kind == "heading_open":
            level = min(int(token.tag[1]) + 1, 6)  # the page's own h1 is ours; shift the source's down
            w.open(f"h{level}")
        elif kind == "heading_close":
            w.close(f"h{min(int(token.tag[1]) + 1, 6)}")
        elif kind == "paragraph_open" and not token.hidden:
            w.open("p")
        elif kind == "paragraph_close" and not token.hidden:
            w.close("p")
        elif kind == "bullet_list_open":
            w.open("ul", ' class="fc-glyph-list"' if _is_glyph_list(tokens, i) else "")
        elif kind == "ordered_list_open":
            start = int(token.attrGet("start") or 1)
            w.open("ol", f' start="{start}"' if start != 1 else "").next_number = start
        elif kind == "list_item_open":
            if w.top == "ol":
                w.stack[-1].next_number += 1
            w.open("li")
        elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"):
            w.close({"bullet_list_close": "ul", "ordered_list_close": "ol", "list_item_close": "li",
                     "blockquote_close": "blockquote"}[kind])
        elif kind == "blockquote_open":
            w.open("blockquote")
        elif kind == "hr":
            w.open("hr")
        elif kind in TEXT_BLOCKS:
            w.open("pre")
            w.open("code")
            w.text_run(token.meta["v"], token.content)
            w.close("pre")
    return w.finish()


def _inline(w: _Writer, children: list[Token]) -> None:
    for child in children:
        kind = child.type
        if kind in TEXT_INLINE:
            if kind == "code_inline":
                w.maybe_break(child.meta["v"])
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
            w.close("a" if w.top in ("a", "") else "span")
