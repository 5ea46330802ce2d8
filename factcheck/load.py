"""Load ``sources/`` and ``annotations/`` into typed objects, collecting every problem.

Structure is checked by the JSON Schemas in ``factcheck/schemas/``; this
module adds what a schema cannot say: names that must agree, real dates,
the page hash, duplicate ids, verdicts without evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Callable

from .model import Annotation, Citation, Correction, FactCheck, Pos, Repository, Source
from .pagecontract import id_collisions
from .problems import Problems
from .schema import SLUG, suggest, validate
from .sourcetext import SourceText, cached_source, fill_cache_in_background
from .starter import PLACEHOLDER
from .yamlpos import Located, decode, load_yaml

MAX_PAGE_BYTES = 2_000_000


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _positions(doc: Located, base: tuple) -> dict[str, Pos]:
    """Positions of the keys directly under ``base``; "" is ``base`` itself."""
    return {"": doc.pos(base), **doc.keys_under(base)}


def _check_date(value: Any, where: Pos, path: str, problems: Problems) -> None:
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            problems.add(path, *where, f"'{value}' is not a real date (YYYY-MM-DD)")


def _inside(path: Path, root: Path) -> bool:
    """False when a symbolic link leads ``path`` out of ``root``.

    Only links can lead out (ids cannot contain "/" or ".."), so only they are resolved.
    """
    if not (path.is_symlink() or path.parent.is_symlink()):
        return True
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def load_source(folder: Path, root: Path, problems: Problems, texts: bool = True) -> Source | None:
    """Load ``sources/<id>/source.yml`` and its ``page.md``; with ``texts``, the page's visible text too."""
    sid = folder.name
    yml, page = folder / "source.yml", folder / "page.md"
    shown = relative(yml, root)
    if not _inside(folder, root):
        problems.add(relative(folder, root), 1, 1, "source folder points outside the repository (symbolic link?)")
        return None
    if not yml.is_file():
        problems.add(shown, 1, 1, "missing source.yml: every source folder needs one")
        return None
    doc = load_yaml(yml, shown, problems)
    if doc is None or validate(doc, "source", shown, problems):
        return None
    data, pos = doc.data, _positions(doc, ())
    valid = True
    if not _is_slug(sid):
        problems.add(shown, 1, 1, f"bad source id '{sid}' (folder name): use lower-case letters, digits and hyphens")
        valid = False
    for key in ("captured", "published"):
        if key in data:
            _check_date(data[key], pos[key], shown, problems)
    read = _read_page(page, root, problems)
    if read is None:
        return None
    markdown, actual = read
    if actual != data["sha256"]:
        problems.add(shown, *pos["sha256"],
                     f"sha256 does not match page.md (it is {actual}); page.md must not change once "
                     f"annotated: archive a changed page as a new source, or run `factcheck hash {sid}` "
                     "if this is a new source")
        valid = False
    if not valid:
        return None
    reload = _reloader(page, actual, root)
    text = cached_source(markdown, actual, root / ".cache" / "pages", reload) if texts else SourceText(reload)
    return Source(
        id=sid, title=data["title"], publisher=data["publisher"], url=data["url"],
        captured=data["captured"], published=data.get("published"), sha256=data["sha256"], path=shown, page_path=page,
        appearances=data.get("appearances", []), archived=data.get("archived", []),
        language=data.get("language", "en"), topics=data.get("topics", []), note=data.get("note"), pos=pos,
        _text=text,
    )


class PageChanged(RuntimeError):
    """page.md changed between checking and rendering: its highlights would be wrong."""


def _reloader(page: Path, sha256: str, root: Path):
    def reload() -> str:
        raw = page.read_bytes()
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise PageChanged(f"{relative(page, root)}:1:1: page.md changed while the site was being built; "
                              "build again")
        return raw.decode("utf-8").removeprefix("\ufeff")
    return reload


