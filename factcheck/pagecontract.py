"""The site's addresses and the ids its pages use (DESIGN.md, "Site" and "Page hooks").

Everything that names a published address or an element id comes from here:
the renderer, the post-build check, link statuses, the hooks and the check
that an annotation id cannot collide with an id its source page already uses.
The templates write the same ids; ``tests/test_build.py`` holds every id of a
built source page to this module.
"""

from __future__ import annotations

import hashlib

# -- addresses, relative to the site root ----------------------------------------
VERDICTS_URL = "verdicts/"
TOPICS_URL = "topics/"
LINKS_URL = "links/"
EXPORT_URL = "annotations.jsonld"
CORRECTIONS_URL = "corrections/"
# At the site root: Material's script fetches "sitemap.xml" beside every <link rel="alternate">.
CORRECTIONS_FEED_URL = "corrections.xml"
WATCH_URL = "watch/"  # what became of each claim on the clinics' live pages
WATCH_FEED_URL = "watch/feed.xml"


def source_url(sid: str) -> str:
    return f"sources/{sid}/"


def claim_url(sid: str, aid: str) -> str:
    return f"claims/{sid}/{aid}/"


def text_url(sid: str) -> str:
    """The archived visible text of a source as plain text: the resource the export's selectors select from."""
    return f"{source_url(sid)}text.txt"


def annotation_url(sid: str, aid: str) -> str:
    """Permalink to one annotation on its source page: scrolls to its card and marks its highlight."""
    return f"{source_url(sid)}#{aid}"


def log_url(sid: str) -> str:
    """The corrections log on a source page."""
    return f"{source_url(sid)}#{LOG_ID}"


def correction_anchor(sid: str, n: int) -> str:
    """The id of the ``n``-th (1-based) log entry of a source on /corrections/: entries are only ever appended."""
    return f"{sid}-{n}"


def section_url(index_url: str, key: str, number: int = 1) -> str:
    """Page ``number`` of one section of a browse page, e.g. ``verdicts/misleading/2/``."""
    return f"{index_url}{key}/" + (f"{number}/" if number > 1 else "")


def in_navigation(url: str) -> bool:
    """Only top-level pages: the navigation is in every page, so the pages made per source, per claim and
    per section stay out of it (the pages above them link to them)."""
    return url.count("/") <= 1


def root_prefix(url: str) -> str:
    """Relative prefix from the page at directory ``url`` to the site root."""
    return "../" * url.count("/")


# -- ids on a source page ----------------------------------------------------------
# Annotation ids are slugs (lower-case letters, digits, hyphens), so ids starting
# with "_" (the theme's own, such as "__drawer", and the passage ids) never collide.
ARCHIVED_ID = "__archived"  # the heading that opens the clinic's text ("The clinic's page, as archived")
ARCHIVED_END_ID = "__archived-end"  # the line that closes it
LOG_ID = "corrections"  # the corrections log, on source and claim pages
SOURCE_PAGE_IDS = frozenset({"summary", "summary-title", "takeaways", "provenance", LOG_ID, "source-text", ARCHIVED_ID,
                             ARCHIVED_END_ID})
PASSAGE_ID = "__passage-{}"  # the first piece of an annotation's highlight
VERDICT_ID = "__verdict-{}"  # a card's verdict line, which describes its passage (aria-describedby)
CLAIM_ID_SUFFIX = "-claim"  # the claim sentence of a card, which labels it


def passage_id(aid: str) -> str:
    return PASSAGE_ID.format(aid)


def verdict_id(aid: str) -> str:
    return VERDICT_ID.format(aid)


def claim_id(aid: str) -> str:
    return aid + CLAIM_ID_SUFFIX


def id_collisions(aids: list[str]) -> dict[str, str]:
    """For each annotation id that another id on its source page already uses, that other id's owner."""
    cards = set(aids)
    found = {}
    for aid in aids:
        if aid in SOURCE_PAGE_IDS:
            found[aid] = f"the page itself ({', '.join(sorted(SOURCE_PAGE_IDS))})"
        elif aid.endswith(CLAIM_ID_SUFFIX) and aid.removesuffix(CLAIM_ID_SUFFIX) in cards:
            found[aid] = f"the claim of annotation '{aid.removesuffix(CLAIM_ID_SUFFIX)}'"
    return found


# -- ids on the indexes ---------------------------------------------------------------
def link_anchor(url: str) -> str:
    """A stable fragment id for a cited address on /links/."""
    return "link-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


# -- page hooks that scripts, styles and tests rely on --------------------------------
MARK_ATTR = "data-annotation"  # on every <mark> of a highlight
CARD_ATTR = "data-annotation-card"  # on every card, whose id is the annotation id
