"""Exact anchoring of quotes to the rendered source text.

A quote anchors when its normalised form occurs exactly once in the
normalised page text after ``prefix``/``suffix`` have narrowed the
occurrences. The result is a range of the *original* visible text, so a
highlight covers exactly the characters the page shows. Fuzzy matching is
only used to suggest the closest passage in an error message.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import Annotation, FactCheck, Source
from .normalise import Normalised, normalise_text
from .problems import Problems
from .sourcetext import SourceText

MAX_CONTEXT_WORDS = 16


@dataclass(frozen=True)
class Anchor:
    """Where an annotation's quote is in the visible text: ``[start, end)``."""

    id: str
    start: int
    end: int


def occurrences(haystack: str, needle: str) -> list[int]:
    """Start of every (possibly overlapping) occurrence of ``needle``."""
    found, i = [], haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def has_prefix(page: str, at: int, prefix: str) -> bool:
    """True when ``prefix`` ends right before ``at`` (white space at the junction ignored).

    ``page`` and ``prefix`` are normalised, so white space is at most one space: no
    copying needed. White space at the prefix's outer end matches a space or the
    start of the page.
    """
    if at and page[at - 1] == " ":
        at -= 1
    core = prefix.strip()
    before = at - len(core)
    return page.endswith(core, 0, at) and (not prefix.startswith(" ") or before == 0 or page[before - 1] == " ")


def has_suffix(page: str, at: int, suffix: str) -> bool:
    """The mirror of ``has_prefix``: white space at the suffix's end also matches the end of the page."""
    if page.startswith(" ", at):
        at += 1
    core = suffix.strip()
    after = at + len(core)
    return page.startswith(core, at) and (not suffix.endswith(" ") or after == len(page) or page[after] == " ")


def find(text: SourceText, quote: str, prefix: str | None = None, suffix: str | None = None) -> tuple[str, list[int]]:
    """Normalised quote and the normalised starts of the occurrences that fit the context."""
    page = text.normalised.text
    needle = normalise_text(quote).strip()
    if not needle:
        return needle, []
    starts = [s for s in occurrences(page, needle) if text.normalised.aligned(s, s + len(needle))]
    if prefix and prefix.strip():
        pre = normalise_text(prefix)
        starts = [s for s in starts if has_prefix(page, s, pre)]
    if suffix and suffix.strip():
        suf = normalise_text(suffix)
        starts = [s for s in starts if has_suffix(page, s + len(needle), suf)]
    return needle, starts


def anchor_factcheck(factcheck: FactCheck, source: Source, problems: Problems) -> list[Anchor]:
    """Anchor every annotation of ``factcheck``; each one that fails is a problem."""
    anchors = []
    for ann in factcheck.annotations:
        result = anchor_annotation(ann, source.text)
        if isinstance(result, Anchor):
            anchors.append(result)
        else:
            problems.add(factcheck.path, *ann.at("quote"), result.replace("{page}", f"sources/{source.id}/page.md"))
    return anchors


def anchor_annotation(ann: Annotation, text: SourceText) -> Anchor | str:
    """The annotation's anchor, or the message explaining why there is none."""
    needle, starts = find(text, ann.quote, ann.prefix, ann.suffix)
    if len(starts) == 1:
        start, end = text.normalised.original_span(starts[0], starts[0] + len(needle))
        return Anchor(ann.id, start, end)
    if not needle:
        return f"quote of '{ann.id}' is empty (only white space or invisible characters)"
    page = text.normalised.text
    if not starts:
        alone = occurrences(page, needle)
        mismatch = _context_mismatch(ann, text, needle, alone[0]) if len(alone) == 1 else None
        if mismatch:
            return mismatch
        if alone:
            return (f"quote of '{ann.id}' occurs {len(alone)} time(s) in {{page}}, but none with the given "
                    f"prefix/suffix; {_context_hint(text, needle, alone)}")
        return f"quote of '{ann.id}' not found in {{page}}; {closest_hint(text, needle)}"
    return (f"quote of '{ann.id}' is ambiguous: it occurs {len(starts)} times in {{page}}; "
            f"{_context_hint(text, needle, starts)}")


def _context_mismatch(ann: Annotation, text: SourceText, needle: str, start: int) -> str | None:
    """Why a quote that occurs once did not anchor: its prefix or suffix is not the text around it."""
    page, end = text.normalised.text, start + len(needle)
    wrong = [name for name, given, fits in (
        ("prefix", ann.prefix, lambda c: has_prefix(page, start, c)),
        ("suffix", ann.suffix, lambda c: has_suffix(page, end, c)),
    ) if given and given.strip() and not fits(normalise_text(given))]
    if not wrong:
        return None
    befores, afters = _words_before(page, start)[:4], _words_after(page, end)[:4]
    around = "; ".join(f'{name} "{shown}"' for name, shown in (
        ("before it", _shown_before(text, start, befores[-1]) if befores else ""),
        ("after it", _shown_after(text, end, afters[-1]) if afters else "")) if shown)
    return (f"quote of '{ann.id}' occurs once in {{page}} (line {_source_line(text, start)}), but the "
            f"{' and the '.join(wrong)} given do{'es' if len(wrong) == 1 else ''} not match the text there"
            f"{': ' + around if around else ''}. The quote alone is unique: remove the {' and '.join(wrong)}, "
            "or copy the words from the page")


