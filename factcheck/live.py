"""What a preview (``mkdocs serve``) keeps between rebuilds, so that saving one file costs one fact-check's work.

``LiveRepository`` re-reads and re-anchors only the sources, fact-checks and
watch logs whose files changed (size, modification time, inode), and keeps
the others as they were checked. ``LivePages`` and ``LiveExport`` keep each
source's page list and export items until its files change. ``PageChanges``
says which generated pages have new inputs since the last rebuild, and which
files are no longer published, so that the rest can be left on disk as they
are. A page's inputs: its source's files, the /links/ pages its cited
addresses are listed on (other fact-checks can move them), for a browse page
the items it lists, and what every page shows (settings, link statuses, quote
checks, problems). Nothing here knows MkDocs; the hooks hand MkDocs the answers.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Hashable, Iterable

from .check import Checked, check_sources
from .export import compact_json, web_annotation
from .links import LinkReport
from .model import Repository
from .pagecontract import text_url
from .problems import Problem
from .render import Page, SiteRenderer

Stamp = tuple  # (name, size, mtime_ns, inode, is a link) of each file of one source id


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def _stamp(entry: os.DirEntry) -> tuple:
    try:
        st = entry.stat()
    except OSError:
        return (entry.name, -1, -1, -1, False)
    return (entry.name, st.st_size, st.st_mtime_ns, st.st_ino, entry.is_symlink())


def stamps(root: Path) -> dict[str, Stamp]:
    """Source id -> the stamps of its files: ``sources/<id>/*``, ``annotations/<id>.*`` and ``watch/<id>.*``."""
    found: dict[str, list] = {}
    for folder in _entries(root / "sources"):
        if folder.is_dir():
            found.setdefault(folder.name, []).append(
                ("sources", folder.is_symlink(), tuple(sorted(_stamp(f) for f in _entries(Path(folder.path))))))
    for kind in ("annotations", "watch"):
        for file in _entries(root / kind):
            found.setdefault(PurePosixPath(file.name).stem, []).append((kind, _stamp(file)))
    return {sid: tuple(parts) for sid, parts in found.items()}


def _folders(found: dict[str, Stamp]) -> set[str]:
    """The ids that have a source folder."""
    return {sid for sid, parts in found.items() if any(part[0] == "sources" for part in parts)}


def unit_of(problem: Problem) -> str:
    """The source id a problem of ``check_sources`` belongs to, from its path."""
    parts = PurePosixPath(problem.path).parts
    if len(parts) >= 2 and parts[0] == "sources":
        return parts[1]
    return PurePosixPath(parts[-1]).stem


@dataclass
class LiveRepository:
    """A checked repository kept between rebuilds; ``refresh`` reloads what changed on disk."""

    root: Path
    _stamps: dict[str, Stamp] = field(default_factory=dict)
    _units: dict[str, Checked] = field(default_factory=dict)
    _uncommitted: set[str] = field(default_factory=set)

    def refresh(self) -> tuple[Checked, set[str]]:
        """The whole repository checked, as ``check_sources(root, None)`` would, and the ids that changed
        since the last ``commit``."""
        now = stamps(self.root)
        changed = {sid for sid in now.keys() | self._stamps.keys() if now.get(sid) != self._stamps.get(sid)}
        if _folders(now) != _folders(self._stamps):
            # A file's messages can name other sources ("unknown source 'x'; did you mean ...").
            changed |= {sid for sid, unit in self._units.items() if unit.problems}
        if changed:
            self._reload(changed & now.keys())
            for sid in changed - now.keys():
                self._units.pop(sid, None)
        self._stamps = now
        self._uncommitted |= changed
        return self._merged(), set(self._uncommitted)

    def commit(self) -> None:
        """The site now shows every change returned by ``refresh``."""
        self._uncommitted.clear()

    def stamp(self, sid: str) -> Stamp:
        return self._stamps.get(sid, ())

    def _reload(self, ids: set[str]) -> None:
        fresh = check_sources(self.root, ids)
        problems: dict[str, list[Problem]] = {}
        for problem in fresh.problems:
            problems.setdefault(unit_of(problem), []).append(problem)
        for sid in ids:
            repo = Repository(self.root)
            for part in ("sources", "factchecks"):
                if sid in getattr(fresh.repo, part):
                    getattr(repo, part)[sid] = getattr(fresh.repo, part)[sid]
            anchors = {sid: fresh.anchors[sid]} if sid in fresh.anchors else {}
            watch = {sid: fresh.watch[sid]} if sid in fresh.watch else {}
            self._units[sid] = Checked(repo, anchors, watch, problems.get(sid, []))

    def _merged(self) -> Checked:
        # In the order a whole check loads them: folders by name, fact-checks by file name.
        merged = Checked(Repository(self.root))
        for sid in sorted(self._units):
            unit = self._units[sid]
            merged.repo.sources.update(unit.repo.sources)
            merged.anchors.update(unit.anchors)
            merged.watch.update(unit.watch)
        for sid in sorted(self._units, key=lambda s: f"{s}.yml"):
            merged.repo.factchecks.update(self._units[sid].repo.factchecks)
        merged.problems = sorted(p for unit in self._units.values() for p in unit.problems)
        return merged


def shared_inputs(settings: tuple, report: LinkReport, snapshots: dict[str, Any], problems: list[Problem]) -> str:
    """A hash of what every page may show: the site's settings, link statuses, quote checks, archive copies
    and (in a preview's banner) the problems."""
    quotes = [(q.url, q.quote, q.result.status, q.result.detail, q.result.checked_at) for q in report.quotes]
    parts = (settings, sorted(report.results.items()), quotes, sorted(snapshots.items()), problems)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def page_inputs(renderer: SiteRenderer, page: Page, live: LiveRepository,
                hrefs: Callable[[str], tuple] | None = None) -> Hashable:
    """What ``page`` is made from, besides what every page shows; equal inputs make an equal page."""
    if page.source_id is not None:  # a source, claim or problems page: its own files and the /links/ pages
        # that its cited addresses are listed on (other fact-checks' links can move them to another page)
        return (page.kind, page.title, live.stamp(page.source_id), (hrefs or _hrefs(renderer))(page.source_id))
    section = page.section
    if section is not None:
        return (page.kind, page.title, page.description, section.anchor, section.noun, repr(section.badge),
                len(section.items), section.page_count, page.number,
                tuple(_item_inputs(item, live) for item in section.page(page.number)))
    return (page.kind, page.title, renderer.content(page))  # an overview: cheap to render, so rendered


def _hrefs(renderer: SiteRenderer) -> Callable[[str], tuple]:
    """Source id -> where /links/ lists each address its fact-check cites (the same for all its pages)."""
    @lru_cache(maxsize=None)
    def hrefs(sid: str) -> tuple:
        entries = renderer.entries_by_source.get(sid, [])
        return tuple(renderer.link_href(c.url) for e in entries for c in e.ann.citations)
    return hrefs


def _item_inputs(item: Any, live: LiveRepository) -> Hashable:
    """One item of a browse page: a claim, a fact-checked source or a cited address's row."""
    if isinstance(item, dict) and "claims" in item:  # a /links/ row; its status and quotes are shared inputs
        return (item["url"], tuple(item["claims"]), item["more"], item["archived"], item["archived_on"])
    if isinstance(item, dict):  # a source summary
        return (item["url"], live.stamp(item["source"].id))
    return (item.claim_url, live.stamp(item.source.id))


@dataclass
class PageChanges:
    """Remembers each generated page and its inputs as of the last rebuild that succeeded."""

    _last: dict[str, tuple[Hashable, Page]] = field(default_factory=dict)
    _shared: str = ""
    _pending: tuple[dict[str, tuple[Hashable, Page]], str] | None = None

    def update(self, renderer: SiteRenderer, pages: Iterable[Page], live: LiveRepository,
               shared: str) -> tuple[set[str], set[str]]:
        """(addresses of pages that are new or whose inputs changed, files published before and no longer).

        ``shared`` sums up what every page shows; when it changes, every page has changed. Nothing is
        remembered until ``commit``: after a failed rebuild, the next one makes the same pages again.
        """
        hrefs = _hrefs(renderer)
        now = {page.url: (page_inputs(renderer, page, live, hrefs), page) for page in pages}
        everything = shared != self._shared
        changed = {url for url, (inputs, _) in now.items()
                   if everything or url not in self._last or self._last[url][0] != inputs}
        before = {file for _, page in self._last.values() for file in published(page)}
        self._pending = (now, shared)
        return changed, before - {file for _, page in now.values() for file in published(page)}

    def commit(self) -> None:
        """The pages of the last ``update`` are on disk."""
        if self._pending is not None:
            self._last, self._shared = self._pending
            self._pending = None


@dataclass
class LiveExport:
    """Each annotation's Web Annotation JSON, made again only when its source's files change."""

    _made: dict[str, tuple[Hashable, str]] = field(default_factory=dict)

    def encoder(self, renderer: SiteRenderer, live: LiveRepository) -> Callable[[Any], str]:
        """For ``SiteRenderer.write_exports``; forgets the annotations no longer exported."""
        self._made = {e.claim_url: self._made[e.claim_url] for e in renderer.entries.values()
                      if e.claim_url in self._made}

        def encoded(entry: Any) -> str:
            key = (live.stamp(entry.source.id), renderer.site_url)
            made = self._made.get(entry.claim_url)
            if made is None or made[0] != key:
                made = self._made[entry.claim_url] = (key, compact_json(web_annotation(entry, renderer.absolute)))
            return made[1]
        return encoded


def published(page: Page) -> list[str]:
    """The files published for a generated page: itself, its preview image, a source's archived text."""
    files = [page.url + "index.html"]
    if page.preview is not None:
        files.append(page.image_url)
    if page.kind == "source" and page.source_id:
        files.append(text_url(page.source_id))
    return files


@dataclass
class LivePages:
    """The generated pages, each source's made again only when its files changed."""

    _made: dict[str, tuple[Hashable, list[Page]]] = field(default_factory=dict)

    def pages(self, renderer: SiteRenderer, live: LiveRepository) -> list[Page]:
        """``renderer.pages()``, in the same order."""
        own = []
        for sid in sorted(renderer.checked.repo.sources):
            # A preview leaves out a fact-check with problems; its files alone may not say so.
            stamp = (live.stamp(sid), sid in renderer.checked.repo.factchecks)
            made = self._made.get(sid)
            if made is None or made[0] != stamp:
                made = self._made[sid] = (stamp, renderer.source_pages(sid))
            own.append(made[1])
        for sid in set(self._made) - set(renderer.checked.repo.sources):
            del self._made[sid]
        return [p for pages in own for p in pages] + renderer.index_pages()


def remove_files(site_dir: Path, files: Iterable[str]) -> None:
    """Delete published ``files`` (relative to the site), and their folders once empty."""
    for file in files:
        path = site_dir / file
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
