"""In CI a skip is a failure (tests/ci_no_skips.py); elsewhere it stays a skip with its reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SKIPPING = '''
import pytest

def test_needs_a_tool():
    pytest.skip("the tool is not installed")

def test_runs():
    pass
'''
SKIPPING_MODULE = '''
import pytest

pytest.skip("no fixture here", allow_module_level=True)
'''


@pytest.mark.parametrize("body", [SKIPPING, SKIPPING_MODULE], ids=["test", "module"])
@pytest.mark.parametrize("ci", ["true", ""], ids=["ci", "local"])
def test_a_skip_fails_only_in_ci(tmp_path: Path, body: str, ci: str) -> None:
    (tmp_path / "test_skipping.py").write_text(body, "utf-8")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.ci_no_skips",
                          "-rA", str(tmp_path)], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    if ci:
        assert run.returncode != 0, run.stdout
        assert "skipped in CI, where every test must run" in run.stdout
    else:
        assert run.returncode in (0, 5), run.stdout  # 5: every test of the module was skipped
        assert "skipped" in run.stdout and "failed" not in run.stdout
