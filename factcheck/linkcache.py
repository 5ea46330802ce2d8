"""The link-check cache: one JSON file of results with timestamps and an age limit per status."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

from .linkstatus import STATUSES, LinkResult

DEFAULT_MAX_AGE = {"ok": "7d", "redirected": "7d", "unverified": "1d", "broken": "0"}
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_age(value: str | int | float) -> dt.timedelta:
    """``"7d"``, ``"12h"``, ``"90m"``, ``"30s"`` or a number of seconds."""
    match = _AGE.match(str(value))
    if not match:
        raise ValueError(f"bad age {value!r}: use a number with s, m, h, d or w (e.g. 7d)")
    return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return None


class LinkCache:
    def __init__(self, path: Path, max_age: dict[str, dt.timedelta]):
        self.path = path
        self.max_age = max_age
        self.results: dict[str, LinkResult] = {}

    def load(self) -> "LinkCache":
        try:
            data = json.loads(self.path.read_text("utf-8"))
            entries = data.get("results", {}) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            entries = {}  # a missing or damaged cache only means checking again
        for url, item in entries.items():
            if isinstance(item, dict) and item.get("status") in STATUSES:
                self.results[url] = LinkResult(url=url, status=item["status"], code=item.get("code"),
                                               final_url=item.get("final_url"), detail=item.get("detail", ""),
                                               checked_at=item.get("checked_at", ""), since=item.get("since", ""))
        return self

    def fresh(self, url: str, now: dt.datetime) -> bool:
        result = self.results.get(url)
        if result is None:
            return False
        checked = parse_stamp(result.checked_at)
        return checked is not None and now - checked < self.max_age.get(result.status, dt.timedelta(0))

    def save(self, keep: set[str]) -> None:
        """Write atomically, keeping only the addresses still cited."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": 1, "results": {url: {k: v for k, v in r.to_json().items() if k != "url"}
                                          for url, r in sorted(self.results.items()) if url in keep}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, self.path)
