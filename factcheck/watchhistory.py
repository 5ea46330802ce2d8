"""What the observation logs say, for readers: each claim's latest state, each page's, and the changes.

A claim's archived quote was on the page when it was captured: that is the
starting point of every history, so a first observation that finds it
removed is a change "between the capture and that day".
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Source
from .watchlog import Observation, WatchLog
from .watchstates import CHANGED, PAGE_GONE, PRESENCE, REMOVED, STILL, between, day


def live_addresses(source: Source) -> list[str]:
    """The addresses where the archived text was published: ``url``, then ``appearances``."""
    return list(dict.fromkeys([u for u in [source.url, *source.appearances] if u]))


@dataclass
class ClaimWatch:
    """The latest state of one claim on the live page, with the dates that bound it."""

    state: str | None  # None: never observed
    as_of: str = ""  # the newest observation
    since: str = ""  # the first observation of this state (and these words)
    before: str = ""  # the last day it was known otherwise (an observation, or the capture)
    now_says: str | None = None  # the clinic's current words, when changed
    reason: str = ""  # why the page counts as gone
    address: str = ""
    no_address: bool = False
    back: bool = False  # a change back to the archived words

    @property
    def sentence(self) -> str:
        """The state in words, with its dates (the clinic's new words are shown apart, labelled)."""
        if self.no_address:
            return "No live address known: we cannot tell whether the clinic still says this."
        if self.state is None:
            return "Not yet compared with the clinic's live page."
        when = between(self.before, self.since)
        if self.state == STILL:
            return f"Back on the clinic's page {when}." if self.back else \
                f"Still on the clinic's page as of {day(self.as_of)}."
        if self.state == CHANGED:
            return f"Changed {when}; as of {day(self.as_of)} the clinic's page says:"
        later = f" Still absent on {day(self.as_of)}." if self.as_of != self.since else ""
        if self.state == REMOVED:
            return f"Removed from the clinic's page {when}.{later}"
        return f"The clinic's page went away {when} ({self.reason or 'gone'}).{later.replace('absent', 'gone')}"


NO_ADDRESS = ClaimWatch(None, no_address=True)
NOT_YET = ClaimWatch(None)


@dataclass
class Change:
    """A claim's state (or its live wording) as first seen to differ from before."""

    date: str
    before: str  # the last day it was known otherwise
    source_id: str
    annotation_id: str
    address: str
    old: str
    new: str
    now_says: str | None = None
    reason: str = ""

    @property
    def watch(self) -> ClaimWatch:
        return ClaimWatch(self.new, self.date, self.date, self.before, self.now_says, self.reason, self.address,
                          back=self.new == STILL)


def _timeline(log: WatchLog, address: str, aid: str) -> list[tuple[Observation, str, str | None]]:
    out = []
    for obs in log.for_address(address):
        full = log.resolved(obs)
        if aid in full.claims:
            out.append((full, full.claims[aid], full.now_says.get(aid)))
    return out


def _claim_at(log: WatchLog, address: str, aid: str, captured: str) -> ClaimWatch | None:
    steps = _timeline(log, address, aid)
    if not steps:
        return None
    last, state, words = steps[-1]
    first = len(steps) - 1
    while first and steps[first - 1][1:] == (state, words):
        first -= 1
    before = steps[first - 1][0].date if first else min(captured, steps[first][0].date)
    return ClaimWatch(state, last.date, steps[first][0].date, before, words, last.reason or "", address)


def claim_watch(source: Source, log: WatchLog | None, aid: str, addresses: list[str]) -> ClaimWatch:
    """The latest state of claim ``aid``: its most present copy over the live addresses."""
    if not addresses:
        return NO_ADDRESS
    found = [w for a in addresses if log and (w := _claim_at(log, a, aid, source.captured))]
    if not found:
        return NOT_YET
    return max(found, key=lambda w: (PRESENCE[w.state or PAGE_GONE], w.as_of))


@dataclass
class PageWatch:
    """The newest observation of one live address, for the source page."""

    address: str
    as_of: str
    status: int | None
    gone: str  # why the page counts as gone, else ""
    last_read: str  # the newest day the page could be read ("" if never)
    redirected_to: str | None = None

    @property
    def sentence(self) -> str:
        if self.gone:
            seen = f"; last seen online {day(self.last_read)}" if self.last_read else ""
            return f"Gone as of {day(self.as_of)} ({self.gone}){seen}."
        moved = " (it now redirects)" if self.redirected_to else ""
        return f"Online: last seen {day(self.as_of)}{moved}."


def page_watch(log: WatchLog | None, addresses: list[str]) -> list[PageWatch]:
    rows = []
    for address in addresses:
        seen = [log.resolved(o) for o in log.for_address(address)] if log else []
        if not seen:
            continue
        last = seen[-1]
        read = [o.date for o in seen if not o.reason]
        rows.append(PageWatch(address, last.date, last.status, last.reason or "", read[-1] if read else "",
                              last.redirected_to))
    return rows


def changes(log: WatchLog, captured: str) -> list[Change]:
    """Every change of a claim's state or live wording in ``log``, oldest first."""
    found = []
    for address in dict.fromkeys(o.address for o in log.observations):
        aids = dict.fromkeys(aid for o in log.for_address(address) for aid in log.resolved(o).claims)
        for aid in aids:
            previous, known = (STILL, None), captured
            for obs, state, words in _timeline(log, address, aid):
                if (state, words) != previous:
                    found.append(Change(obs.date, min(known, obs.date), log.source, aid, address, previous[0],
                                        state, words, obs.reason or ""))
                previous, known = (state, words), obs.date
    return sorted(found, key=lambda c: (c.date, c.source_id, c.annotation_id))
