"""The observation log of one source, ``watch/<source-id>.yml``: read, check and append.

The tool writes it; people review it in pull requests. So it is a plain YAML
list, oldest first, one observation per live address per day, each value on
one line. New observations are appended as text at the end of the file: a run
never re-serialises, reorders or rewrites what is there. An address seen again
with the same text and the same states adds only a short ``unchanged since``
entry, and nothing at all on the day of the last observation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problems
from .schema import validate
from .yamlpos import load_yaml

WATCH_DIR = "watch"
HEADER = """\
# yaml-language-server: $schema=../factcheck/schemas/watch.schema.json
# What became of each checked passage on the clinic's live page. Written by `factcheck watch`:
# new observations are added at the end; earlier ones are never changed.
"""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 ./?=&%+@~_,-]|:(?! ))*(?<![ :])")  # no ": " and no " #"


@dataclass
class Observation:
    """One fetch of one live address; ``claims`` maps annotation ids to states."""

    date: str
    address: str
    status: int | None
    claims: dict[str, str] = field(default_factory=dict)
    now_says: dict[str, str] = field(default_factory=dict)  # annotation id -> the live page's words
    sha256: str | None = None
    redirected_to: str | None = None
    reason: str | None = None  # why the page counts as gone
    unchanged_since: str | None = None  # a short "seen again" entry: everything as on that date
    line: int = 1

    def same_as(self, other: "Observation") -> bool:
        """Same answer, text and states (dates aside)."""
        keys = ("address", "status", "claims", "now_says", "sha256", "redirected_to", "reason")
        return all(getattr(self, k) == getattr(other, k) for k in keys)

    def to_yaml(self) -> str:
        """This observation as one item of the ``observations`` list, indented under it."""
        pairs: list[tuple[str, object]] = [("date", self.date), ("address", self.address), ("status", self.status)]
        pairs += [(k, v) for k, v in (("redirected to", self.redirected_to), ("reason", self.reason),
                                      ("sha256", self.sha256)) if v]
        lines = [f"{k}: {_scalar(v)}" for k, v in pairs]
        if self.unchanged_since:
            lines.append(f"unchanged since: {self.unchanged_since}")
        else:
            lines.append("claims:" + ("" if self.claims else " {}"))
            lines += [f"  {aid}: {state}" for aid, state in self.claims.items()]
            if self.now_says:
                lines.append("now says:")
                lines += [f"  {aid}: {_scalar(text)}" for aid, text in self.now_says.items()]
        return "  - " + "\n    ".join(lines) + "\n"


def _scalar(value: object) -> str:
    """A YAML scalar on one line: plain where that reads back as the same text, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _DATE.fullmatch(text) or (_PLAIN.fullmatch(text) and yaml.safe_load(text) == text):
        return text  # dates stay text: the loader keeps them as written
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=10**9).strip()


@dataclass
class WatchLog:
    source: str
    path: str  # as shown in messages
    observations: list[Observation] = field(default_factory=list)

    def for_address(self, address: str) -> list[Observation]:
        return [o for o in self.observations if o.address == address]

    def resolved(self, obs: Observation) -> Observation:
        """A short "unchanged since" entry with the states of the full entry it refers to."""
        if not obs.unchanged_since:
            return obs
        earlier = [o for o in self.for_address(obs.address) if o.date == obs.unchanged_since and not o.unchanged_since]
        full = earlier[-1] if earlier else obs
        return Observation(obs.date, obs.address, obs.status, full.claims, full.now_says, obs.sha256,
                           full.redirected_to, full.reason, line=obs.line)


def log_path(root: Path, sid: str) -> Path:
    return root / WATCH_DIR / f"{sid}.yml"


