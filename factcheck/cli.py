"""The ``factcheck`` command line."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .check import check
from .load import annotation_files, load_repository, load_source, relative, sha256_of
from .problems import Problem, Problems


def _print_problems(problems: list[Problem], fmt: str) -> None:
    for p in problems:
        if fmt == "github":
            # Workflow commands: newlines and % must be escaped in the message
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={p.path},line={p.line},col={p.col}::{message}")
        else:
            print(p)


def cmd_check(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    checked = check(root, [Path(p) for p in args.paths] or None, publish=args.publish)
    if args.base:
        from .changes import unlogged_changes

        problems = Problems(list(checked.problems))
        try:
            unlogged_changes(checked.repo, args.base, problems)
        except ValueError as err:
            print(f"factcheck check: {err}", file=sys.stderr)
            return 2
        checked.problems = problems.sorted()
    if args.appended_since:
        from .watchlog import rewritten

        extra = Problems()
        try:
            rewritten(root, args.appended_since, extra)
        except ValueError as err:
            print(f"factcheck check: {err}", file=sys.stderr)
            return 2
        checked.problems = sorted(checked.problems + extra.sorted())
    _print_problems(checked.problems, args.format)
    if checked.problems:
        print(f"{len(checked.problems)} problem(s)", file=sys.stderr)
        return 1
    count = sum(len(f.annotations) for f in checked.repo.factchecks.values())
    print(f"ok: {len(checked.repo.sources)} source(s), {count} annotation(s) anchored", file=sys.stderr)
    return 0


def _source_or_fail(root: Path, sid: str):
    problems = Problems()
    folder = root / "sources" / sid
    if not folder.is_dir():
        print(f"sources/{sid}/: no such source", file=sys.stderr)
        return None
    source = load_source(folder, root, problems)
    _print_problems(problems.sorted(), "text")
    return source


def cmd_locate(args: argparse.Namespace) -> int:
    from .locate import as_yaml, locate

    source = _source_or_fail(args.root.resolve(), args.source)
    if source is None:
        return 1
    blocks, error = locate(source.text, args.text)
    if error:
        print(f"sources/{args.source}/page.md:1:1: {error}", file=sys.stderr)
        return 1
    if len(blocks) > 1:
        print(f"# the passage occurs {len(blocks)} times; each block below picks one", file=sys.stderr)
    print("\n".join(as_yaml(b) for b in blocks), end="")
    return 0


_SHA_LINE = re.compile(r"^sha256:.*$", re.MULTILINE)


def cmd_hash(args: argparse.Namespace) -> int:
    """Write page.md's SHA-256 into source.yml (refused once the page is annotated)."""
    root = args.root.resolve()
    status = 0
    annotated = {f.stem for f in annotation_files(root)}
    for sid in args.sources:
        folder = root / "sources" / sid
        yml, page = folder / "source.yml", folder / "page.md"
        if not (yml.is_file() and page.is_file()):
            print(f"sources/{sid}/: needs source.yml and page.md", file=sys.stderr)
            status = 1
            continue
        digest = sha256_of(page)
        text = yml.read_text("utf-8")
        match = _SHA_LINE.search(text)
        if match and match.group(0) == f"sha256: {digest}":
            continue
        if match and sid in annotated and not args.force:
            print(f"{relative(yml, root)}: page.md changed but {sid} is annotated; archive the new text as a "
                  "new source instead (or use --force to correct a capture before publication)", file=sys.stderr)
            status = 1
            continue
        line = f"sha256: {digest}"
        text = _SHA_LINE.sub(line, text) if match else text.rstrip("\n") + f"\n{line}\n"
        yml.write_text(text, "utf-8")
        print(f"{relative(yml, root)}: {line}")
    return status


