"""The preview (``mkdocs serve``) of a repository with problems: show them, never freeze.

A build with problems fails. A preview instead renders every fact-check that
has none, shows the problems (``path:line:col: message``, as ``factcheck
check`` prints them) in a banner on every page and in full on the home page,
and puts them in place of each affected fact-check's own pages, so that the
page a contributor is looking at explains itself and reloads once the file
is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from .check import Checked
from .problems import Problem
from .pagecontract import claim_url, source_url
from .render import Page, _env

BANNER_LIMIT = 5  # problems listed in the banner of a page other than the home page


def source_id_of(problem: Problem) -> str | None:
    """The source a problem belongs to, from its path (``annotations/<id>.yml``, ``sources/<id>/...``)."""
    parts = PurePosixPath(problem.path).parts
    if len(parts) == 2 and parts[0] == "annotations":
        return PurePosixPath(parts[1]).stem
    if len(parts) >= 3 and parts[0] == "sources":
        return parts[1]
    return None


@dataclass
class ProblemPages:
    """What a preview shows of ``checked``, which has problems."""

    checked: Checked

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems

    def affected(self) -> dict[str, list[Problem]]:
        """Source id -> its problems (a fact-check without its source is affected too)."""
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            sid = source_id_of(problem)
            if sid is not None:
                found.setdefault(sid, []).append(problem)
        for sid in self.checked.repo.factchecks:
            if sid not in self.checked.repo.sources:
                found.setdefault(sid, [])
        return found

    def renderable(self) -> Checked:
        """``checked`` without the fact-checks that have problems: the rest renders as it will be published."""
        bad = self.affected()
        repo = replace(self.checked.repo,
                       factchecks={k: v for k, v in self.checked.repo.factchecks.items() if k not in bad})
        return Checked(repo, {k: v for k, v in self.checked.anchors.items() if k not in bad})

    def pages(self) -> list[Page]:
        """A page in place of each affected source page and of each claim page its fact-check names."""
        pages = []
        for sid in sorted(self.affected()):
            source = self.checked.repo.sources.get(sid)
            title = f"Not shown: the fact-check of {source.title if source else sid} has problems"
            pages.append(Page("problems", source_url(sid), title, title, source_id=sid))
            factcheck = self.checked.repo.factchecks.get(sid)
            for ann in factcheck.annotations if factcheck else []:
                pages.append(Page("problems", claim_url(sid, ann.id), title, title, source_id=sid,
                                  annotation_id=ann.id))
        return pages

    def content(self, page: Page) -> str:
        """The body of one of ``pages()``: that fact-check's problems, in place of it."""
        own = self.affected()[page.source_id]
        macros = _env().get_template("problems.html").module
        source = self.checked.repo.sources.get(page.source_id)
        return str(macros.in_place(page.source_id, source.title if source else page.source_id, [str(p) for p in own],
                                   page.root))

    def banner(self, root: str, home: bool) -> str:
        """The banner at the top of every page (HTML); the home page's lists every problem."""
        lines = [str(p) for p in self.problems]
        macros = _env().get_template("problems.html").module
        return str(macros.banner(lines, None if home else BANNER_LIMIT, root))