def log_files(root: Path) -> list[Path]:
    base = root / WATCH_DIR
    return sorted(p for p in base.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml")) if base.is_dir() else []


def load_log(file: Path, shown: str, problems: Problems, sources: set[str]) -> WatchLog | None:
    """Read and check one log; every problem is reported with its line."""
    doc = load_yaml(file, shown, problems)
    if doc is None or validate(doc, "watch", shown, problems):
        return None
    data = doc.data
    log = WatchLog(data["source"], shown)
    if data["source"] != file.stem:
        problems.add(shown, *doc.pos(("source",)), f"source '{data['source']}' does not match the file name "
                                                    f"'{file.name}'; the file must be watch/{data['source']}.yml")
    elif data["source"] not in sources:
        problems.add(shown, *doc.pos(("source",)), f"unknown source '{data['source']}' (no sources/{data['source']}/)")
    previous = ""
    for i, item in enumerate(data["observations"]):
        at = doc.pos(("observations", i))
        obs = Observation(item["date"], item["address"], item["status"], item.get("claims", {}),
                          item.get("now says", {}), item.get("sha256"), item.get("redirected to"), item.get("reason"),
                          item.get("unchanged since"), line=at[0])
        _check_observation(obs, "claims" in item, log, previous, doc.pos(("observations", i, "date")), shown, problems)
        previous = max(previous, obs.date)
        log.observations.append(obs)
    return log


def _check_observation(obs: Observation, full: bool, log: WatchLog, previous: str, at: tuple[int, int],
                       shown: str, problems: Problems) -> None:
    try:
        dt.date.fromisoformat(obs.date)
    except ValueError:
        problems.add(shown, *at, f"'{obs.date}' is not a real date (YYYY-MM-DD)")
    if obs.date < previous:
        problems.add(shown, *at, f"observation of {obs.date} comes after one of {previous}: the log runs oldest "
                                 "first and is only ever appended to (by factcheck watch)")
    if obs.unchanged_since:
        if obs.claims or obs.now_says:
            problems.add(shown, obs.line, 1, "an 'unchanged since' entry has no 'claims' or 'now says' of its own")
        elif not any(o.date == obs.unchanged_since and not o.unchanged_since for o in log.for_address(obs.address)):
            problems.add(shown, obs.line, 1, f"'unchanged since: {obs.unchanged_since}' names no earlier full "
                                             f"observation of {obs.address}")
    elif not full:
        problems.add(shown, obs.line, 1, "an observation needs 'claims' (or 'unchanged since' when seen again)")
    for aid in obs.now_says:
        if obs.claims.get(aid) != "changed":
            problems.add(shown, obs.line, 1, f"'now says' has words for '{aid}', whose state is not 'changed'")


def rewritten(root: Path, revision: str, problems: Problems) -> None:
    """A problem for every log that, since git ``revision``, changed anything but its end (or was deleted)."""
    import subprocess

    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", revision, "--", WATCH_DIR], cwd=root,
                             capture_output=True, text=True)
    if listing.returncode != 0:
        raise ValueError(f"cannot read git revision {revision!r}: {listing.stderr.strip()}")
    for name in listing.stdout.splitlines():
        old = subprocess.run(["git", "show", f"{revision}:{name}"], cwd=root, capture_output=True).stdout
        try:
            new = (root / name).read_bytes()
        except OSError:
            problems.add(name, 1, 1, f"watch log deleted since {revision}: the logs are only ever appended to")
            continue
        if not new.startswith(old):
            line = next((i for i, (a, b) in enumerate(zip(old.splitlines(), new.splitlines()), 1) if a != b),
                        min(len(old.splitlines()), len(new.splitlines())) + 1)
            problems.add(name, line, 1, f"earlier observations changed since {revision}: a watch log is only "
                                        "appended to, by factcheck watch")


def append(root: Path, sid: str, observations: list[Observation]) -> Path:
    """Add ``observations`` at the end of the source's log (created when missing)."""
    path = log_path(root, sid)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(o.to_yaml() for o in observations)
    if not path.exists():
        path.write_text(f"{HEADER}source: {sid}\nobservations:\n{text}", "utf-8")
        return path
    with path.open("rb+") as fh:  # the list runs to the end of the file: appending adds to it
        fh.seek(0, 2)
        if fh.tell():
            fh.seek(-1, 2)
            if fh.read(1) != b"\n":
                text = "\n" + text
        fh.write(text.encode("utf-8"))
    return path