def _read_page(page: Path, root: Path, problems: Problems) -> tuple[str, str] | None:
    """The page's Markdown and the SHA-256 of its bytes (one read: both describe the same text)."""
    shown = relative(page, root)
    if not page.is_file():
        problems.add(shown, 1, 1, "missing page.md: the archived text of this source")
        return None
    if not _inside(page, root):
        problems.add(shown, 1, 1, "page.md points outside the repository (symbolic link?)")
        return None
    raw = page.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        problems.add(shown, 1, 1, f"page.md is {len(raw):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
        return None
    markdown = decode(raw, shown, problems)
    return None if markdown is None else (markdown, hashlib.sha256(raw).hexdigest())


def _is_slug(text: str) -> bool:
    return bool(SLUG.fullmatch(text)) and len(text) <= 64


def load_factcheck(file: Path, root: Path, problems: Problems) -> FactCheck | None:
    """Load ``annotations/<source-id>.yml`` (structure and self-consistency only)."""
    shown = relative(file, root)
    if not _inside(file, root):
        problems.add(shown, 1, 1, "annotation file points outside the repository (symbolic link?)")
        return None
    doc = load_yaml(file, shown, problems)
    if doc is None:
        return None
    return factcheck_from_doc(doc, shown, file.stem, problems)


def factcheck_from_doc(doc: Located, shown: str, stem: str, problems: Problems) -> FactCheck | None:
    """A loaded annotation file as a FactCheck (``stem``: its file name without ``.yml``)."""
    failed = validate(doc, "annotations", shown, problems)
    data, pos = doc.data, _positions(doc, ())
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), list) or not isinstance(
            data.get("source"), str):
        return None
    # An annotation with schema errors is reported and left out of anchoring; the
    # others are still anchored so that one run reports every problem.
    bad_items = {p[1] for p in failed if len(p) >= 2 and p[0] == "annotations"}
    if data["source"] != stem:
        problems.add(shown, *pos["source"],
                     f"source '{data['source']}' does not match the file name '{stem}.yml'; "
                     f"the file must be annotations/{data['source']}.yml")
    for key in ("published", "updated", "reviewed"):
        if key in data:
            _check_date(data[key], pos[key], shown, problems)
    _check_placeholders(doc.data, (), doc, shown, problems)
    annotations = [_annotation(item, doc, ("annotations", i), shown, problems)
                   for i, item in enumerate(data["annotations"]) if i not in bad_items]
    _check_ids(annotations, shown, problems)
    bad_log = any(p[:1] == ("corrections",) for p in failed)
    corrections = [] if bad_log else [_correction(item, doc, ("corrections", i), shown, problems)
                                      for i, item in enumerate(data.get("corrections", []))]
    factcheck = FactCheck(
        source=data["source"], verdict=data.get("verdict", ""), headline=data.get("headline", ""),
        takeaways=data.get("takeaways", []), authors=data.get("authors", []), published=data.get("published", ""),
        annotations=annotations, path=shown, reviewers=data.get("reviewers", []), reviewed=data.get("reviewed"),
        updated=data.get("updated"), corrections=corrections, pos=pos, valid=not failed, text=doc.text,
        spans={p: s for p, s in doc.spans.items() if p[:1] in (("headline",), ("takeaways",)) and len(p) <= 2},
    )
    if not failed:
        _check_review(factcheck, shown, problems)
    return factcheck


def _correction(item: dict, doc: Located, base: tuple, shown: str, problems: Problems) -> Correction:
    entry = Correction(date=item["date"], kind=item["kind"], annotations=item["annotations"], what=item["what"],
                       why=item["why"], summary=item.get("summary", []), pos=_positions(doc, base))
    _check_date(entry.date, entry.at("date"), shown, problems)
    return entry


def _check_review(fc: FactCheck, shown: str, problems: Problems) -> None:
    """The review record and the corrections log agree with each other and with the file."""
    for handle in sorted(set(fc.reviewers) & set(fc.authors)):
        problems.add(shown, *fc.at("reviewers"),
                     f"'{handle}' is both an author and a reviewer; a review must come from someone else")
    if fc.reviewed and not fc.reviewers:
        problems.add(shown, *fc.at("reviewed"), "'reviewed' is set but 'reviewers' is empty: name who reviewed it")
    ids = [a.id for a in fc.annotations]
    previous = fc.published
    for entry in fc.corrections:
        for aid in entry.annotations:
            if aid not in ids:
                problems.add(shown, *entry.at("annotations"),
                             f"correction of {entry.date} names annotation '{aid}', which is not in this file"
                             f"{suggest(aid, ids)}")
        if entry.date < previous:
            problems.add(shown, *entry.at("date"),
                         f"correction of {entry.date} is dated before {previous}: the log runs oldest first, "
                         "and nothing is corrected before it is published")
        previous = max(previous, entry.date)
    if fc.corrections and fc.updated and fc.updated != fc.last_changed:
        problems.add(shown, *fc.at("updated"),
                     f"'updated' is {fc.updated} but the newest correction is dated {fc.last_changed}; "
                     f"set updated: {fc.last_changed} (or leave it out: it follows the log)")


