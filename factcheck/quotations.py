"""Words we put in quotation marks must be words someone wrote.

A phrase of MIN_WORDS or more words in double quotation marks in a comment,
the headline or a takeaway must occur, normalised as for anchoring, in the
archived page or in a citation's quote: for a comment, the quotes of that
annotation's citations; for the headline and takeaways, any in the file.
An ellipsis or an editor's ``[insertion]`` splits a quotation into parts that
must each occur; the first letter's case and closing punctuation may differ.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .anchor import closest_passage
from .model import FactCheck, Source, Span
from .normalise import normalise_text
from .problems import Problems
from .yamlpos import position_in_scalar

MIN_WORDS = 2
_QUOTED = re.compile(r'["“”„]([^"“”„]*)["“”]')
# Not quotations: code spans, link targets and titles, autolinks (blanked out before searching).
_NOT_PROSE = re.compile(r"(`+)[\s\S]*?\1|\]\([^)]*\)|<[a-z]+:[^>\s]*>", re.IGNORECASE)
_GAP = re.compile(r"\.\.\.|…|\[[^\]]*\]")
_CLOSING = ".,;:!?"


@dataclass(frozen=True)
class Quoted:
    start: int  # of the opening quotation mark in the text
    end: int  # after the closing mark
    phrase: str  # the words inside the marks


def quoted_phrases(text: str) -> list[Quoted]:
    """Every double-quoted phrase of MIN_WORDS words or more in a piece of contributor Markdown."""
    masked = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    return [Quoted(m.start(), m.end(), text[m.start(1):m.end(1)]) for m in _QUOTED.finditer(masked)
            if len(_GAP.sub(" ", m.group(1)).split()) >= MIN_WORDS]


def _parts(phrase: str) -> list[str]:
    return [p for p in (normalise_text(part).strip() for part in _GAP.split(phrase)) if p]


def is_quotation_of(phrase: str, texts: list[str]) -> bool:
    """True when every part of ``phrase`` occurs in one of the (normalised) ``texts``."""
    parts = _parts(phrase)
    for i, part in enumerate(parts):
        forms = {part}
        if i == 0:
            forms.add(part[0].swapcase() + part[1:])
        if i == len(parts) - 1:
            forms |= {f.rstrip(_CLOSING) for f in forms if f.rstrip(_CLOSING)}
        if not any(f in t for f in forms for t in texts):
            return False
    return bool(parts)


def _closest(phrase: str, texts: dict[str, str]) -> tuple[str, str] | None:
    """(where, passage) most like ``phrase`` among ``texts`` (name -> normalised text), for the message."""
    needle = " ".join(_parts(phrase))
    best, best_score = None, 0.0
    for name, text in texts.items():
        found = closest_passage(text, needle)
        if found:
            passage = text[found[0]:found[0] + found[1]]
            score = difflib.SequenceMatcher(None, passage, needle).ratio()
            if score > best_score:
                best, best_score = (name, passage), score
    return best


def check_quotations(fc: FactCheck, source: Source, problems: Problems) -> None:
    """Report every quoted phrase of ``fc`` that neither the page nor the citations it may quote contain."""
    page_name = f"sources/{source.id}/page.md"
    page = source.text.normalised.text

    def cited(citations) -> dict[str, str]:
        return {f"the quote of '{c.title}'": normalise_text(c.quote) for c in citations if c.quote}

    everything = {page_name: page}
    for ann in fc.annotations:
        everything |= cited(ann.citations)
    for path, value in [(("headline",), fc.headline), *((("takeaways", i), t) for i, t in enumerate(fc.takeaways))]:
        if isinstance(value, str) and path in fc.spans:
            _check(value, fc.spans[path], everything, f"{page_name} or any citation's quote in this file", fc,
                   problems)
    for ann in fc.annotations:
        for key in ("comment", "finding"):
            if key in ann.spans:
                _check(getattr(ann, key), ann.spans[key], {page_name: page, **cited(ann.citations)},
                       f"{page_name} or the quotes of the citations of '{ann.id}'", fc, problems, everything)


def _check(value: str, span: Span, texts: dict[str, str], looked_in: str, fc: FactCheck,
           problems: Problems, elsewhere: dict[str, str] | None = None) -> None:
    for q in quoted_phrases(value):
        if is_quotation_of(q.phrase, list(texts.values())):
            continue
        shown = " ".join(q.phrase.split())
        message = (f'quoted phrase "{shown}" is not in {looked_in}: quote the words exactly, '
                   "or drop the quotation marks when paraphrasing")
        other = next((name for name, text in (elsewhere or {}).items()
                      if name not in texts and is_quotation_of(q.phrase, [text])), None)
        closest = _closest(q.phrase, texts)
        if other:
            message += f"; it is in {other}, a citation of another annotation: cite that source here too"
        elif closest:
            message += f'; closest passage: "{closest[1]}" ({closest[0]})'
        problems.add(fc.path, *position_in_scalar(fc.text, span, value, q.start, q.end - q.start), message)