def _context_hint(text: SourceText, needle: str, starts: list[int]) -> str:
    hints = []
    for n, start in enumerate(starts[:5], 1):
        context = unique_context(text, start, start + len(needle))
        line = _source_line(text, start)
        if context is None:
            hints.append(f"#{n} (line {line}) cannot be told apart")
            continue
        pre, suf = context
        picks = ", ".join(f'{k}: "{v}"' for k, v in (("prefix", pre), ("suffix", suf)) if v)
        hints.append(f"#{n} (line {line}) add {picks}")
    more = f"; and {len(starts) - 5} more" if len(starts) > 5 else ""
    return "occurrences: " + "; ".join(hints) + more


def _source_line(text: SourceText, norm_start: int) -> int:
    """Line of ``page.md`` where a normalised offset falls (for messages)."""
    original = text.normalised.original_span(norm_start, norm_start + 1)[0]
    best = 1
    for block in text.tokens:
        if block.map and block.type in ("inline", "fence", "code_block"):
            children = block.children or [block]
            first = next((c.meta["v"] for c in children if "v" in c.meta), None)
            if first is not None and first <= original:
                best = block.map[0] + 1
    return best


def closest_hint(text: SourceText, needle: str) -> str:
    """``closest passage: "..."`` for a quote that is not on the page."""
    page = text.normalised.text
    lowered = occurrences(page.lower(), needle.lower())
    if lowered:
        return f'it differs only in capital letters from "{_original(text, lowered[0], len(needle))}"'
    passage = closest_passage(page, needle)
    if passage is None:
        return "no similar passage on the page"
    start, length = passage
    return f'closest passage: "{_original(text, start, length)}"'


def closest_passage(page: str, needle: str) -> tuple[int, int] | None:
    """Start and length of the normalised passage most like ``needle`` (help only)."""
    if not page:
        return None
    probes = {needle, needle[: len(needle) // 2], needle[len(needle) // 2 :]}
    candidates = set()
    for probe in probes:
        if not probe:
            continue
        matcher = difflib.SequenceMatcher(None, page, probe, autojunk=False)
        a, b, size = matcher.find_longest_match(0, len(page), 0, len(probe))
        if size:
            offset = needle.find(probe)
            candidates.add(max(0, a - b - offset))
    if not candidates:
        return None
    score = lambda s: difflib.SequenceMatcher(None, page[s:s + len(needle)], needle).ratio()  # noqa: E731
    best = max(candidates, key=score)
    if score(best) < 0.5:  # nothing alike: a suggestion would only mislead
        return None
    start, end = best, min(len(page), best + len(needle))
    while start > 0 and page[start - 1] != " ":  # widen to whole words
        start -= 1
    while end < len(page) and page[end] != " ":
        end += 1
    return start, end - start


def _original(text: SourceText, norm_start: int, length: int, limit: int = 160) -> str:
    """The page's own characters for a normalised range, white space collapsed."""
    start, end = text.normalised.original_span(norm_start, norm_start + max(length, 1))
    shown = " ".join(text.text[start:end].split())
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _words_before(page: str, at: int) -> list[str]:
    """Candidate prefixes: the last 1, 2, ... words before ``at``."""
    words = page[:at].rstrip().split(" ")
    return [" ".join(words[-n:]) for n in range(1, min(len(words), MAX_CONTEXT_WORDS) + 1) if words[-n:] != [""]]


def _words_after(page: str, at: int) -> list[str]:
    words = page[at:].lstrip().split(" ")
    return [" ".join(words[:n]) for n in range(1, min(len(words), MAX_CONTEXT_WORDS) + 1) if words[:n] != [""]]


def unique_context(text: SourceText, start: int, end: int) -> tuple[str, str] | None:
    """Shortest (prefix, suffix), in the page's own characters, that picks ``[start, end)``.

    ``start``/``end`` are normalised offsets of one occurrence of the quote.
    Returns ("", "") when the quote is unique already, ``None`` when no
    context up to MAX_CONTEXT_WORDS words on each side tells it apart.
    """
    page = text.normalised.text
    needle = page[start:end]
    others = [s for s in occurrences(page, needle)
              if s != start and text.normalised.aligned(s, s + len(needle))]
    if not others:
        return "", ""

    def unique(pre: str, suf: str) -> bool:
        return not any((not pre or has_prefix(page, s, pre)) and (not suf or has_suffix(page, s + len(needle), suf))
                       for s in others)

    befores, afters = _words_before(page, start), _words_after(page, end)
    options = [(p, "") for p in befores] + [("", s) for s in afters]
    options += [(p, s) for p in befores for s in afters]
    for pre, suf in sorted(options, key=lambda o: len(o[0]) + len(o[1])):
        if unique(pre, suf):
            return (_shown_before(text, start, pre) if pre else "", _shown_after(text, end, suf) if suf else "")
    return None


def _shown_before(text: SourceText, start: int, words: str) -> str:
    """``words`` (normalised, ending just before ``start``) in the page's own characters."""
    page = text.normalised.text
    return _original(text, start - len(words) - _gap_before(page, start), len(words), limit=10**6)


def _shown_after(text: SourceText, end: int, words: str) -> str:
    return _original(text, end + _gap_after(text.normalised.text, end), len(words), limit=10**6)


def _gap_before(page: str, at: int) -> int:
    return len(page[:at]) - len(page[:at].rstrip())


def _gap_after(page: str, at: int) -> int:
    return len(page[at:]) - len(page[at:].lstrip())
