"""The GitHub workflows: valid against the published workflow schema, pinned, and safe to deploy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "weekly-links.yml", "weekly-watch.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_against_the_github_workflow_schema(workflow: Path) -> None:
    # check-jsonschema ships SchemaStore's GitHub workflow schema, so this runs offline
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                          str(workflow)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: not-a-list\n")
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                          str(broken)], capture_output=True, text=True)
    assert run.returncode != 0


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit(workflow: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)", workflow.read_text("utf-8"))
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref


def test_publishing_deploys_only_after_a_successful_strict_build() -> None:
    for name in ("publish.yml", "weekly-links.yml"):
        data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
        jobs = data["jobs"]
        deploy = jobs["deploy"]
        build_job = jobs[deploy["needs"]]
        commands = [s.get("run", "") for s in build_job["steps"]]
        assert any("mkdocs build --strict" in c for c in commands), name
        upload = [i for i, s in enumerate(build_job["steps"]) if "upload-pages-artifact" in s.get("uses", "")]
        build = [i for i, c in enumerate(commands) if "mkdocs build --strict" in c]
        assert upload and build and build[0] < upload[0], name  # the artifact is the strict build's output
        assert not any(s.get("continue-on-error") for s in build_job["steps"]), name


def test_pull_requests_check_in_github_format_and_only_changed_links() -> None:
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    assert "factcheck check --format github --base \"origin/${{ github.base_ref }}\"" in text
    assert "factcheck links --changed-since" in text


def test_pre_commit_hook_definitions() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "factcheck-check" and hooks[0]["entry"] == "factcheck check"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    assert any(h["id"] == "factcheck-check" for r in config["repos"] for h in r["hooks"])


def test_every_install_pins_the_same_minimum_pip() -> None:
    # pip 23.2 installs every dependency (lxml_html_clean is declared directly: older pips drop the extra
    # justext asks for); ./dev and every workflow make sure of at least that pip before installing
    pins = set(re.findall(r'"pip>=([\d.]+)"', (ROOT / "dev").read_text("utf-8")))
    assert len(pins) == 1
    pin = f'"pip>={pins.pop()}"'
    for workflow in WORKFLOWS:
        steps = [s.get("run", "") for job in yaml.safe_load(workflow.read_text("utf-8"))["jobs"].values()
                 for s in job.get("steps", [])]
        installs = [i for i, run in enumerate(steps) if "pip install -e" in run]
        assert installs, workflow.name
        for i in installs:
            assert any(pin in run and "--upgrade" in run for run in steps[:i + 1]), workflow.name


def test_weekly_archive_copies_are_proposed_as_a_pull_request_never_pushed_to_main() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "weekly-links.yml").read_text("utf-8"))
    steps = data["jobs"]["snapshots"]["steps"]
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "factcheck links --archive" in commands
    assert "gh pr create --base main" in commands
    pushes = [line.strip() for line in commands.splitlines() if "git push" in line]
    assert pushes == ['git push origin "$branch"'] and 'branch="archive-copies/' in commands


def test_weekly_watch_is_proposed_as_a_checked_pull_request_never_pushed_to_main() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "weekly-watch.yml").read_text("utf-8"))
    steps = data["jobs"]["watch"]["steps"]
    runs = [s.get("run", "") for s in steps]
    watch = next(i for i, r in enumerate(runs) if r.startswith("factcheck watch"))
    check = next(i for i, r in enumerate(runs) if r.strip() == "factcheck check")
    propose = next(i for i, r in enumerate(runs) if "gh pr create --base main" in r)
    assert watch < check < propose  # only observations that pass the check are proposed
    assert steps[watch]["env"]["FACTCHECK_NETWORK"] == "on"
    pushes = [line.strip() for line in runs[propose].splitlines() if "git push" in line]
    assert pushes == ['git push origin "$branch"'] and 'branch="watch/' in runs[propose]
    assert "git add watch" in runs[propose]
