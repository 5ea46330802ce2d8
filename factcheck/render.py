"""HTML for the generated pages: annotated source pages, claim pages and indexes.

The engine renders whole page bodies; the MkDocs adapter only places them in
the theme. Jinja2 autoescapes everything; contributor Markdown is rendered by
markdown-it-py without raw HTML (factcheck.markdown).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Collection

from jinja2 import BytecodeCache, Environment, PackageLoader, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from .anchor import Anchor
from .check import Checked
from .citedurls import collect_urls
from .export import claim_review, compact_json, write_web_annotations
from .feed import Feed, FeedEntry, entry_id, write_atom
from .indexes import MAX_CITED_BY, TOPIC_PREVIEW, Section
from .linkstatus import BROKEN, EXPLAIN, LABELS, OK, REDIRECTED, UNVERIFIED
from .markdown import plain_text, render_inline, render_markdown
from .model import Annotation, FactCheck, Source
from .pagecontract import (CORRECTIONS_FEED_URL, CORRECTIONS_URL, EXPORT_URL, LINKS_URL, TOPICS_URL, VERDICTS_URL,
                           WATCH_FEED_URL, WATCH_URL, annotation_url, claim_url, correction_anchor, link_anchor, log_url,
                           passage_id, root_prefix, source_url, text_url, verdict_id)
from .preview import HEIGHT, WIDTH, PreviewCard, cached_png
from .render_source import render_source
from .share import DESCRIPTION_LIMIT, finding, first_sentence, forum_snippet, shorten, text_fragment_url
from .verdicts import NOTE, SCALE, Verdict, verdict
from .watchhistory import Change, ClaimWatch, changes, claim_watch, live_addresses, page_watch
from .watchlog import WatchLog
from .watchstates import day


@dataclass
class Page:
    """One generated page: where it lives and what the theme needs to know."""

    kind: str  # "source", "claim", "verdicts", "topics", "links", "section", "watch"
    url: str  # directory URL relative to the site root, e.g. "sources/x/"
    title: str  # plain text
    description: str  # plain text
    source_id: str | None = None
    annotation_id: str | None = None
    draft: bool = False  # a page of a fact-check not yet reviewed: built, but not indexed
    preview: PreviewCard | None = None  # what its og:image shows

    @property
    def image_url(self) -> str:
        """Where its preview image is published, relative to the site root."""
        return self.url + "preview.png"
    section: Section | None = None  # of a browse page, and which of its pages this is
    number: int = 1

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    @property
    def root(self) -> str:
        """Relative prefix from this page to the site root."""
        return root_prefix(self.url)

    @property
    def searchable(self) -> bool:
        """Whether site search should index this page.

        Only claim pages: each holds one checked passage with its claim, verdict
        and comment, so a search lands on one claim. Source pages and the
        indexes would repeat those words (each /verdicts/ hit would be every
        claim at once) and make the index, and the build, much larger.
        """
        return self.kind == "claim" and not self.draft


VERDICTS_TITLE, TOPICS_TITLE, LINKS_TITLE = "Claims by verdict", "Topics", "Cited links"
UNCHECKED = "unchecked"  # a cited address with no check yet, listed on /links/ with the four statuses


def title_text(text: str, limit: int = 110) -> str:
    return shorten(text, limit)


class MemoryBytecode(BytecodeCache):
    """Compiled templates kept in memory for the life of the process (a preview's many rebuilds); Jinja
    checks each against its template's source before using it."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = MemoryBytecode()


def _env() -> Environment:
    # auto_reload off: the templates ship with the package; checking their dates costs
    # a few file-system calls for every page.
    env = Environment(loader=PackageLoader("factcheck", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False, bytecode_cache=_COMPILED)
    return env


@dataclass
class Entry:
    """An anchored annotation with what its pages need."""

    source: Source
    fc: FactCheck
    ann: Annotation
    anchor: Anchor
    log: WatchLog | None = None  # the source's observations of its live page

    @property
    def v(self) -> Verdict:
        return verdict(self.ann.verdict)

    @property
    def quote(self) -> str:
        return " ".join(self.source.text.text[self.anchor.start:self.anchor.end].split())

    @property
    def title(self) -> str:
        return title_text(self.ann.claim or f"Note on “{self.quote}”")

    @property
    def finding(self) -> str:
        """Our one-line finding: the annotation's own, or the first sentence of the comment."""
        return self.ann.finding or finding(plain_text(self.ann.comment))

    @property
    def verdict_name(self) -> str:
        """The verdict's label; a context note is called a note, never a verdict."""
        return self.v.label if self.ann.verdict else "Context note"

    @property
    def live_url(self) -> str | None:
        """The clinic's own page, scrolled to the quote by a text fragment, where its address is known."""
        url = self.source.url or next(iter(self.source.appearances), None)
        return text_fragment_url(url, self.quote) if url else None

    @property
    def claim_url(self) -> str:
        return claim_url(self.source.id, self.ann.id)

    @cached_property
    def watch(self) -> ClaimWatch:
        """What became of the quote on the clinic's live page."""
        return claim_watch(self.source, self.log, self.ann.id, live_addresses(self.source))

    @property
    def source_url(self) -> str:
        return source_url(self.source.id)


@dataclass
class WatchRow:
    """One change on /watch/ and in its feed, with the claim it concerns."""

    change: Change
    entry: Entry

    @property
    def href(self) -> str:
        return self.entry.claim_url

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def source_title(self) -> str:
        return self.entry.source.title

    @property
    def lang(self) -> str:
        return self.entry.source.language

    @property
    def watch(self) -> ClaimWatch:
        return self.change.watch


@dataclass
class SiteRenderer:
    checked: Checked
    site_url: str = ""
    site_name: str = "Stem cell claims, checked"
    statuses: dict[str, Any] = field(default_factory=dict)  # url -> linkstatus.LinkResult
    preview_cache: Path | None = None  # where preview images are kept; None: pages have no og:image
    quote_checks: list[Any] = field(default_factory=list)  # quotecheck.QuoteCitation, one per quoted citation
    snapshots: dict[str, Any] = field(default_factory=dict)  # url -> snapshots.Snapshot (web archive copies)
    cited: dict[str, Any] | None = None  # url -> citedurls.CitedUrl, as the link check collected them

    def __post_init__(self) -> None:
        self.env = _env()
        self.env.globals["link_href"] = self.link_href
        self.site_url = self.site_url.rstrip("/") + "/" if self.site_url else ""
        self.quotes = {(q.url, q.quote): q.result for q in self.quote_checks}  # for templates

    # -- model ----------------------------------------------------------------
    @cached_property
    def entries(self) -> dict[tuple[str, str], Entry]:
        found = {}
        for sid, fc in sorted(self.checked.repo.factchecks.items()):
            source = self.checked.repo.sources[sid]
            anchors = {a.id: a for a in self.checked.anchors.get(sid, [])}
            for ann in fc.annotations:
                if ann.id in anchors:
                    found[(sid, ann.id)] = Entry(source, fc, ann, anchors[ann.id], self.checked.watch.get(sid))
        return found

    @cached_property
    def published(self) -> list[Entry]:
        """The entries of reviewed fact-checks: the only ones in exports and indexes."""
        return [e for e in self.entries.values() if not e.fc.draft]

    @cached_property
    def entries_by_source(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for (sid, _), entry in self.entries.items():
            grouped.setdefault(sid, []).append(entry)
        return grouped

    def absolute(self, url: str) -> str:
        """``url`` (relative to the site root) at the site's address; left relative when that is unknown."""
        return self.site_url + url

    def address(self, url: str, root: str) -> str:
        """``url`` as linked from a page at ``root``: absolute when the site's address is known."""
        return (self.site_url or root) + url

    def pages(self) -> list[Page]:
        """Every generated page: each source's page followed by its claims' pages (which then find their
        comments' HTML still cached from the source page's cards), then the browse pages."""
        return [p for sid in sorted(self.checked.repo.sources) for p in self.source_pages(sid)] + self.index_pages()

    def source_pages(self, sid: str) -> list[Page]:
        """A source's page, then its claims' pages: all made from its own files alone."""
        source = self.checked.repo.sources[sid]
        fc = self.checked.repo.factchecks.get(sid)
        if fc:
            v = verdict(fc.verdict)
            description = shorten(f"{v.label}. {plain_text(fc.headline)}", DESCRIPTION_LIMIT)
            preview = self._preview(v, v.label, "The clinic's page", source.title, "In short",
                                    plain_text(fc.headline))
        else:
            description, preview = "An archived clinic page, not yet fact-checked.", None
        pages = [Page("source", source_url(sid), f"Fact-check: {title_text(source.title)}", description,
                      source_id=sid, preview=preview, draft=bool(fc and fc.draft))]
        for e in self.entries_by_source.get(sid, []):
            # Link previews lead with the verdict: "Unsupported: <claim>", "Unsupported. <comment> …"
            lead = e.verdict_name
            title = f"{lead}: " + (e.title if e.ann.claim else f"“{title_text(e.quote, 90)}”")
            description = shorten(f"{lead}. {e.ann.finding or plain_text(e.ann.comment)}", DESCRIPTION_LIMIT)
            preview = self._preview(e.v, lead, "The clinic says", e.quote,
                                    "Our finding" if e.ann.verdict else "Our note", e.finding)
            pages.append(Page("claim", e.claim_url, title, description, source_id=sid, annotation_id=e.ann.id,
                              preview=preview, draft=e.fc.draft))
        return pages

    def index_pages(self) -> list[Page]:
        """/verdicts/, /topics/, /links/, the numbered pages of each of their sections, and /watch/."""
        pages = [Page("verdicts", VERDICTS_URL, VERDICTS_TITLE, "Every checked claim, grouped by verdict."),
                 Page("topics", TOPICS_URL, TOPICS_TITLE, "Archived pages by condition and claims by kind."),
                 Page("links", LINKS_URL, LINKS_TITLE, "Every address this site cites, and whether it still works.")]
        for section in self.sections:
            for n in range(1, section.page_count + 1):
                of = f" (page {n} of {section.page_count})" if section.page_count > 1 else ""
                pages.append(Page("section", section.url(n), section.label + of, section.intro or section.label,
                                  section=section, number=n))
        pages.append(Page("watch", WATCH_URL, "Changes on the clinics' pages",
                          "Claims the clinics have since reworded or removed, newest first."))
        return pages

    @property
    def sections(self) -> list[Section]:
        return [*self.verdict_sections, *self.topic_sections, *self.link_sections]

    def _preview(self, v: Verdict, label: str, clinic_label: str, clinic_words: str, finding_label: str,
                 finding_text: str) -> PreviewCard:
        return PreviewCard(label, v.id, v.colour, clinic_label, shorten(clinic_words, 240), finding_label,
                           shorten(finding_text, 200), self.site_name)

    def preview_images(self, pages: list[Page]) -> list[tuple[str, Path]]:
        """``(url, file)`` of each page's preview image, drawn now unless the cache has it."""
        if self.preview_cache is None:
            return []
        return [(p.image_url, cached_png(p.preview, self.preview_cache)) for p in pages if p.preview]

    # -- pages ----------------------------------------------------------------
    def content(self, page: Page) -> str:
        if page.kind == "source":
            return self.source_page(page)
        if page.kind == "claim":
            return self.claim_page(page)
        macros = self.env.get_template("indexes.html").module
        if page.kind == "verdicts":
            return str(macros.verdicts_page(self.verdict_sections, page.root))
        if page.kind == "topics":
            conditions = [s for s in self.topic_sections if s.kind == "sources"]
            return str(macros.topics_page(conditions, [s for s in self.topic_sections if s.kind == "claims"],
                                          page.root))
        if page.kind == "links":
            return str(macros.links_page(self.link_sections, page.root))
        if page.kind == "section" and page.section:
            return str(macros.section_page(page.section, page.number, page.root))
        if page.kind == "watch":
            return self.watch_page(page)
        raise ValueError(page.kind)

    def link_rows(self) -> list[dict]:
        """One row per cited address for /links/: status, last check, who cites it."""
        quotes_at: dict[str, list] = {}
        for q in self.quote_checks:
            quotes_at.setdefault(q.url, []).append(q)
        rows = []
        every = self.cited if self.cited is not None else collect_urls(self.checked.repo)
        for url, cited in every.items():
            claims: dict[tuple[str, str], None] = {}  # in order, once each
            for c in cited.cited_by:
                e = self.entries.get((c.source_id, c.annotation_id))
                if e:
                    title, href = e.title, e.claim_url
                else:  # cited by a source.yml (or by an annotation that did not anchor)
                    source = self.checked.repo.sources.get(c.source_id)
                    title, href = (source.title if source else c.source_id), source_url(c.source_id)
                claims[(href, title)] = None
            snap = self.snapshots.get(url)
            rows.append({"url": url, "status": self.statuses.get(url), "claims": list(claims)[:MAX_CITED_BY],
                         "more": len(claims) - MAX_CITED_BY,
                         "archived": cited.archived or (snap.snapshot if snap else None),
                         "archived_on": snap.taken if snap and snap.snapshot and not cited.archived else None,
                         "anchor": link_anchor(url), "quotes": quotes_at.get(url, [])})
        return rows

    def share(self, e: Entry, root: str, link: str) -> dict[str, Any]:
        """What the sharing tools of one claim need: the ``link`` to copy, a forum snippet, the clinic's live page.

        The snippet links to the claim page, whose preview shows this claim's verdict.
        """
        claim_page = self.address(e.claim_url, root)
        snippet = forum_snippet(quote=e.quote, publisher=e.source.publisher,
                                verdict_label=e.v.label if e.ann.verdict else None, finding_text=e.finding,
                                link=claim_page)
        return {"link": link, "snippet": snippet, "snippet_link": claim_page, "live_url": e.live_url,
                "name": title_text(e.title, 90)}

    def link_href(self, url: str) -> str:
        """Where /links/ lists ``url``: its status's page that holds its row."""
        return self._link_hrefs.get(url, LINKS_URL)

    @cached_property
    def _link_hrefs(self) -> dict[str, str]:
        hrefs = {}
        for section in self.link_sections:
            for i, row in enumerate(section.items):
                hrefs[row["url"]] = f"{section.url(section.page_of(i))}#{row['anchor']}"
        return hrefs

    def card(self, e: Entry, root: str) -> str:
        return self.env.get_template("card.html").render(
            ann=e.ann, v=e.v, comment=Markup(render_markdown(e.ann.comment)), statuses=self.statuses, root=root,
            quotes=self.quotes, snapshots=self.snapshots, claim_href=root + e.claim_url,
            share=self.share(e, root, self.address(annotation_url(e.source.id, e.ann.id), root)),
            passage_id=passage_id(e.ann.id), verdict_id=verdict_id(e.ann.id), quote_short=title_text(e.quote, 80), watch=e.watch,
            lang=e.source.language,
        )

    def source_page(self, page: Page) -> str:
        sid = page.source_id
        source = self.checked.repo.sources[sid]
        fc = self.checked.repo.factchecks.get(sid)
        entries = self.entries_by_source.get(sid, [])
        anchors = [e.anchor for e in entries]
        cards = {e.ann.id: self.card(e, page.root) for e in entries}
        body = render_source(source.text, anchors, cards, {e.ann.id: e.v.id for e in entries if e.ann.verdict})
        source.text.release_tokens()  # each source page is rendered once; keep memory flat
        if fc is None:
            return self.env.get_template("source_unchecked.html").render(source=source, body=Markup(body),
                                                                        root=page.root, statuses=self.statuses,
                                                                        snapshots=self.snapshots)
        counts = Counter(e.v.id for e in entries)
        rows = [{"verdict": v, "n": counts[v.id]} for v in (*SCALE, NOTE) if counts[v.id]]
        addresses = live_addresses(source)
        return self.env.get_template("source.html").render(
            source=source, fc=fc, v=verdict(fc.verdict), anns=entries, counts=rows, body=Markup(body),
            takeaways=[Markup(render_inline(t)) for t in fc.takeaways], root=page.root, statuses=self.statuses,
            log=self.log_items(fc, page.root),
            snapshots=self.snapshots,
            live_pages=page_watch(self.checked.watch.get(sid), addresses), live_addresses=addresses,
        )

    def claim_page(self, page: Page) -> str:
        e = self.entries[(page.source_id, page.annotation_id)]
        return self.env.get_template("claim.html").render(
            ann=e.ann, v=e.v, fc=e.fc, source=e.source, quote=e.quote, comment=Markup(render_markdown(e.ann.comment)),
            root=page.root, source_href=page.root + e.source_url,
            context_href=page.root + annotation_url(e.source.id, e.ann.id), statuses=self.statuses,
            log=self.log_items(e.fc, page.root, e.ann.id),
            quotes=self.quotes, snapshots=self.snapshots, watch=e.watch,
            finding=e.ann.finding or first_sentence(plain_text(e.ann.comment)), quote_short=title_text(e.quote, 120),
            share=self.share(e, page.root, self.address(e.claim_url, page.root)),
        )

    def log_items(self, fc: FactCheck, root: str, aid: str | None = None) -> list[dict]:
        """The corrections log of ``fc`` for a page (only the entries naming ``aid``, if given), oldest first."""
        items = []
        for n, entry in enumerate(fc.corrections, 1):
            if aid is not None and aid not in entry.annotations:
                continue
            claims = [(root + self.entries[(fc.source, a)].claim_url, self.entries[(fc.source, a)].title)
                      for a in entry.annotations if (fc.source, a) in self.entries]
            items.append({"n": n, "entry": entry, "kind": entry.kind.capitalize(), "claims": claims,
                          "what": Markup(render_markdown(entry.what)), "why": Markup(render_markdown(entry.why))})
        return items

    def corrections(self) -> list[dict]:
        """Every log entry of every published fact-check, newest first (for /corrections/ and its feed)."""
        rows = []
        for sid, fc in self.checked.repo.factchecks.items():
            source = self.checked.repo.sources.get(sid)
            if source is None or fc.draft:
                continue
            for item in self.log_items(fc, ""):
                rows.append({**item, "source": source, "fc": fc, "source_url": source_url(sid),
                             "log_url": log_url(sid), "anchor": correction_anchor(sid, item["n"])})
        return sorted(rows, key=lambda r: (r["entry"].date, r["source"].id, r["n"]), reverse=True)

    def head(self, page: Page) -> str:
        """Extra ``<head>`` HTML: Open Graph, Twitter card and, on claim pages, ClaimReview."""
        kind = "article" if page.kind in ("source", "claim") else "website"
        # og:url only at a known address: a relative one would name the wrong page
        tags = [("og:type", kind), ("og:site_name", self.site_name), ("og:title", page.title),
                ("og:description", page.description), ("og:url", self.site_url and self.absolute(page.url))]
        twitter = [("twitter:card", "summary"), ("twitter:title", page.title), ("twitter:description", page.description)]
        if page.preview and self.preview_cache is not None:
            image = self.address(page.image_url, page.root)
            tags += [("og:image", image), ("og:image:type", "image/png"), ("og:image:width", str(WIDTH)),
                     ("og:image:height", str(HEIGHT)), ("og:image:alt", page.preview.alt)]
            twitter = [("twitter:card", "summary_large_image"), *twitter[1:], ("twitter:image", image),
                       ("twitter:image:alt", page.preview.alt)]
        out = [f'<meta property="{k}" content="{html.escape(v)}">' for k, v in tags if v]
        out += [f'<meta name="{k}" content="{html.escape(v)}">' for k, v in twitter]
        if page.draft:
            out.append('<meta name="robots" content="noindex">')
        if page.kind == "claim" and not page.draft:
            e = self.entries[(page.source_id, page.annotation_id)]
            if e.ann.verdict:
                data = claim_review(e, self.address(e.claim_url, page.root), self.address(e.source_url, page.root),
                                    self.site_name, self.site_url)
                out.append(f'<script type="application/ld+json">{_json_for_script(data)}</script>')
        return "\n".join(out)

    def feed_link(self, root: str) -> str:
        """``<head>`` link that lets feed readers find the corrections feed (on the page that lists them)."""
        return (f'<link rel="alternate" type="application/atom+xml" title="Corrections" '
                f'href="{root}{CORRECTIONS_FEED_URL}">')

    # -- indexes ----------------------------------------------------------------
    @cached_property
    def verdict_sections(self) -> list[Section]:
        return [Section(VERDICTS_URL, VERDICTS_TITLE, v.id, v.id, f"Claims rated {v.label}", f"claims rated {v.label}",
                        "claims", [e for e in self.published if e.ann.verdict == v.id], v.definition, badge=v)
                for v in SCALE]

    @cached_property
    def topic_sections(self) -> list[Section]:
        """Archived pages by condition, then claims by kind (tag)."""
        summaries = {p["source"].id: p for p in self.source_summaries()}
        topics: dict[str, list] = {}
        for sid, source in sorted(self.checked.repo.sources.items()):
            for t in source.topics:
                if sid in summaries:
                    topics.setdefault(t, []).append(summaries[sid])
        tags: dict[str, list] = {}
        for e in self.published:
            for t in e.ann.tags:
                tags.setdefault(t, []).append(e)
        label = lambda name: name.replace("-", " ").capitalize()  # noqa: E731
        return ([Section(TOPICS_URL, TOPICS_TITLE, f"condition/{k}", f"topic-{k}", label(k),
                         f"archived pages about {label(k).lower()}", "sources", v,
                         f"Archived pages about {label(k).lower()}.", preview_size=TOPIC_PREVIEW)
                 for k, v in sorted(topics.items())]
                + [Section(TOPICS_URL, TOPICS_TITLE, f"tag/{k}", f"tag-{k}", label(k), "claims of this kind",
                           "claims", v, f"Checked claims of the kind “{label(k).lower()}”.",
                           preview_size=TOPIC_PREVIEW) for k, v in sorted(tags.items())])

    @cached_property
    def link_sections(self) -> list[Section]:
        """Cited addresses by status, the ones a reader should know about first."""
        rows = self.link_rows()
        labels = {**LABELS, UNCHECKED: "not checked yet"}
        explain = {**EXPLAIN, UNCHECKED: "Not checked yet: the next check of cited links will include it."}
        sections = []
        for status in (BROKEN, REDIRECTED, UNVERIFIED, UNCHECKED, OK):
            mine = [r for r in rows if (r["status"].status if r["status"] else UNCHECKED) == status]
            if mine:
                sections.append(Section(LINKS_URL, LINKS_TITLE, status, status, f"Cited links: {labels[status]}",
                                        f"addresses: {labels[status]}", "links", mine, explain[status]))
        return sections

    def source_summaries(self) -> list[dict]:
        """Published fact-checks, most recently changed first."""
        items = []
        for sid, fc in self.checked.repo.factchecks.items():
            source = self.checked.repo.sources.get(sid)
            if source and not fc.draft:
                items.append({"source": source, "fc": fc, "v": verdict(fc.verdict), "url": source_url(sid)})
        return sorted(items, key=lambda p: (p["fc"].modified or p["fc"].published, p["source"].title), reverse=True)

    def verdict_counts(self) -> list[dict]:
        counts = Counter(e.ann.verdict for e in self.published if e.ann.verdict)
        return [{"verdict": v, "n": counts[v.id]} for v in SCALE]

    def fragment(self, name: str, root: str) -> str:
        """HTML for a ``<!-- factcheck:NAME -->`` marker in a hand-written page."""
        macros = self.env.get_template("indexes.html").module
        if name == "newest":
            return str(macros.newest(self.source_summaries()[:10], root))
        if name == "counts":
            return str(macros.counts(self.verdict_counts(), root))
        if name == "scale":  # the verdict scale with definitions, for the methodology page
            return str(macros.scale(SCALE))
        if name == "corrections":  # every log entry, for the corrections page
            return str(macros.corrections_list(self.corrections(), root, CORRECTIONS_FEED_URL))
        if name == "ratings":  # verdict -> ClaimReview ratingValue, for the methodology page
            return str(macros.ratings(SCALE))
        raise ValueError(name)

    # -- the live pages (factcheck watch) ---------------------------------------
    @cached_property
    def watch_changes(self) -> list[WatchRow]:
        """Every recorded change of a published claim on its live page, newest first."""
        rows = []
        for sid, log in self.checked.watch.items():
            source = self.checked.repo.sources.get(sid)
            for change in changes(log, source.captured) if source else []:
                e = self.entries.get((sid, change.annotation_id))
                if e is not None:
                    rows.append(WatchRow(change, e))
        return sorted(rows, key=lambda r: (r.change.date, r.entry.source.id, r.entry.ann.id), reverse=True)

    def watch_page(self, page: Page) -> str:
        groups: dict[str, list[WatchRow]] = {}
        for row in self.watch_changes:
            groups.setdefault(row.change.date, []).append(row)
        watched = {(log.source, o.address) for log in self.checked.watch.values() for o in log.observations}
        last = self._last_watched()
        macros = self.env.get_template("watch.html").module
        return str(macros.watch_page([{"date": d, "day": day(d), "items": rows} for d, rows in groups.items()],
                                     day(last) if last else "", len(watched), page.root))

    def _last_watched(self) -> str:
        return max((o.date for log in self.checked.watch.values() for o in log.observations), default="")

    def write_watch_feed(self, path: Path) -> None:
        """/watch/feed.xml: the same changes as /watch/, newest first."""
        macros = self.env.get_template("watch.html").module
        rows = self.watch_changes
        here = root_prefix(WATCH_URL)  # links in the feed, when the site's address is unknown: from watch/
        published = (fc.published for fc in self.checked.repo.factchecks.values())
        updated = self._last_watched() or max(published, default="2026-11-21")
        feed = Feed(id=entry_id("watch"), title=f"{self.site_name}: changes on the clinics' pages",
                    subtitle="Claims we checked that the clinics have since reworded or removed.",
                    link=self.address(WATCH_URL, here), self_link=self.address(WATCH_FEED_URL, here), author=self.site_name,
                    updated=updated)
        entries = [FeedEntry(id=entry_id("watch", r.change.source_id, r.change.annotation_id, r.change.address,
                                         r.change.date),
                             title=f"{r.change.new.capitalize()}: {r.title} ({r.source_title})", updated=r.change.date,
                             link=self.address(r.href, here), category=r.change.new,
                             content=str(macros.claim_status(r.watch, r.lang)))
                   for r in rows]
        write_atom(path, feed, entries)

    def write_exports(self, site_dir: Path, texts: Collection[str] | None = None,
                      encoded: Callable[[Entry], str] | None = None) -> None:
        """The Web Annotation export, the archived text of every source (or of those in ``texts``: the others
        are unchanged on disk) that its selectors select from, and the /watch/ feed. ``encoded``: see
        write_web_annotations."""
        for sid, source in self.checked.repo.sources.items():
            if texts is not None and sid not in texts:
                continue
            path = site_dir / text_url(sid)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source.text.text, "utf-8", newline="")
        self.write_watch_feed(site_dir / WATCH_FEED_URL)
        with (site_dir / EXPORT_URL).open("w", encoding="utf-8") as out:
            write_web_annotations(out, self.published, self.absolute, encoded)

    def write_corrections_feed(self, path: Path) -> None:
        """The Atom feed of every published corrections entry."""
        rows = self.corrections()
        entries = [FeedEntry(
            id=entry_id("correction", r["source"].id, r["n"], r["entry"].date),
            title=f"{r['kind']} to our fact-check of “{r['source'].title}”", updated=r["entry"].date,
            link=self.absolute(r["log_url"]),
            content=str(self.env.get_template("indexes.html").module.feed_entry(r, self.absolute(""))),
            category=r["entry"].kind) for r in rows]
        dates = [fc.modified or fc.published for fc in self.checked.repo.factchecks.values() if not fc.draft]
        newest = max(dates + [r["entry"].date for r in rows], default="2026-01-01")  # fixed: builds repeat
        feed = Feed(id=entry_id("feed", "corrections"), title=f"Corrections · {self.site_name}",
                    subtitle="Every correction, clarification and update to our published fact-checks, newest first.",
                    link=self.absolute(CORRECTIONS_URL), self_link=self.absolute(CORRECTIONS_FEED_URL),
                    author=self.site_name, updated=newest)
        write_atom(path, feed, entries)


def _json_for_script(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no HTML comment openers."""
    return compact_json(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
