"""MkDocs hooks: a thin adapter from the factcheck engine to a MkDocs build.

The engine checks and anchors the repository, lists the pages to generate
and renders their bodies and head tags; this module only hands those to
MkDocs (``File.generated`` pages, ``page.meta`` for the theme) and turns
engine problems into MkDocs errors. Nothing is written into ``docs/``.
"""

from __future__ import annotations

import logging
import os
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from factcheck.check import Checked, check
from factcheck.live import LiveExport, LivePages, LiveRepository, PageChanges, remove_files, shared_inputs
from factcheck.links import LinkConfig, LinkReport, broken_messages, cached_report, check_links
from factcheck.linkstatus import REDIRECTED, UNVERIFIED
from factcheck.load import PageChanged
from factcheck.quotecheck import not_found_messages
from factcheck.snapshots import ArchiveConfig, archived_copies
from factcheck.snapshots import load as load_snapshots
from factcheck.model import Repository
from factcheck.pagecontract import CORRECTIONS_FEED_URL, in_navigation, root_prefix
from factcheck.problempages import ProblemPages
from factcheck.problems import Problems
from factcheck.render import MemoryBytecode, Page, SiteRenderer
from factcheck.siteconfig import PUBLISH_VARIABLE, SITE_URL_VARIABLE, engine_settings, site_url_problem
from factcheck.verify import missing_annotations

log = logging.getLogger("mkdocs.plugins.factcheck")

MARKERS = ("newest", "counts", "scale", "ratings", "corrections")
PREVIEW_CACHE = ".cache/previews"  # og:image files, named by a hash of what they show
_state: dict[str, object] = {}
# MkDocs loads hooks once per process, so this outlives each rebuild of `mkdocs serve` (empty otherwise): the
# engine's serve-time caches, and (with --dirty) what lets MkDocs leave unchanged pages as they are on disk.
_serve: dict[str, object] = {}


def on_startup(*, command: str, dirty: bool) -> None:
    _serve.clear()
    if command == "serve":
        _serve.update(dirty=dirty, pages=LivePages(), changes=PageChanges(), export=LiveExport(), search={},
                      bytecode=MemoryBytecode())


def _renderer() -> SiteRenderer:
    return _state["renderer"]  # type: ignore[return-value]


def _check(root: Path) -> tuple[Checked, set[str] | None]:
    """The checked repository and, when serving, the source ids whose files changed since the last rebuild."""
    if not _serve:  # a draft is an error in a build that will be deployed
        return check(root, publish=_publishing()), None
    live = _serve.setdefault("repo", LiveRepository(root))
    return live.refresh()  # type: ignore[attr-defined]


def _publishing() -> bool:
    """A build that will be deployed (FACTCHECK_PUBLISH, set by the deploy workflows): no placeholder, no draft."""
    return os.environ.get(PUBLISH_VARIABLE, "") not in ("", "0")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    problem = site_url_problem(config.site_url, publishing=_publishing())
    if problem:
        raise PluginError(problem)
    if not config.site_url:
        log.info(f"{SITE_URL_VARIABLE} is not set: no absolute addresses (canonical, og:url, ClaimReview, "
                 "export ids); links are relative")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    checked, changed_ids = _check(root)
    problems, found = None, checked.problems
    if checked.problems:
        for problem in checked.problems:
            log.error(str(problem))
        if not _serve:
            # Raise rather than only log: a build with problems must never publish, strict or not.
            raise PluginError(f"{len(checked.problems)} problem(s) in sources/ or annotations/ (listed above)")
        # A preview shows the problems on its pages instead: a failed rebuild would freeze it.
        problems = ProblemPages(checked)
        checked = problems.renderable()
    settings = _settings(config)
    snaps = load_snapshots(ArchiveConfig.from_mapping(settings.get("archive"), root).file)  # read only
    links = LinkConfig.from_mapping(settings.get("links"), root, config.site_url)
    report = _links(checked.repo, config, links, archived_copies(checked.repo, snaps))
    renderer = SiteRenderer(checked, site_url=config.site_url or "", site_name=config.site_name,
                            statuses=report.results, quote_checks=report.quotes, snapshots=snaps, cited=report.cited,
                            preview_cache=root / PREVIEW_CACHE)
    generated = _serve["pages"].pages(renderer, _serve["repo"]) if _serve else renderer.pages()  # type: ignore
    pages = {p.src_uri: p for p in [*generated, *(problems.pages() if problems else [])]}
    _state.update(renderer=renderer, pages=pages, problems=problems, changed_ids=changed_ids, built=set())
    fresh = _fresh_pages(renderer, pages, config, report, snaps, found)
    if fresh is not None:
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            file.is_modified = _modified  # type: ignore[method-assign]  # hand-written: always built again
    lean = _lean(fresh, set(pages) | {f.src_uri for f in files.documentation_pages()}, config)
    for page in pages.values():
        unchanged = fresh is not None and page.url not in fresh
        if lean and unchanged and page.kind in LEFT_ON_DISK:
            continue
        inclusion = InclusionLevel.UNDEFINED if in_navigation(page.url) else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content="", inclusion=inclusion)
        if unchanged:
            file.is_modified = _unmodified  # type: ignore[method-assign]  # --dirty leaves its page on disk
        files.append(file)
    # Under --dirty, the images of pages not made again are on disk already; those of pages made again are
    # copied even when the cached image is older than the copy (an edit undone).
    for url, image in renderer.preview_images([p for p in generated if fresh is None or p.url in fresh]):
        file = File.generated(config, url, abs_src_path=str(image))
        file.is_modified = _modified  # type: ignore[method-assign]
        files.append(file)
    return files


