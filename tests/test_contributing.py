"""Following only CONTRIBUTING.md, a new source is archived, annotated, checked and built --strict.

The commands are read from the guide's "Step by step" section and run as
written (placeholders filled in), in a clean copy of the repository.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .linkserver import link_server
from .test_archive import PAGES


def guide_commands() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## Step by step", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def clean_checkout(target: Path) -> None:
    """The files a fresh clone has (tracked, or new and not ignored)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)


def test_the_guide_commands_are_the_ones_we_expect() -> None:
    assert [c.split()[:2] for c in guide_commands()] == [
        ["./dev", "site"], ["factcheck", "archive"], ["factcheck", "new"], ["factcheck", "locate"],
        ["factcheck", "check"], ["mkdocs", "build"], ["factcheck", "links"]]


def test_a_new_source_goes_from_archive_to_strict_build(tmp_path: Path) -> None:
    repo = tmp_path / "checkout"
    clean_checkout(repo)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1",
           "FACTCHECK_NETWORK": "off"}  # no internet in tests; 127.0.0.1 is still checked
    clinic = PAGES / "stem-cell-clinic.html"

    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass

        def do_GET(self):
            body = clinic.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page_url = f"http://127.0.0.1:{server.server_address[1]}/cerebral-palsy"
    values = {"<url>": page_url, "<source-id>": "bright-future-cp", "<words you see on the page>": "improvement rate is 92%"}
    located = ""
    try:
        with link_server() as (evidence, _):
            for command in guide_commands():
                if command.startswith("./dev"):
                    continue  # set-up: this test already runs inside it
                for key, value in values.items():
                    command = command.replace(f'"{key}"', shlex.quote(value)).replace(key, value)
                if command.startswith("factcheck check"):
                    write_annotation(repo / "annotations" / "bright-future-cp.yml", located, evidence)
                run = subprocess.run(shlex.split(command), cwd=repo, env=env, capture_output=True, text=True,
                                     timeout=300)
                assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
                if command.startswith("factcheck locate"):
                    located = run.stdout
    finally:
        server.shutdown()
        server.server_close()
    assert (repo / "site" / "sources" / "bright-future-cp" / "index.html").is_file()
    assert (repo / "site" / "claims" / "bright-future-cp" / "improvement-rate" / "index.html").is_file()


def write_annotation(path: Path, located: str, evidence: str) -> None:
    """What a contributor types: the located block, then claim, verdict, comment and a quoted citation."""
    block = yaml.safe_load(located)
    assert block == {"quote": "improvement rate is 92%"}
    text = path.read_text("utf-8")
    text = text.replace("verdict: TODO", "verdict: unsupported")
    text = text.replace("headline: TODO one sentence a forum reader can take away", "headline: No study is given.")
    text = text.replace("  - TODO what a patient should know first\n", "  - The 92% has no source.\n")
    text = text.replace("  - TODO what the evidence is, and what it is not\n", "  - Testimonials are not evidence.\n")
    text = text.replace("[TODO-your-github-handle]", "[tester]")
    text = text.replace("annotations: []\n", f"""annotations:
  - id: improvement-rate
    quote: {block['quote']}
    claim: 92% of children with cerebral palsy improve
    verdict: unsupported
    comment: No study, definition or comparison is given.
    citations:
      - title: A review
        url: {evidence}/ok
        quote: The review found a small short-term effect.
    tags: [statistics]
""")
    path.write_text(text, "utf-8")
