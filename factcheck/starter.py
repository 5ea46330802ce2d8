"""``factcheck new``: a starter annotation file with the schema line and one commented example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .verdicts import SCALE

PLACEHOLDER = "TODO"

TEMPLATE = """\
# yaml-language-server: $schema=../factcheck/schemas/annotations.schema.json
# Fact-check of sources/{sid}/page.md. Replace every TODO; `factcheck check` refuses them.
source: {sid}
verdict: {todo}  # {verdicts}
headline: {todo} one sentence a forum reader can take away
takeaways:
  - {todo} what a patient should know first
  - {todo} what the evidence is, and what it is not
authors: [{todo}-your-github-handle]
reviewers: []  # a draft until someone who is not an author reviews it; then their handle and reviewed: <date>
published: {today}
updated: {today}
annotations: []
# Each annotation quotes the page exactly. Find a passage with
#   factcheck locate {sid} "words you see on the page"
# and paste the block it prints, then add the rest:
#
#  - id: improvement-rate            # lower-case words and hyphens; never reused
#    quote: the improvement rate has reached 96%
#    prefix: "Since 2011, "          # only when the quote occurs more than once
#    claim: 96% of patients improve after this treatment
#    verdict: unsupported
#    comment: |
#      What the evidence says, in plain words, and why the passage does or
#      does not match it.
#    citations:
#      - title: Title of the study or page you read
#        url: https://doi.org/...
#        publisher: Journal or organisation
#        date: 2014-09-12
#        quote: The sentence of the source that supports the comment.
#    tags: [statistics]
"""


def starter(sid: str, today: dt.date | None = None) -> str:
    ids = [v.id for v in SCALE]
    return TEMPLATE.format(sid=sid, todo=PLACEHOLDER, today=(today or dt.date.today()).isoformat(),
                           verdicts=", ".join(ids[:-1]) + " or " + ids[-1])


def write_starter(root: Path, sid: str) -> Path:
    """Write annotations/<sid>.yml; refuse when it exists or the source does not."""
    if not (root / "sources" / sid / "source.yml").is_file():
        raise FileNotFoundError(f"sources/{sid}/source.yml: no such source; archive the page first "
                                "(factcheck archive <url> --id <source-id>)")
    path = root / "annotations" / f"{sid}.yml"
    if path.exists():
        raise FileExistsError(f"annotations/{sid}.yml exists already")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter(sid), "utf-8")
    return path
