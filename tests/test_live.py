"""What a preview keeps between rebuilds: the repository as a whole check sees it, and which pages changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from factcheck.check import check_sources
from factcheck.live import LivePages, LiveRepository, PageChanges
from factcheck.render import SiteRenderer

from .conftest import RepoBuilder, ann


def same_as_a_whole_check(live: LiveRepository, root: Path) -> set[str]:
    merged, changed = live.refresh()
    live.commit()
    whole = check_sources(root, None)
    assert [str(p) for p in merged.problems] == [str(p) for p in whole.problems]
    assert list(merged.repo.sources) == list(whole.repo.sources)
    assert list(merged.repo.factchecks) == list(whole.repo.factchecks)  # in file-name order, as loaded
    assert {k: [(a.id, a.start, a.end) for a in v] for k, v in merged.anchors.items()} == \
        {k: [(a.id, a.start, a.end) for a in v] for k, v in whole.anchors.items()}
    return changed


def touch(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    later = time.time() + 1  # a new mtime even on file systems with coarse time stamps
    os.utime(path, (later, later))


def test_refresh_reloads_only_what_changed_and_matches_a_whole_check(repo: RepoBuilder) -> None:
    for sid in ("a", "a-b", "c"):
        repo.source(sid, f"# {sid}\n\nThe rate has reached 96%.\n")
        repo.annotations(sid, ann("rate", "reached 96%"))
    live = LiveRepository(repo.root)
    assert same_as_a_whole_check(live, repo.root) == {"a", "a-b", "c"}
    assert same_as_a_whole_check(live, repo.root) == set()
    file = repo.root / "annotations" / "a.yml"
    touch(file, file.read_text("utf-8").replace("reached 96%", "reached 97%"))  # now a problem
    assert same_as_a_whole_check(live, repo.root) == {"a"}
    (repo.root / "annotations" / "c.yml").unlink()
    repo.annotations("zz", ann("rate", "reached 96%"))  # names a source that does not exist
    assert same_as_a_whole_check(live, repo.root) == {"c", "zz"}
    repo.source("zz", "# zz\n\nThe rate has reached 96%.\n")  # now it does
    assert same_as_a_whole_check(live, repo.root) == {"a", "zz"}  # "a" has problems: checked again


def test_changes_since_a_failed_rebuild_are_returned_again(repo: RepoBuilder) -> None:
    repo.source("a", "# a\n\nThe rate has reached 96%.\n")
    live = LiveRepository(repo.root)
    live.refresh()
    live.commit()
    repo.annotations("a", ann("rate", "reached 96%"))
    assert live.refresh()[1] == {"a"}  # this rebuild fails: no commit
    assert live.refresh()[1] == {"a"}


def rendered(live: LiveRepository, pages: LivePages) -> tuple[SiteRenderer, list]:
    checked, _ = live.refresh()
    renderer = SiteRenderer(checked)
    return renderer, pages.pages(renderer, live)


def test_an_edited_claim_changes_its_own_pages_and_the_lists_that_show_it(repo: RepoBuilder) -> None:
    for sid in ("a", "b"):
        repo.source(sid, f"# {sid}\n\nThe rate has reached 96%.\n")
        repo.annotations(sid, ann("rate", "reached 96%"))
    live, pages, changes = LiveRepository(repo.root), LivePages(), PageChanges()
    renderer, made = rendered(live, pages)
    assert [p.url for p in made] == [p.url for p in renderer.pages()]
    changed, stale = changes.update(renderer, made, live, "settings")
    assert changed == {p.url for p in made} and stale == set()
    changes.commit()
    live.commit()

    file = repo.root / "annotations" / "a.yml"
    touch(file, file.read_text("utf-8").replace("claim: A claim", "claim: An edited claim"))
    renderer, made = rendered(live, pages)
    changed, stale = changes.update(renderer, made, live, "settings")
    assert "sources/a/" in changed and "claims/a/rate/" in changed
    assert "verdicts/misleading/" in changed  # lists the claim by its title
    assert not {"sources/b/", "claims/b/rate/"} & changed
    changes.commit()

    renderer, made = rendered(live, pages)
    assert changes.update(renderer, made, live, "settings")[0] == set()
    assert changes.update(renderer, made, live, "other settings")[0] == {p.url for p in made}


def test_a_removed_fact_check_leaves_no_file_behind(repo: RepoBuilder) -> None:
    repo.source("a", "# a\n\nThe rate has reached 96%.\n")
    repo.annotations("a", ann("rate", "reached 96%"))
    live, pages, changes = LiveRepository(repo.root), LivePages(), PageChanges()
    changes.update(*rendered(live, pages), live, "")
    changes.commit()
    (repo.root / "annotations" / "a.yml").unlink()
    renderer, made = rendered(live, pages)
    changed, stale = changes.update(renderer, made, live, "")
    assert {"claims/a/rate/index.html", "claims/a/rate/preview.png", "sources/a/preview.png"} <= stale
    assert "sources/a/text.txt" not in stale and "sources/a/index.html" not in stale  # still an archived page