# Under --dirty, a rebuild with the same pages as the last one leaves unchanged source and claim pages (all but
# a few of the site's pages) out of MkDocs' files, so that it makes no page object, address or build date for
# them: they are on disk already. What MkDocs would derive from them is kept from the last full list: the
# sitemap (not rendered again, so the last one stays) and the search index's order.
LEFT_ON_DISK = ("source", "claim")


def _lean(fresh: set[str] | None, uris: set[str], config: MkDocsConfig) -> bool:
    """True when this rebuild may leave unchanged generated pages out of MkDocs' files (see above).

    ``uris``: every page's source path, generated and hand-written; they must be those of the last rebuild.
    """
    if fresh is None:  # a full build (or a preview without --dirty): every page is MkDocs'
        return False
    same = _serve.get("page_uris") == uris and "order" in _serve
    _serve["page_uris"] = uris
    if same:
        config.theme.static_templates.discard("sitemap.xml")  # every address is as in the last sitemap
    _state["lean"] = same
    return same


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


def _fresh_pages(renderer: SiteRenderer, pages: dict[str, Page], config: MkDocsConfig, report: LinkReport,
                 snaps: dict, problems: list) -> set[str] | None:
    """With `mkdocs serve --dirty`, the addresses of the generated pages to build again (None: all of them).

    Hand-written pages are always built again: there are a few, and the home page lists fact-checks.
    """
    if not _serve.get("dirty"):
        return None
    shared = shared_inputs((config.site_url, config.site_name, Path(config.config_file_path).read_bytes()),
                           report, snaps, problems)  # the banner on every page lists them
    fresh, stale = _serve["changes"].update(renderer, pages.values(), _serve["repo"], shared)  # type: ignore
    _state["stale"] = stale
    return fresh


def _settings(config: MkDocsConfig) -> dict:
    """``extra.factcheck``, validated as ``factcheck`` validates it; a bad setting stops the build."""
    problems = Problems()
    settings = engine_settings(Path(config.config_file_path), problems)
    if problems:
        for problem in problems.sorted():
            log.error(str(problem))
        raise PluginError(f"{len(problems)} problem(s) in the settings of extra.factcheck (listed above)")
    return settings


def _links(repo: Repository, config: MkDocsConfig, settings: LinkConfig, copies: set[str]) -> LinkReport:
    """Check cited links (unless FACTCHECK_LINKS=off); broken ones without an archived copy fail a --strict build."""
    if os.environ.get("FACTCHECK_LINKS", "").lower() in ("off", "0", "no"):
        log.info("FACTCHECK_LINKS=off: cited links not checked (statuses shown from the cache)")
        return cached_report(repo, settings)
    try:
        report = check_links(repo, settings)
    except RuntimeError as err:  # LinkChecker itself failed to run
        raise PluginError(f"checking cited links: {err}") from None
    if report.offline:
        log.info(f"no network: {report.offline} cited link(s) could not be checked and are shown as unverified")
    for result in report.by_status(REDIRECTED) + report.by_status(UNVERIFIED):
        log.info(f"{result.status} link {result.url}: {result.detail}")
    # A quote missing from a page that answers is a misquote or a changed source: it fails like a broken link.
    for line in sorted(set(broken_messages(report)) - set(broken_messages(report, copies))):
        log.info(f"{line}; readers are sent to its archived copy")
    broken = broken_messages(report, copies) + not_found_messages(report.quotes)
    if broken and config.strict:
        for line in broken:
            log.error(line)
        raise PluginError(f"{len(broken)} citation(s) of broken links or quotes not found (listed above); see /links/")
    for line in broken:
        log.warning(line)
    return report