def cmd_links(args: argparse.Namespace) -> int:
    """Check cited links with LinkChecker, using and refreshing the cache."""
    import json

    from .citedurls import collect_urls
    from .links import LinkConfig, broken_messages, check_links, urls_at_revision
    from .linkstatus import BROKEN, STATUSES
    from .linkcache import now_utc
    from .quotecheck import not_found_messages
    from .snapshots import ArchiveConfig, archivable, archived_copies, refresh
    from .snapshots import load as load_snapshots
    from .siteconfig import SITE_URL_VARIABLE, engine_settings, site_url

    root = args.root.resolve()
    problems = Problems()
    repo = load_repository(root, problems, texts=False)  # quotes do not matter for links
    settings = engine_settings(root / "mkdocs.yml", problems)
    if problems:
        _print_problems(problems.sorted(), "text")
        return 1
    config = LinkConfig.from_mapping(settings.get("links"), root,
                                     os.environ.get(SITE_URL_VARIABLE) or site_url(root))
    only = None
    if args.changed_since:
        try:
            before = urls_at_revision(root, args.changed_since)
        except ValueError as err:
            print(f"factcheck links: {err}", file=sys.stderr)
            return 2
        only = set(collect_urls(repo)) - before
        print(f"{len(only)} address(es) added or changed since {args.changed_since}", file=sys.stderr)
    bar = _ProgressBar() if sys.stderr.isatty() and not args.json else None
    try:
        report = check_links(repo, config, progress=bar, only=only)
    except RuntimeError as err:  # LinkChecker itself failed to run
        print(f"factcheck links: {err}", file=sys.stderr)
        return 2
    finally:
        if bar:
            bar.close()
    archive = ArchiveConfig.from_mapping(settings.get("archive"), root, config.page_limits.user_agent)
    if config.network != "off" and not report.offline:
        urls = [u for u in archivable(repo) if only is None or u in only]
        snaps = refresh(urls, archive, now_utc().date(), archive=args.archive, prune=only is None)
    else:
        snaps = load_snapshots(archive.file)
    if report.offline:
        print(f"no network: {report.offline} link(s) could not be checked; shown as unverified", file=sys.stderr)
    quotes_at: dict[str, list] = {}
    for q in report.quotes:
        quotes_at.setdefault(q.url, []).append(q)
    if args.json:
        for url, result in report.results.items():
            record = {"url": url, "status": result.status, "code": result.code, "final_url": result.final_url,
                      "checked_at": result.checked_at or None,
                      "cited_by": [str(c) for c in report.cited[url].cited_by],
                      "archived_copy": snaps[url].snapshot if url in snaps else None,
                      "archived_on": snaps[url].taken if url in snaps else None,
                      "quotes": [{"cited_by": str(q.citing), "quote": q.quote, "status": q.result.status,
                                  "detail": q.result.detail or None, "checked_at": q.result.checked_at or None}
                                 for q in quotes_at.get(url, [])]}
            print(json.dumps(record, ensure_ascii=False))
    else:
        _summary(report, STATUSES)
    misquoted = not_found_messages(report.quotes)
    broken = broken_messages(report, copies=archived_copies(repo, snaps))
    for line in broken + misquoted:
        print(line, file=sys.stderr)
    return 1 if broken or misquoted else 0


def _summary(report, statuses) -> None:
    counts = {s: len(report.by_status(s)) for s in statuses}
    cached = len(report.results) - report.checked - report.offline
    print(f"{len(report.results)} cited link(s): {report.checked} checked now, {cached} from the cache"
          + (f", {report.offline} not checked (no network)" if report.offline else ""))
    print("  ".join(f"{s}: {n}" for s, n in counts.items()))
    if report.quotes:
        from .quotecheck import QUOTE_STATUSES

        quotes = {s: sum(q.result.status == s for q in report.quotes) for s in QUOTE_STATUSES}
        print(f"{len(report.quotes)} quoted citation(s): " + "  ".join(f"{s}: {n}" for s, n in quotes.items()))
    rows = [r for r in report.results.values() if r.status != "ok"]
    if rows:
        width = max(len(r.status) for r in rows)
        print()
        print(f"{'status':<{width}}  code  address")
        for r in sorted(rows, key=lambda r: (-statuses.index(r.status), r.url)):
            code = str(r.code) if r.code else "-"
            print(f"{r.status:<{width}}  {code:<4}  {r.url}  {r.detail}")


