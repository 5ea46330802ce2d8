"""What became of a checked passage on the clinic's live page: the one list of states.

The log (``watch/<source-id>.yml``), its JSON Schema, the ``factcheck watch``
report and the site all use these names; ``tests/test_watch.py`` holds the
schema to this module.
"""

from __future__ import annotations

import datetime as dt

STILL = "still published"  # the quote is on the live page (typography aside)
CHANGED = "changed"  # not there exactly, but a passage close to it is: its words are recorded
REMOVED = "removed"  # the page can be read, the passage is gone
PAGE_GONE = "page gone"  # 404/410, unknown host, or a redirect to the home page or an unrelated page
RECORDED = (STILL, CHANGED, REMOVED, PAGE_GONE)  # the states a log entry may hold
UNREACHABLE = "unreachable"  # a temporary failure: reported by the run, never written to the log

# When several live addresses disagree, the claim is as present as its most present copy.
PRESENCE = {STILL: 3, CHANGED: 2, REMOVED: 1, PAGE_GONE: 0}

SIMILARITY = 0.75  # default: how alike (0-1, difflib ratio) a passage must be to count as the quote reworded


def day(value: str) -> str:
    """``2026-11-28`` as "28 November 2026"."""
    d = dt.date.fromisoformat(value)
    return f"{d.day} {d:%B %Y}"


def between(first: str, last: str) -> str:
    """"between 21 and 28 November 2026", naming the month and year only once where they agree."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a == b:
        return f"on {day(last)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"between {a.day} and {day(last)}"
    if a.year == b.year:
        return f"between {a.day} {a:%B} and {day(last)}"
    return f"between {day(first)} and {day(last)}"
