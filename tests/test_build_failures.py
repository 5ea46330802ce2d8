"""A build with problems fails whether or not it is strict, and publishes nothing half-done."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ann, make_project, mkdocs_build

PAGE = "# P\n\nThe rate has reached 96%. Ask us today.\n"

# A second hook that runs just before ours after the build and loses one claim page,
# as a bug in the renderer or the theme would.
DAMAGE = '''\
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(200)
def on_post_build(config):
    shutil.rmtree(Path(config.site_dir) / "claims" / "s" / "rate")
'''


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_a_problem_in_a_fact_check_fails_the_build(tmp_path: Path, strict: bool) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("rate", "cures everyone"))
    run = mkdocs_build(tmp_path, strict=strict)
    assert run.returncode != 0
    assert "annotations/s.yml:11:5: quote of 'rate' not found in sources/s/page.md" in run.stderr
    assert not (tmp_path / "site" / "claims").exists()  # nothing half-published


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_an_annotation_missing_from_the_built_site_fails_the_build(tmp_path: Path, strict: bool) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("rate", "reached 96%"))
    project.raw("hooks/damage.py", DAMAGE)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("hooks:\n", "hooks:\n  - hooks/damage.py\n"), "utf-8")
    run = mkdocs_build(tmp_path, strict=strict)
    assert run.returncode != 0
    assert "annotations/s.yml:10: annotation 'rate' has no claim page claims/s/rate/" in run.stderr
