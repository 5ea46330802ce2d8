"""After a build: every annotation is on its source page, on its claim page and in the export.

The renderer produces all three from the same list, so a miss means a bug;
this check turns such a bug into a failed build that names the annotation,
instead of a fact-check silently missing from the published site.
"""

from __future__ import annotations

import json
from pathlib import Path

from .render import SiteRenderer


def missing_annotations(site_dir: Path, renderer: SiteRenderer) -> list[str]:
    """``path:line: annotation 'id' is missing from ...`` for every annotation not fully published."""
    problems = []
    exported = _exported_ids(site_dir / "annotations.jsonld")
    pages: dict[str, str] = {}
    for (sid, aid), entry in renderer.entries.items():
        where = f"{entry.fc.path}:{entry.ann.at('id')[0]}: annotation '{aid}'"
        source_file = site_dir / entry.source_url / "index.html"
        if sid not in pages:
            pages[sid] = source_file.read_text("utf-8") if source_file.exists() else ""
        html = pages[sid]
        if f'data-annotation-card="{aid}"' not in html or f'data-annotation="{aid}"' not in html:
            problems.append(f"{where} is missing from its source page {entry.source_url}")
        if not (site_dir / entry.claim_url / "index.html").exists():
            problems.append(f"{where} has no claim page {entry.claim_url}")
        if renderer.absolute(entry.claim_url) not in exported:
            problems.append(f"{where} is missing from annotations.jsonld")
    return problems


def _exported_ids(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return {item["id"] for item in data["first"]["items"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