def _generated(page: MkDocsPage) -> Page | None:
    return _state.get("pages", {}).get(page.file.src_uri)  # type: ignore[union-attr]


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    gen = _generated(page)
    if gen is None:
        return markdown
    # The theme prints these without escaping; they hold contributors' words.
    page.meta.update(title=escape(gen.title), description=escape(gen.description), hide=["navigation", "toc"])
    if not gen.searchable:
        page.meta["search"] = {"exclude": True}
    return ""  # the body comes from the engine in on_page_content


def _banner(page: MkDocsPage) -> str:
    problems: ProblemPages | None = _state.get("problems")  # type: ignore[assignment]
    return problems.banner(root_prefix(page.url), page.is_homepage) if problems else ""


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    if _generated(page) is not None:
        return ""  # rendered just before the page is written: see on_page_context
    root = root_prefix(page.url)
    for name in MARKERS:
        marker = f"<!-- factcheck:{name} -->"
        if marker in html:
            html = html.replace(marker, _renderer().fragment(name, root))
            if name == "corrections":
                page.meta["fc_head"] = _renderer().feed_link(root)
    return _banner(page) + html


def on_env(env, config: MkDocsConfig, files: Files):
    if _serve:  # the theme's templates are compiled once, not at every rebuild
        env.bytecode_cache = _serve["bytecode"]
        if not _state.get("lean"):  # a lean rebuild has the same pages as the last: keep their order
            _serve["order"] = [f.page.url for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                               if f.page is not None]  # page.url: the search index's, "" for the home page
        _state["order"] = _serve["order"]
    return env


@event_priority(100)  # before Material's search plugin reads the page
def on_page_context(context, page: MkDocsPage, config: MkDocsConfig, nav):
    """Render a generated page's body and head now, one page at a time.

    MkDocs renders every page's body before it writes the first one, so bodies
    made in on_page_content would all be held in memory at once.
    """
    _state["built"].add(page.url)  # type: ignore[union-attr]
    gen = _generated(page)
    if gen is not None:
        try:
            body = _state["problems"].content(gen) if gen.kind == "problems" else _renderer().content(gen)
        except PageChanged as err:
            raise PluginError(str(err)) from None
        page.content = _banner(page) + body
        page.meta["fc_head"] = _renderer().head(gen)
    return context


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    page.meta.pop("fc_head", None)
    if _generated(page) is not None:  # written: let the body go
        page.content = ""
    return output


@event_priority(100)  # before the search plugin writes its index: see the end
def on_post_build(config: MkDocsConfig) -> None:
    """Write the Web Annotation export and the texts it selects from; fail, naming it, if any annotation was
    not published everywhere."""
    if "renderer" not in _state:
        return
    site = Path(config.site_dir)
    changed_ids = _state.get("changed_ids") if _serve.get("dirty") else None  # the rest is on disk already
    remove_files(site, _state.get("stale", ()))  # type: ignore[arg-type]
    encoded = _serve["export"].encoder(_renderer(), _serve["repo"]) if _serve else None  # type: ignore[attr-defined]
    _renderer().write_exports(site, changed_ids, encoded)  # type: ignore[arg-type]
    _renderer().write_corrections_feed(site / CORRECTIONS_FEED_URL)
    if _serve.get("dirty"):
        _search_index(config)
    missing = missing_annotations(site, _renderer(), changed_ids)  # type: ignore[arg-type]
    for line in missing:
        log.error(line)
    if missing and not _serve:  # a preview shows what it has rather than freeze
        raise PluginError(f"{len(missing)} annotation(s) missing from the built site (listed above)")
    if _serve:
        _serve["repo"].commit()  # type: ignore[attr-defined]
        _serve["changes"].commit()  # type: ignore[attr-defined]
    # The fact-check data is no longer needed; free it for the search index, which is
    # built next and is the largest single object of a build.
    _state.clear()


def _search_index(config: MkDocsConfig) -> None:
    """Give Material's search plugin the index of the whole site, as a full build makes it.

    Under --dirty it sees only the pages built now; its own merge assumes one page per rebuild. Each
    page's entries are kept from the build that last made the page, in the order of a full build.
    """
    plugin = next((p for p in config.plugins.values() if hasattr(p, "search_index_prev")), None)
    if plugin is None:
        return
    kept: dict[str, list] = _serve["search"]  # type: ignore[assignment]
    for url in _state.get("built", ()):  # type: ignore[union-attr]
        kept[url] = []
    for entry in plugin.search_index.entries:
        kept.setdefault(entry["location"].split("#")[0], []).append(entry)
    order = _state.get("order", [])
    for url in set(kept) - set(order):  # type: ignore[arg-type]
        del kept[url]
    plugin.search_index.entries = [entry for url in order for entry in kept.get(url, [])]  # type: ignore[union-attr]
    plugin.search_index_prev = None
