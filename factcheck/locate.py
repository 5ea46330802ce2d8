"""``factcheck locate``: turn a passage into a ready-to-paste quote/prefix/suffix block."""

from __future__ import annotations

import yaml

from .anchor import closest_hint, find, unique_context
from .sourcetext import SourceText


def _collapse(text: str) -> str:
    return " ".join(text.split())


def locate(text: SourceText, passage: str) -> tuple[list[dict[str, str]], str | None]:
    """One ``{quote, prefix?, suffix?}`` per occurrence of ``passage``, or an error message."""
    needle, starts = find(text, passage)
    if not needle:
        return [], "the text to locate is empty"
    if not starts:
        return [], f"not found; {closest_hint(text, needle)}"
    blocks = []
    for start in starts:
        begin, end = text.normalised.original_span(start, start + len(needle))
        block = {"quote": _collapse(text.text[begin:end])}
        context = unique_context(text, start, start + len(needle))
        if context is None:
            return [], "this passage occurs several times with the same words around it; quote a longer passage"
        prefix, suffix = context
        if prefix:
            block["prefix"] = prefix
        if suffix:
            block["suffix"] = suffix
        blocks.append(block)
    return blocks, None


def as_yaml(block: dict[str, str]) -> str:
    """The block as YAML to paste under ``annotations:``."""
    return yaml.safe_dump(block, allow_unicode=True, sort_keys=False, width=10**6)