class _ProgressBar:
    """A one-line progress bar on stderr (only on a terminal)."""

    def __init__(self, width: int = 30):
        self.width, self.shown = width, False

    def __call__(self, done: int, total: int, url: str) -> None:
        filled = int(self.width * done / max(total, 1))
        tail = url if len(url) < 50 else url[:47] + "..."
        sys.stderr.write(f"\rchecking links [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {tail:<50}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (self.width + 80) + "\r")
            sys.stderr.flush()


def cmd_archive(args: argparse.Namespace) -> int:
    from .archive import ArchiveError, archive

    root = args.root.resolve()
    try:
        folder = archive(args.url, root, args.source_id, timeout=args.timeout)
    except ArchiveError as err:
        print(f"factcheck archive: {err}", file=sys.stderr)
        return 1
    sid = folder.name
    for name in ("page.md", "source.yml", "capture.html"):
        print(relative(folder / name, root))
    print(f"next: read sources/{sid}/page.md against the page, check publisher and title in source.yml, "
          f"then run: factcheck new {sid}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .starter import write_starter

    try:
        path = write_starter(args.root.resolve(), args.source)
    except (FileNotFoundError, FileExistsError) as err:
        print(f"factcheck new: {err}", file=sys.stderr)
        return 1
    print(relative(path, args.root.resolve()))
    return 0


def _iso_date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def cmd_watch(args: argparse.Namespace) -> int:
    """Fetch each source's live page and record what became of every checked passage in watch/."""
    import datetime as dt
    from collections import Counter

    from .siteconfig import SITE_URL_VARIABLE, engine_settings, site_url
    from .watch import WatchConfig, watch
    from .watchlog import log_path
    from .watchstates import UNREACHABLE

    root = args.root.resolve()
    checked = check(root, [root / "sources" / sid for sid in args.sources] or None)
    if checked.problems:
        _print_problems(checked.problems, "text")
        print(f"{len(checked.problems)} problem(s): fix them before watching", file=sys.stderr)
        return 1
    problems = Problems()
    settings = engine_settings(root / "mkdocs.yml", problems)
    if problems:
        _print_problems(problems.sorted(), "text")
        return 1
    config = WatchConfig.from_mapping(settings.get("watch"),
                                      os.environ.get(SITE_URL_VARIABLE) or site_url(root))
    today = args.date or dt.datetime.now(dt.timezone.utc).date().isoformat()
    report = watch(checked, checked.watch, config, today, write=not args.dry_run)
    for sid, seen in report.seen.items():
        for obs in seen:
            counts = Counter(obs.claims.values())
            states = ", ".join(f"{n} {state}" for state, n in counts.items()) or "no annotations"
            why = f" ({obs.reason})" if obs.reason else ""
            print(f"{sid}: {obs.address}: HTTP {obs.status or '-'}{why}: {states}")
    for sid, address, why in report.unreachable:
        print(f"{sid}: {address}: {UNREACHABLE} ({why}); nothing recorded", file=sys.stderr)
    for sid in report.no_address:
        print(f"{sid}: no live address known (url and appearances are empty)", file=sys.stderr)
    if report.offline:
        print(f"no network: {len(report.offline)} address(es) not watched", file=sys.stderr)
    for sid, added in report.observations.items():
        verb = "would add" if args.dry_run else "added"
        print(f"{relative(log_path(root, sid), root)}: {verb} {len(added)} observation(s)", file=sys.stderr)
    if not report.observations:
        print("nothing new to record", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Annotated fact-checks of clinic pages.")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository folder (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="validate and anchor every fact-check (or the named files)")
    p.add_argument("paths", nargs="*", help="annotation files or source folders (default: everything)")
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github: ::error lines that show inline in pull requests")
    p.add_argument("--publish", action="store_true",
                   help="also refuse drafts (fact-checks without a completed review): run before deploying")
    p.add_argument("--base", metavar="GIT-REF",
                   help="refuse changes to fact-checks published at this revision that the corrections log does "
                        "not record (for pull requests)")
    p.add_argument("--appended-since", metavar="GIT-REF",
                   help="also refuse watch logs changed anywhere but at their end since this revision")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("locate", help="print a ready quote/prefix/suffix block for a passage")
    p.add_argument("source", help="source id (folder name in sources/)")
    p.add_argument("text", help="the passage, as you see it on the page")
    p.set_defaults(func=cmd_locate)

    p = sub.add_parser("hash", help="write page.md's sha256 into source.yml")
    p.add_argument("sources", nargs="+", help="source ids")
    p.add_argument("--force", action="store_true", help="rewrite even when the source is annotated")
    p.set_defaults(func=cmd_hash)

    p = sub.add_parser("links", help="check every cited link (LinkChecker), using and refreshing the cache")
    p.add_argument("--json", action="store_true", help="one JSON object per address")
    p.add_argument("--changed-since", metavar="GIT-REF",
                   help="check only the addresses added or changed since this revision (for pull requests)")
    p.add_argument("--archive", action="store_true",
                   help="also ask the web archive to save a copy of every address that has none")
    p.set_defaults(func=cmd_links)

    p = sub.add_parser("archive", help="fetch a clinic page and keep it as a new source")
    p.add_argument("url", help="the page's address")
    p.add_argument("--id", dest="source_id", help="source id (default: from the address)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the page (default: 30)")
    p.set_defaults(func=cmd_archive)

    p = sub.add_parser("watch", help="look for every checked passage on the clinics' live pages; log it in watch/")
    p.add_argument("sources", nargs="*", help="source ids (default: every fact-checked source)")
    p.add_argument("--dry-run", action="store_true", help="report, but write nothing")
    p.add_argument("--date", type=_iso_date, help="the observation date (default: today, UTC)")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("new", help="write a starter annotations/<source-id>.yml")
    p.add_argument("source", help="source id")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
