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

from factcheck.check import check
from factcheck.links import LinkConfig, LinkReport, broken_messages, cached_report, check_links
from factcheck.linkstatus import REDIRECTED, UNVERIFIED
from factcheck.load import PageChanged
from factcheck.quotecheck import not_found_messages
from factcheck.snapshots import ArchiveConfig, archived_copies
from factcheck.snapshots import load as load_snapshots
from factcheck.model import Repository
from factcheck.pagecontract import CORRECTIONS_FEED_URL, in_navigation, root_prefix
from factcheck.problems import Problems
from factcheck.render import Page, SiteRenderer
from factcheck.siteconfig import PUBLISH_VARIABLE, SITE_URL_VARIABLE, engine_settings, site_url_problem
from factcheck.verify import missing_annotations

log = logging.getLogger("mkdocs.plugins.factcheck")

MARKERS = ("newest", "counts", "scale", "ratings", "corrections")
PREVIEW_CACHE = ".cache/previews"  # og:image files, named by a hash of what they show
_state: dict[str, object] = {}


def _renderer() -> SiteRenderer:
    return _state["renderer"]  # type: ignore[return-value]


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
    checked = check(root, publish=_publishing())  # a draft is an error in a build that will be deployed
    if checked.problems:
        for problem in checked.problems:
            log.error(str(problem))
        # Raise rather than only log: a build with problems must never publish, strict or not.
        raise PluginError(f"{len(checked.problems)} problem(s) in sources/ or annotations/ (listed above)")
    settings = _settings(config)
    snaps = load_snapshots(ArchiveConfig.from_mapping(settings.get("archive"), root).file)  # read only
    links = LinkConfig.from_mapping(settings.get("links"), root, config.site_url)
    report = _links(checked.repo, config, links, archived_copies(checked.repo, snaps))
    renderer = SiteRenderer(checked, site_url=config.site_url or "", site_name=config.site_name,
                            statuses=report.results, quote_checks=report.quotes, snapshots=snaps,
                            preview_cache=root / PREVIEW_CACHE)
    generated = renderer.pages()
    pages = {p.src_uri: p for p in generated}
    _state.update(renderer=renderer, pages=pages)
    for page in generated:
        inclusion = InclusionLevel.UNDEFINED if in_navigation(page.url) else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
    for url, image in renderer.preview_images(generated):
        files.append(File.generated(config, url, abs_src_path=str(image)))
    return files


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
    return html


@event_priority(100)  # before Material's search plugin reads the page
def on_page_context(context, page: MkDocsPage, config: MkDocsConfig, nav):
    """Render a generated page's body and head now, one page at a time.

    MkDocs renders every page's body before it writes the first one, so bodies
    made in on_page_content would all be held in memory at once.
    """
    gen = _generated(page)
    if gen is not None:
        try:
            page.content = _renderer().content(gen)
        except PageChanged as err:
            raise PluginError(str(err)) from None
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
    _renderer().write_exports(Path(config.site_dir))
    _renderer().write_corrections_feed(Path(config.site_dir) / CORRECTIONS_FEED_URL)
    missing = missing_annotations(Path(config.site_dir), _renderer())
    for line in missing:
        log.error(line)
    if missing:
        raise PluginError(f"{len(missing)} annotation(s) missing from the built site (listed above)")
    # The fact-check data is no longer needed; free it for the search index, which is
    # built next and is the largest single object of a build.
    _state.clear()
