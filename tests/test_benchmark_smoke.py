"""A tiny run of the benchmark script: it works end to end and reports every figure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_benchmark_script_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--smoke", "--out", str(out)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    assert re.search(r"N=3: build [\d.]+s vs plain [\d.]+s \([\d.]+x\), memory \d+ vs \d+ MB", run.stdout)
    assert re.search(r"links: cold [\d.]+s, lychee ", run.stdout)
    assert re.search(r"(\d+) preview images, first build [\d.]+s", run.stdout)
    report = out.read_text("utf-8")
    assert re.search(r"watch: 3 pages, \d+ passages: [\d.]+s with workers", run.stdout)
    for heading in ("## Build: annotated site against plain MkDocs", "## `factcheck check`", "## Links", "## Watch"):
        assert heading in report
    assert "0 requests" in report  # the warm link check sent nothing
    images = re.search(r"\| 3 \| (\d+) \| [\d.]+ s \| [\d.]+ s \| ", report)
    assert images and int(images[1]) == 3 + 3 * 3  # a preview per source page and per claim page
