"""factcheck archive against a real HTTP server on 127.0.0.1 serving clinic-like pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from factcheck.archive import ArchiveError, archive
from factcheck.check import check
from factcheck.cli import main

PAGES = Path(__file__).parent / "clinic_pages"
LATIN1 = ("<html lang='es'><head><meta charset='iso-8859-1'><title>Células madre</title></head><body>"
          "<nav><a href='/'>Inicio</a></nav><main><h1>Terapia con células madre</h1><p>Más de 500 pacientes "
          "tratados con éxito en nuestra clínica de Cancún desde el año 2010.</p><p>La mejoría se observa en "
          "el 90% de los casos, según nuestros médicos especialistas.</p></main></body></html>").encode("latin-1")


class ClinicSite(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        routes = {
            "/cerebral-palsy": ("text/html; charset=utf-8", (PAGES / "stem-cell-clinic.html").read_bytes()),
            "/es/celulas": ("text/html; charset=iso-8859-1", LATIN1),
            "/brochure.pdf": ("application/pdf", b"%PDF-1.4 ..."),
            "/empty": ("text/html", b"<html><body><nav>Home</nav><script>x()</script></body></html>"),
        }
        if self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/cerebral-palsy")
            self.end_headers()
            return
        if self.path not in routes:
            self.send_response(404)
            self.end_headers()
            return
        kind, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ClinicSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_archive_keeps_the_article_and_drops_navigation_scripts_and_banners(repo, site) -> None:
    moment = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.timezone.utc)
    folder = archive(site + "/cerebral-palsy", repo.root, "bright-future-cp", now=moment)
    page = (folder / "page.md").read_text("utf-8")
    assert page.startswith("# Stem Cell Therapy for Cerebral Palsy\n")
    assert "## Benefits" in page and "- Improved muscle tone" in page
    assert "“completely safe”" in page  # the page's own typographic quotes survive
    for junk in ("cookies", "Accept all", "Contact us", "Related treatments", "dataLayer", "All rights reserved",
                 "chat-widget"):
        assert junk not in page, junk
    assert (folder / "capture.html").read_bytes() == (PAGES / "stem-cell-clinic.html").read_bytes()
    data = yaml.safe_load((folder / "source.yml").read_text("utf-8"))
    assert data["url"] == site + "/cerebral-palsy"
    assert data["title"] == "Stem Cell Therapy for Cerebral Palsy"
    assert data["publisher"] == "Bright Future Cell Clinic"
    assert data["captured"] == "2026-11-21" and data["language"] == "en"
    assert data["sha256"] == hashlib.sha256((folder / "page.md").read_bytes()).hexdigest()
    assert check(repo.root).ok


def test_archive_decodes_the_declared_charset_and_records_redirects(repo, site) -> None:
    folder = archive(site + "/es/celulas", repo.root, "cancun-celulas")
    assert "Más de 500 pacientes tratados con éxito" in (folder / "page.md").read_text("utf-8")
    assert yaml.safe_load((folder / "source.yml").read_text("utf-8"))["language"] == "es"
    moved = archive(site + "/old-address", repo.root, "moved-page")
    data = yaml.safe_load((moved / "source.yml").read_text("utf-8"))
    assert data["url"] == site + "/old-address" and data["appearances"] == [site + "/cerebral-palsy"]


@pytest.mark.parametrize("path, message", [
    ("/brochure.pdf", "not an HTML page (content type application/pdf)"),
    ("/missing", "the server answered HTTP 404"),
    ("/empty", "no readable text found"),
])
def test_archive_explains_what_cannot_be_archived(repo, site, path: str, message: str) -> None:
    with pytest.raises(ArchiveError, match=message.replace("(", r"\(").replace(")", r"\)")):
        archive(site + path, repo.root, "x")
    sources = repo.root / "sources"
    assert not sources.exists() or list(sources.iterdir()) == []  # nothing half-written


def test_archive_refuses_an_existing_id_and_bad_addresses(repo, site, capsys) -> None:
    repo.source("taken", "# T\n\nText.\n")
    assert main(["--root", str(repo.root), "archive", site + "/cerebral-palsy", "--id", "taken"]) == 1
    assert "sources/taken/ exists already; choose another --id" in capsys.readouterr().err
    assert main(["--root", str(repo.root), "archive", "ftp://example.org/x", "--id", "y"]) == 1
    assert "only http:// and https:// addresses" in capsys.readouterr().err
    assert main(["--root", str(repo.root), "archive", "http://127.0.0.1:9/x", "--id", "z", "--timeout", "3"]) == 1
    assert "cannot fetch the page" in capsys.readouterr().err


def test_new_writes_a_starter_that_check_refuses_until_filled_in(repo, capsys) -> None:
    repo.source("s", "# T\n\nText.\n")
    assert main(["--root", str(repo.root), "new", "s"]) == 0
    text = (repo.root / "annotations" / "s.yml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../factcheck/schemas/annotations.schema.json\n")
    assert "#  - id: improvement-rate" in text
    assert main(["--root", str(repo.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "annotations/s.yml:5:1: placeholder left in 'headline'" in out
    assert main(["--root", str(repo.root), "new", "s"]) == 1
    assert main(["--root", str(repo.root), "new", "nope"]) == 1
    assert "no such source" in capsys.readouterr().err
