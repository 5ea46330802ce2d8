"""After a build: every annotation is on its source page, on its claim page and in the export
(whose selectors select from the source's published text).

The renderer produces all three from the same list, so a miss means a bug;
this check turns such a bug into a failed build that names the annotation,
instead of a fact-check silently missing from the published site. A draft's
annotations are built (for reviewers) but must be absent from the export.
"""

from __future__ import annotations

import json
from pathlib import Path

from .pagecontract import CARD_ATTR, EXPORT_URL, MARK_ATTR, text_url
from .render import SiteRenderer


def missing_annotations(site_dir: Path, renderer: SiteRenderer) -> list[str]:
    """``path:line: annotation 'id' is missing from ...`` for every annotation not fully published."""
    problems = []
    exported = _exported_ids(site_dir / EXPORT_URL)
    for entries in renderer.entries_by_source.values():
        source_file = site_dir / entries[0].source_url / "index.html"
        html = source_file.read_text("utf-8") if source_file.exists() else ""  # one page at a time
        has_text = (site_dir / text_url(entries[0].source.id)).is_file()
        for entry in entries:
            aid = entry.ann.id
            where = f"{entry.fc.path}:{entry.ann.at('id')[0]}: annotation '{aid}'"
            if f'{CARD_ATTR}="{aid}"' not in html or f'{MARK_ATTR}="{aid}"' not in html:
                problems.append(f"{where} is missing from its source page {entry.source_url}")
            if not (site_dir / entry.claim_url / "index.html").exists():
                problems.append(f"{where} has no claim page {entry.claim_url}")
            if entry.fc.draft and renderer.absolute(entry.claim_url) in exported:
                problems.append(f"{where} is in annotations.jsonld, but its fact-check is a draft")
            elif not entry.fc.draft and renderer.absolute(entry.claim_url) not in exported:
                problems.append(f"{where} is missing from annotations.jsonld")
            if not has_text:
                problems.append(f"{where} is exported, but {text_url(entry.source.id)} was not published")
    return problems


def _exported_ids(path: Path) -> set[str]:
    # Keep only the keys on the way to the ids: the rest is freed as it is parsed.
    def keep(pairs: list[tuple[str, object]]) -> dict:
        return {k: v for k, v in pairs if k in ("id", "first", "items")}

    try:
        data = json.loads(path.read_text("utf-8"), object_pairs_hook=keep)
        return {item["id"] for item in data["first"]["items"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