def _annotation(item: dict, doc: Located, base: tuple, shown: str, problems: Problems) -> Annotation:
    pos = _positions(doc, base)
    citations = []
    for i, cit in enumerate(item.get("citations", [])):
        where = doc.pos(base + ("citations", i))
        if "date" in cit:
            _check_date(cit["date"] if len(cit["date"]) == 10 else None, where, shown, problems)
        citations.append(Citation(**cit, line=where[0]))
    ann = Annotation(
        id=item["id"], quote=item["quote"], comment=item["comment"], prefix=item.get("prefix"),
        suffix=item.get("suffix"), claim=item.get("claim"),
        claim_short=item.get("claim_short"), finding=item.get("finding"), verdict=item.get("verdict"),
        citations=citations, tags=item.get("tags", []), pos=pos,
        spans={k: doc.spans[base + (k,)] for k in ("comment", "finding") if base + (k,) in doc.spans},
    )
    if ann.verdict and not ann.citations:
        problems.add(shown, *ann.at("verdict"),
                     f"annotation '{ann.id}' has verdict '{ann.verdict}' but no citations; "
                     "a rated claim needs at least one source (or remove the verdict to make a context note)")
    if ann.verdict and not ann.claim:
        problems.add(shown, *ann.at("verdict"),
                     f"annotation '{ann.id}' has a verdict but no 'claim': say in plain words what is rated")
    return ann


def _check_placeholders(value: Any, path: tuple, doc: Located, shown: str, problems: Problems) -> None:
    """A starter file's TODOs must all be replaced before anything is published."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_placeholders(item, path + (key,), doc, shown, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_placeholders(item, path + (index,), doc, shown, problems)
    elif isinstance(value, str) and value.lstrip().startswith(PLACEHOLDER):
        field = next((p for p in reversed(path) if isinstance(p, str)), "value")
        problems.add(shown, *doc.pos(path), f"placeholder left in '{field}': replace '{value[:40]}'")


def _check_ids(annotations: list[Annotation], shown: str, problems: Problems) -> None:
    first: dict[str, Pos] = {}
    for ann in annotations:
        where = ann.at("id")
        if ann.id in first:
            problems.add(shown, *where, f"duplicate id '{ann.id}' (first used at line {first[ann.id][0]}); "
                                        "ids are unique within a file and never reused")
        else:
            first[ann.id] = where
    collisions = id_collisions([ann.id for ann in annotations])
    for ann in annotations:
        if ann.id in collisions:
            problems.add(shown, *ann.at("id"), f"id '{ann.id}' collides with an id the source page already uses "
                                               f"for {collisions[ann.id]}; choose another")


def source_folders(root: Path) -> list[Path]:
    base = root / "sources"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() or p.is_symlink())


def annotation_files(root: Path) -> list[Path]:
    base = root / "annotations"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.suffix in (".yml", ".yaml"))


def load_repository(root: Path, problems: Problems, only: set[str] | None = None,
                    texts: bool = True) -> Repository:
    """Load every source and fact-check (or only those of the source ids in ``only``).

    Without ``texts``, pages are read and hashed but not parsed until their
    visible text is asked for (checking links, for example, needs none).
    """
    repo = Repository(root=root)
    folders = [f for f in source_folders(root) if only is None or f.name in only]
    pages = _pages(folders, root) if texts else []
    parsed = fill_cache_in_background(pages, root / ".cache" / "pages")
    known_ids = [p.name for p in source_folders(root)]
    for file in annotation_files(root):
        if only is not None and file.stem not in only:
            continue
        shown = relative(file, root)
        if file.suffix == ".yaml":
            problems.add(shown, 1, 1, f"annotation files end in .yml: rename to {file.stem}.yml")
            continue
        factcheck = load_factcheck(file, root, problems)
        if factcheck is None:
            continue
        if factcheck.source not in known_ids:
            problems.add(shown, *factcheck.at("source"),
                         f"unknown source '{factcheck.source}'{suggest(factcheck.source, known_ids)} "
                         "(no folder sources/<id>/ with that name)")
            continue
        if factcheck.source != file.stem:
            continue
        repo.factchecks[factcheck.source] = factcheck
    parsed()  # pages parsed in the background meanwhile, if any, are now in the cache
    for folder in folders:
        source = load_source(folder, root, problems, texts)
        if source:
            repo.sources[source.id] = source
    return repo


def _pages(folders: list[Path], root: Path) -> list[tuple[str, Callable[[], str | None]]]:
    """(SHA-256, reader) of each readable page.md; problems are left for load_source to report."""
    def reader(page: Path, sha: str) -> Callable[[], str | None]:
        def read() -> str | None:
            try:
                raw = page.read_bytes()
            except OSError:
                return None
            return decode(raw, "", Problems()) if hashlib.sha256(raw).hexdigest() == sha else None
        return read

    pages = []
    for folder in folders:
        page = folder / "page.md"
        try:
            if _inside(page, root) and page.stat().st_size <= MAX_PAGE_BYTES:
                sha = hashlib.sha256(page.read_bytes()).hexdigest()
                pages.append((sha, reader(page, sha)))
        except OSError:
            continue
    return pages
