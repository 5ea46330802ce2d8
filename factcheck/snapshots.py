"""Web archive copies of every cited address, kept in ``snapshots.yml``.

For each address the repository cites (citations, a source's ``url`` and
``appearances``), ``factcheck links`` asks a Wayback-Machine-compatible
availability endpoint for the closest snapshot and records it. With
``--archive`` it also asks the save endpoint for a new snapshot of every
address that has none. Both endpoints are set under
``extra.factcheck.archive`` in ``mkdocs.yml``. ``snapshots.yml`` is written by
the tool only, sorted by address, one short entry each, so that a change
reads well in a pull request; it is never edited by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import quote, urlsplit

import yaml

from .linkcache import parse_age

HEADER = ("# Web archive copies of every cited address, written by `factcheck links`: do not edit by hand.\n"
          "# snapshot: the closest archived copy (null: none found); taken: its date; looked_up: when we asked.\n")
DEFAULT_RECHECK = "30d"  # how long "no snapshot" stands before we ask again


@dataclass
class Snapshot:
    url: str
    snapshot: str | None  # the archived copy's address
    taken: str | None  # YYYY-MM-DD
    looked_up: str  # YYYY-MM-DD


@dataclass
class ArchiveConfig:
    availability: str | None = None  # e.g. https://archive.org/wayback/available
    save: str | None = None  # e.g. https://web.archive.org/save/
    file: Path = Path("snapshots.yml")
    recheck: dt.timedelta = dt.timedelta(days=30)
    timeout: float = 15.0
    user_agent: str = "factcheck"

    @classmethod
    def from_mapping(cls, data: dict | None, root: Path, user_agent: str = "factcheck") -> "ArchiveConfig":
        data = data or {}
        return cls(availability=data.get("availability"), save=data.get("save"),
                   file=root / str(data.get("file", "snapshots.yml")),
                   recheck=parse_age(data.get("recheck", DEFAULT_RECHECK)), timeout=float(data.get("timeout", 15)),
                   user_agent=user_agent)


def load(path: Path) -> dict[str, Snapshot]:
    """The recorded snapshots (empty when the file is missing or unreadable)."""
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    found = {}
    for url, item in data.items() if isinstance(data, dict) else ():
        if isinstance(item, dict):
            found[str(url)] = Snapshot(str(url), item.get("snapshot"), _date(item.get("taken")),
                                       _date(item.get("looked_up")) or "")
    return found


def _date(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else (str(value) if value else None)


def save(path: Path, snapshots: dict[str, Snapshot]) -> None:
    """Write every entry, sorted by address, atomically."""
    lines = [HEADER]
    for url in sorted(snapshots):
        s = snapshots[url]
        lines.append(f"{json.dumps(url)}:\n  snapshot: {json.dumps(s.snapshot)}\n"
                     f"  taken: {s.taken or 'null'}\n  looked_up: {s.looked_up}\n")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".snapshots-", suffix=".yml")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(lines))
    os.replace(tmp, path)


class EndpointDown(Exception):
    """The archive service cannot be reached at all (no network, unknown host, refused, connect time-out)."""


def _get_json(url: str, config: ArchiveConfig) -> dict | None:
    import requests

    try:
        response = requests.get(url, timeout=config.timeout, headers={"User-Agent": config.user_agent})
        return response.json() if response.ok else None
    except requests.ConnectionError as err:  # a slow answer (read time-out) is an odd answer, not a dead service
        raise EndpointDown(str(err)) from None
    except (requests.RequestException, ValueError):
        return None


def closest(url: str, config: ArchiveConfig) -> tuple[str | None, str | None] | None:
    """(snapshot address, its date) from the availability endpoint; (None, None) if it has none; None on an odd
    answer. Raises EndpointDown when the endpoint cannot be reached."""
    data = _get_json(f"{config.availability}?url={quote(url, safe='')}", config)
    if data is None or not isinstance(data.get("archived_snapshots"), dict):
        return None
    best = data["archived_snapshots"].get("closest") or {}
    if not best.get("available") or not best.get("url"):
        return None, None
    stamp = str(best.get("timestamp", ""))
    taken = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if len(stamp) >= 8 and stamp[:8].isdigit() else None
    return str(best["url"]), taken


def request_save(url: str, config: ArchiveConfig) -> bool:
    """Ask the save endpoint for a new snapshot of ``url``."""
    import requests

    try:
        response = requests.get(f"{config.save}{url}", timeout=config.timeout,
                                headers={"User-Agent": config.user_agent}, allow_redirects=False)
        return response.status_code < 400
    except requests.RequestException:
        return False


def refresh(urls: Iterable[str], config: ArchiveConfig, today: dt.date, *, archive: bool = False,
            prune: bool = True) -> dict[str, Snapshot]:
    """Look up (and with ``archive``, request) snapshots for ``urls``; write the file if anything changed.

    An address with a snapshot is not asked again; one without is asked again after ``recheck``. A failed
    look-up (endpoint down, slow or odd) changes nothing and is tried next time; once the endpoint cannot be
    reached at all, the remaining addresses are not asked (each would wait for the same failure). With ``prune``, entries
    for addresses no longer cited are dropped (``urls`` is then every cited address).
    """
    from .links import is_local

    known = load(config.file)
    wanted = sorted(set(urls))
    if not is_local(urlsplit(config.availability or "").hostname):  # no archive elsewhere can reach this machine
        wanted = [u for u in wanted if not is_local(urlsplit(u).hostname)]
    changed = False
    if config.availability:
        for url in wanted:
            entry = known.get(url)
            due = entry is None or (entry.snapshot is None and _older(entry.looked_up, today, config.recheck))
            if archive and config.save and (entry is None or entry.snapshot is None):
                due = request_save(url, config) or due
            if not due:
                continue
            try:
                found = closest(url, config)
            except EndpointDown:
                break
            if found is None:
                continue
            known[url] = Snapshot(url, found[0], found[1], today.isoformat())
            changed = True
    kept = {u: s for u, s in known.items() if u in set(wanted)} if prune else known
    if changed or kept.keys() != known.keys():
        save(config.file, kept)
    return kept


def archivable(repo) -> list[str]:
    """Every address to keep an archive copy of: cited pages and the clinics' own pages, not archive copies."""
    from .citedurls import collect_urls

    copies = {u for s in repo.sources.values() for u in s.archived}
    copies |= {c.archived for f in repo.factchecks.values() for a in f.annotations for c in a.citations if c.archived}
    return [u for u in collect_urls(repo) if u not in copies]


def _older(day: str, today: dt.date, age: dt.timedelta) -> bool:
    try:
        return today - dt.date.fromisoformat(day) >= age
    except ValueError:
        return True


def archived_copies(repo, snapshots: dict[str, Snapshot]) -> set[str]:
    """Addresses a reader can still read through an archive copy (a snapshot, or one given in the files)."""
    have = {u for u, s in snapshots.items() if s.snapshot}
    have |= {c.url for f in repo.factchecks.values() for a in f.annotations for c in a.citations if c.archived}
    return have
