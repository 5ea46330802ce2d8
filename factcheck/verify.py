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
from typing import Collection

from .pagecontract import CARD_ATTR, EXPORT_URL, MARK_ATTR, text_url
from .render import SiteRenderer


def missing_annotations(site_dir: Path, renderer: SiteRenderer, only: Collection[str] | None = None) -> list[str]:
    """``path:line: annotation 'id' is missing from ...`` for every annotation not fully published (of the
    sources in ``only``, if given)."""
    problems = []
    # Reading the whole export back costs more than a preview's rebuild; a full build always does.
    exported = _exported_ids(site_dir / EXPORT_URL) if only is None else None
    for sid, entries in renderer.entries_by_source.items():
        if only is not None and sid not in only:
            continue
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
            if exported is None:
                pass  # a preview: see above
            elif entry.fc.draft and renderer.absolute(entry.claim_url) in exported:
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
