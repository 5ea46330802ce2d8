#!/usr/bin/env python3
"""Benchmarks: build cost against plain MkDocs, `factcheck check` cost, link-check throughput.

Generates synthetic repositories in the project's own formats from the seed
pages' vocabulary, measures them side by side (alternating runs, medians),
prints the figures and writes benchmarks/RESULTS.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.anchor import find, unique_context  # noqa: E402
from factcheck.verdicts import SCALE  # noqa: E402
from factcheck.sourcetext import parse_source  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off"}

# ---------------------------------------------------------------------------
# synthetic repositories


@dataclass
class Vocabulary:
    sentences: list[str]
    headings: list[str]
    items: list[str]


def vocabulary() -> Vocabulary:
    """Sentences, headings and list items of the archived seed pages."""
    sentences, headings, items = [], [], []
    for page in sorted((ROOT / "sources").glob("*/page.md")):
        for line in page.read_text("utf-8").splitlines():
            line = line.strip().rstrip("\\")
            if line.startswith("#"):
                headings.append(line.lstrip("#").strip())
            elif line.startswith("- "):
                items.append(line[2:].strip())
            elif len(line) > 40:
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 30]
    return Vocabulary(sentences, headings, items)


def prose(text: str) -> str:
    """A sentence for our own words (claims, comments): without quotation marks, which `check` holds to the
    page's words."""
    return re.sub(r'["“”„]', "", text)


def synthetic_page(rng: random.Random, vocab: Vocabulary, title: str) -> str:
    parts = [f"# {title}"]
    for _ in range(rng.randint(4, 6)):
        parts.append(f"## {rng.choice(vocab.headings)}")
        for _ in range(rng.randint(1, 2)):
            parts.append(" ".join(rng.choice(vocab.sentences) for _ in range(rng.randint(3, 5))))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- {rng.choice(vocab.items)}" for _ in range(rng.randint(3, 6))))
    return "\n\n".join(parts) + "\n"


def pick_quotes(rng: random.Random, markdown: str, count: int) -> list[dict]:
    """Quotes drawn from the visible text, made unique with the engine's own context rules;
    about one in four overlaps the quote before it."""
    text = parse_source(markdown)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text.text)]
    chosen: list[dict] = []
    tries = 0
    while len(chosen) < count and tries < count * 20:
        tries += 1
        if chosen and rng.random() < 0.25:  # overlap: start inside the previous passage
            first = chosen[-1]["_w"] + rng.randint(1, 3)
        else:
            first = rng.randrange(0, max(1, len(words) - 16))
        last = min(len(words) - 1, first + rng.randint(4, 12))
        if first >= len(words) or last <= first:
            continue
        passage = text.text[words[first][0]:words[last][1]]
        if "\n" in passage:
            continue
        needle, starts = find(text, passage)
        if not starts:
            continue
        block = {"quote": " ".join(passage.split()), "_w": first}
        if len(starts) > 1:
            context = unique_context(text, starts[0], starts[0] + len(needle))
            if context is None:
                continue
            prefix, suffix = context
            block.update({k: v for k, v in (("prefix", prefix), ("suffix", suffix)) if v})
        if all(c["quote"] != block["quote"] for c in chosen):
            chosen.append(block)
    return chosen


def copy_site_config(target: Path, hooks: bool = True) -> None:
    for name in ("docs", "overrides") + (("hooks",) if hooks else ()):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if not hooks:
        config = re.sub(r"hooks:\n(  - .*\n)+", "", config)
        config = config.replace("  - sources\n  - annotations\n", "")
        config = config.replace("watch:\n", "")
    (target / "mkdocs.yml").write_text(config, "utf-8")


@dataclass
class Synthetic:
    root: Path
    sources: int
    annotations: int
    urls: list[str] = field(default_factory=list)


def generate(root: Path, n: int, m: int, url_for, seed: int = 1) -> Synthetic:
    """An annotated repository of ``n`` sources with ``m`` annotations each."""
    import hashlib

    rng, vocab = random.Random(seed), vocabulary()
    copy_site_config(root)
    total, urls = 0, []
    for i in range(n):
        sid = f"clinic-{i:05d}"
        page = synthetic_page(rng, vocab, f"Stem cell treatment page {i}")
        folder = root / "sources" / sid
        folder.mkdir(parents=True)
        (folder / "page.md").write_text(page, "utf-8")
        source = {"title": f"Stem cell treatment page {i}", "publisher": f"Clinic {i % 97}", "url": None,
                  "captured": "2026-11-21", "topics": ["spinal-cord-injury"],
                  "sha256": hashlib.sha256(page.encode()).hexdigest()}
        (folder / "source.yml").write_text(yaml.safe_dump(source, sort_keys=False), "utf-8")
        items = []
        for j, block in enumerate(pick_quotes(rng, page, m)):
            block.pop("_w")
            url = url_for(i, j)
            urls.append(url)
            items.append({"id": f"claim-{j}", **block, "claim": f"Claim {j}: {prose(rng.choice(vocab.sentences))}",
                          "verdict": rng.choice([v.id for v in SCALE]),
                          "comment": " ".join(prose(rng.choice(vocab.sentences)) for _ in range(3)),
                          "citations": [{"title": f"Study {i}-{j}", "url": url, "quote": rng.choice(vocab.sentences)}],
                          "tags": ["statistics"]})
        total += len(items)
        factcheck = {"source": sid, "verdict": "misleading", "headline": prose(rng.choice(vocab.sentences)),
                     "takeaways": [prose(rng.choice(vocab.sentences)) for _ in range(3)], "authors": ["bench"],
                     "reviewers": ["reviewer"], "published": "2026-11-21", "reviewed": "2026-11-21",  # not a draft
                     "annotations": items}
        (root / "annotations").mkdir(exist_ok=True)
        (root / "annotations" / f"{sid}.yml").write_text(yaml.safe_dump(factcheck, allow_unicode=True,
                                                                        sort_keys=False), "utf-8")
    return Synthetic(root, n, total, urls)


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "pre", "blockquote", "figcaption",
          "summary", "div", "section", "aside", "header", "footer", "nav", "ul", "ol", "dl", "table", "tr", "details",
          "article", "figure", "br"}
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")  # Python-Markdown's backslash escapes
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def visible_blocks(html: str) -> tuple[str, list[str]]:
    """The title and the visible text of a built page's article, one string per block (paragraph, item, cell);
    a heading's block starts with its level in "#"s."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text() if soup.title else ""
    article = soup.find("article")
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, doctype or CDATA
                    parts.append(str(child))
            elif child.name in ("script", "style", "template"):
                continue
            elif child.name in BLOCKS:
                parts.append("\n\n" + ("#" * int(child.name[1]) + "\0" if child.name in HEADINGS else ""))
                walk(child)
                parts.append("\n\n")
            else:
                walk(child)

    if article is not None:
        walk(article)
    blocks = [" ".join(b.split()) for b in "".join(parts).split("\n\n")]
    return title, [b for b in blocks if b]


def words(html: str) -> list[str]:
    return sorted(w for block in visible_blocks(html)[1] for w in block.split("\0")[-1].split())


def generate_plain(annotated_site: Path, root: Path) -> None:
    """A plain MkDocs repository with the same pages and the same words as the annotated site, and no more.

    Every page of the annotated build becomes a Markdown page at the same address holding the visible
    text of its article, one paragraph per block, with the same title, search and navigation policy;
    every other file it publishes (the archived texts, the export, images) is copied as a static file.
    """
    copy_site_config(root, hooks=False)
    docs = root / "docs"
    written = {_page_url(p.relative_to(docs)): p for p in docs.rglob("*.md")}  # hand-written: same name
    generated = ("sources/", "claims/", "verdicts/", "topics/", "links/", "watch/")
    for page in sorted(annotated_site.rglob("index.html")):
        url = page.parent.relative_to(annotated_site).as_posix() + "/"
        url = "" if url == "./" else url
        title, blocks = visible_blocks(page.read_text("utf-8"))
        target = written.get(url, docs / url / "index.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        front = {**_front_matter(target), "title": title.rsplit(" - ", 1)[0]}
        if url.startswith(generated):
            front["hide"] = ["navigation", "toc"]
            if not url.startswith("claims/"):  # as annotated: only claim pages are searched
                front["search"] = {"exclude": True}
        body = "\n\n".join(_markdown_block(b) for b in blocks)
        target.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body + "\n", "utf-8")
    for file in annotated_site.rglob("*"):
        rel = file.relative_to(annotated_site).as_posix()
        theirs = rel.startswith(("assets/", "search/", "sitemap.xml")) or (docs / rel).exists()  # MkDocs' own
        if file.is_file() and not rel.endswith(".html") and not theirs:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, docs / rel)


def _markdown_block(block: str) -> str:
    """One visible block as Markdown that shows exactly its words."""
    level, _, text = block.rpartition("\0")
    text = MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")
    return f"{level} {text}" if level else text


def _front_matter(md: Path) -> dict:
    """A hand-written page's own front matter (its layout), if any."""
    if not md.exists():
        return {}
    text = md.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}


def _page_url(md: Path) -> str:
    """The address MkDocs gives a Markdown file (directory URLs)."""
    parts = md.with_suffix("").parts
    if parts[-1] in ("index", "README"):
        parts = parts[:-1]
    return "/".join(parts) + "/" if parts else ""


def compare_words(annotated_site: Path, plain_site: Path) -> tuple[int, int, int]:
    """(words on the annotated site's pages, words on the plain site's pages, pages whose words differ)."""
    total_a = total_p = differ = 0
    for page in annotated_site.rglob("*.html"):
        rel = page.relative_to(annotated_site)
        a = words(page.read_text("utf-8"))
        other = plain_site / rel
        p = words(other.read_text("utf-8")) if other.exists() else []
        total_a, total_p, differ = total_a + len(a), total_p + len(p), differ + (a != p)
    return total_a, total_p, differ


# ---------------------------------------------------------------------------
# measuring

MEASURE = ("import resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
           "e = time.perf_counter() - t\n"
           "if r.returncode: sys.stderr.write(r.stderr.decode()[-2000:])\n"
           "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
           "sys.exit(r.returncode)\n")


def measured(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one command, in its own process."""
    run = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env or ENV, capture_output=True,
                         text=True)
    if run.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{run.stderr}")
    seconds, kb = run.stdout.split()[-2:]
    return float(seconds), int(kb) / 1024


def site_figures(site: Path) -> tuple[int, int]:
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return len(pages), total


@dataclass
class BuildResult:
    n: int
    pages: int
    plain_pages: int
    times: dict[str, list[float]]  # "cold", "warm" (annotated) and "plain": one figure per run
    memory: dict[str, list[float]]
    bytes_per_page: float
    plain_bytes_per_page: float
    words: tuple[int, int, int]  # annotated, plain, pages whose words differ
    loads: list[float]  # 1-minute load average before each build
    check_time: float
    annotations: int
    check_cold: float
    check_one: float  # `factcheck check` of one annotation file
    images: int = 0  # preview images (og:image) in the annotated site
    images_cold_time: float = 0.0  # the annotated build with no preview image drawn yet

    def median(self, kind: str) -> float:
        return statistics.median(self.times[kind])

    def overhead_ms(self, kind: str) -> float:
        """Our work per page: (annotated - plain) / pages, in ms."""
        return (self.median(kind) - self.median("plain")) / self.pages * 1000


def fresh_clone(root: Path) -> None:
    """Leave ``root`` as CI finds it: no compiled hooks, and of ``.cache/`` only the preview images CI keeps."""
    shutil.rmtree(root / "hooks" / "__pycache__", ignore_errors=True)
    for entry in (root / ".cache").glob("*"):
        if entry.name != "previews":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def bench_build(n: int, m: int, runs: int, work: Path) -> BuildResult:
    annotated = generate(work / f"annotated-{n}", n, m, lambda i, j: f"https://example.org/study/{i}/{j}")
    build = [str(BIN / "mkdocs"), "build", "-q", "-d", str(annotated.root / "site")]
    previews = annotated.root / ".cache" / "previews"
    images_cold = measured(build, annotated.root)[0]  # draws every preview image
    images = len(list(previews.glob("*.png")))
    plain = work / f"plain-{n}"
    generate_plain(annotated.root / "site", plain)
    kinds = ("plain", "cold", "warm")
    times: dict[str, list[float]] = {k: [] for k in kinds}
    memory: dict[str, list[float]] = {k: [] for k in kinds}
    loads = []
    for run in range(runs):  # rotate which goes first
        for kind in kinds[run % 3:] + kinds[:run % 3]:
            root = plain if kind == "plain" else annotated.root
            if kind == "cold":
                fresh_clone(root)
            loads.append(os.getloadavg()[0])
            seconds, mb = measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site")], root)
            times[kind].append(seconds)
            memory[kind].append(mb)
    pages, size = site_figures(annotated.root / "site")
    plain_pages, plain_size = site_figures(plain / "site")
    checks = [measured([str(BIN / "factcheck"), "check"], annotated.root)[0] for _ in range(max(3, runs))]
    cold = []
    for _ in range(max(3, runs)):  # without the visible-text cache of page.md (a first run)
        shutil.rmtree(annotated.root / ".cache" / "pages", ignore_errors=True)
        cold.append(measured([str(BIN / "factcheck"), "check"], annotated.root)[0])
    one = [measured([str(BIN / "factcheck"), "check", "annotations/clinic-00000.yml"], annotated.root)[0]
           for _ in range(max(5, runs))]
    return BuildResult(n, pages, plain_pages, times, memory, size / pages, plain_size / plain_pages,
                       compare_words(annotated.root / "site", plain / "site"), loads, statistics.median(checks),
                       annotated.annotations, statistics.median(cold), statistics.median(one), images,
                       images_cold)


# ---------------------------------------------------------------------------
# serve: from saving a file to the served page showing it


def _fetch(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(url: str, text: str, timeout: float = 600) -> float:
    """Seconds until ``url`` serves ``text`` (polled every 20 ms)."""
    start = time.perf_counter()
    while text not in _fetch(url):
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{url} never showed {text!r}")
        time.sleep(0.02)
    return time.perf_counter() - start


class Server:
    """``mkdocs serve`` of one repository on a free port."""

    def __init__(self, root: Path, *args: str):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([str(BIN / "mkdocs"), "serve", *args, "-a", f"127.0.0.1:{port}"], cwd=root,
                                        env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


EDITS = itertools.count()  # each edit's words are new to the site


@dataclass
class ServeResult:
    n: int
    annotation: list[float]
    page: list[float]
    plain: list[float]
    plain_dirty: list[float]
    load: list[float]


def edit_annotation(root: Path, sid: str, k: int) -> tuple[str, str]:
    """Change the claim of one annotation; (page address, text that shows the change)."""
    file = root / "annotations" / f"{sid}.yml"
    data = yaml.safe_load(file.read_text("utf-8"))
    data["annotations"][0]["claim"] = f"Edited claim number {k}"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return f"claims/{sid}/{data['annotations'][0]['id']}/", f"Edited claim number {k}"


def edit_page(root: Path, sid: str, k: int) -> tuple[str, str]:
    """Add a paragraph to one page.md (and its hash to source.yml, as `factcheck hash` does)."""
    import hashlib

    folder = root / "sources" / sid
    page = (folder / "page.md").read_text("utf-8") + f"\nEdited paragraph number {k}.\n"
    source = yaml.safe_load((folder / "source.yml").read_text("utf-8"))
    source["sha256"] = hashlib.sha256(page.encode()).hexdigest()
    (folder / "page.md").write_text(page, "utf-8")
    (folder / "source.yml").write_text(yaml.safe_dump(source, sort_keys=False), "utf-8")
    return f"sources/{sid}/", f"Edited paragraph number {k}"


def edit_plain(root: Path, sid: str, k: int) -> tuple[str, str]:
    file = root / "docs" / "sources" / sid / "index.md"
    file.write_text(file.read_text("utf-8") + f"\nEdited paragraph number {k}.\n", "utf-8")
    return f"sources/{sid}/", f"Edited paragraph number {k}"


def time_edits(root: Path, n: int, args: tuple[str, ...], edits: list, runs: int,
               loads: list[float]) -> list[list[float]]:
    """Seconds from saving a file to the served page showing the change: ``runs`` times each of ``edits``
    (taking turns), on one server."""
    server = Server(root, *args)
    try:
        _until(server.base, "</html>", timeout=1800)  # the first build
        times: list[list[float]] = [[] for _ in edits]
        for k in range(runs):
            for i, edit in enumerate(edits):
                time.sleep(2)  # let the watcher settle
                loads.append(os.getloadavg()[0])
                url, text = edit(root, f"clinic-{(37 * k + 11 * i + 5) % n:05d}", next(EDITS))
                times[i].append(_until(server.base + url, text))
        return times
    finally:
        server.stop()


def bench_serve(n: int, m: int, runs: int, work: Path) -> ServeResult:
    annotated, plain = work / f"annotated-{n}", work / f"plain-{n}"
    if not annotated.exists():
        generate(annotated, n, m, lambda i, j: f"https://example.org/study/{i}/{j}")
        measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(annotated / "site")], annotated)
        generate_plain(annotated / "site", plain)
    loads: list[float] = []
    dirty = ("--dirty",)  # as ./dev serve runs it
    annotation, page = time_edits(annotated, n, dirty, [edit_annotation, edit_page], runs, loads)
    [plain_full] = time_edits(plain, n, (), [edit_plain], max(1, runs // 2), loads)
    [plain_dirty] = time_edits(plain, n, dirty, [edit_plain], runs, loads)
    return ServeResult(n, annotation, page, plain_full, plain_dirty, loads)


# ---------------------------------------------------------------------------
# links: a slow local web server on 50 loopback addresses


class SlowServer:
    """Answers any path on 127.0.0.1-127.0.0.<hosts> with 200 after ``latency`` seconds; counts hits."""

    def __init__(self, hosts: int, latency: float):
        self.hosts, self.latency, self.hits = hosts, latency, 0
        self.loop = asyncio.new_event_loop()
        self.port = 0
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        import socket

        asyncio.set_event_loop(self.loop)
        with socket.socket() as probe:  # one free port number, shared by every loopback address
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.loop.run_until_complete(asyncio.start_server(
            self._handle, host=[f"127.0.0.{k}" for k in range(1, self.hosts + 1)], port=self.port, backlog=512))
        ready.set()
        self.loop.run_forever()

    async def _handle(self, reader, writer) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                self.hits += 1
                await asyncio.sleep(self.latency)
                body = b"<html><body>ok</body></html>"
                keep = b"connection: close" not in head.lower()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n%s\r\n%s"
                             % (len(body), b"" if keep else b"Connection: close\r\n", body))
                await writer.drain()
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


@dataclass
class LinkResult:
    urls: int
    hosts: int
    latency: float
    concurrency: int
    cold: float
    lychee: float | None
    warm: float
    warm_hits: int
    floor: float


def bench_links(urls: int, hosts: int, latency: float, concurrency: int, runs: int, work: Path) -> LinkResult:
    server = SlowServer(hosts, latency)
    url_for = lambda i, j: f"http://127.0.0.{(i * 10 + j) % hosts + 1}:{server.port}/page/{i}/{j}"  # noqa: E731
    repo = generate(work / "links", max(1, urls // 10), 10, url_for)
    repo.urls = repo.urls[:urls]
    config = (repo.root / "mkdocs.yml").read_text("utf-8")
    config = config.replace("      threads: 10\n", f"      threads: {concurrency}\n")
    (repo.root / "mkdocs.yml").write_text(config, "utf-8")
    (work / "urls.txt").write_text("\n".join(repo.urls) + "\n")
    env = {**ENV, "FACTCHECK_NETWORK": "on"}
    cold, lychee = [], []
    lychee_bin = shutil.which("lychee", path=str(BIN)) or shutil.which("lychee")
    for run in range(runs):
        order = ("factcheck", "lychee") if run % 2 == 0 else ("lychee", "factcheck")
        for tool in order:
            if tool == "factcheck":
                shutil.rmtree(repo.root / ".cache", ignore_errors=True)
                cold.append(measured([str(BIN / "factcheck"), "links"], repo.root, env)[0])
            elif lychee_bin:
                lychee.append(measured([lychee_bin, "--no-progress", "--max-concurrency", str(concurrency),
                                        "--cache-exclude-status", "100..", "--timeout", "20",
                                        str(work / "urls.txt")], repo.root, env)[0])
    before = server.hits
    warm = [measured([str(BIN / "factcheck"), "links"], repo.root, env)[0] for _ in range(runs)]
    warm_hits = server.hits - before
    server.stop()
    return LinkResult(len(repo.urls), hosts, latency, concurrency, statistics.median(cold),
                      statistics.median(lychee) if lychee else None, statistics.median(warm), warm_hits,
                      latency * len(repo.urls) / concurrency)


# ---------------------------------------------------------------------------
# report


@dataclass
class WatchResult:
    sources: int
    annotations: int
    page_bytes: int  # mean size of a live page
    wall: float  # seconds: extraction and re-anchoring of every page, one process
    cpu: float  # seconds of CPU for the same
    extract: float  # of which trafilatura (CPU seconds)
    pooled: float  # wall time with the worker processes, as the command runs
    states: dict[str, int] = field(default_factory=dict)
    load: str = ""


def clinic_page_html(markdown: str, i: int) -> str:
    """A live clinic page around ``markdown``: head, scripts, cookie banner, navigation, sidebar, footer."""
    from markdown_it import MarkdownIt

    nav = "".join(f'<li><a href="/t/{k}">Treatment {k}</a></li>' for k in range(30))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page {i}</title>'
            f'<script>window.dataLayer=[];function g(){{dataLayer.push(arguments)}}</script>'
            f'<style>.nav{{display:flex}}</style></head><body><div class="cookie">We use cookies. <button>Accept'
            f'</button></div><header><nav class="nav"><ul>{nav}</ul></nav></header><main><article>'
            f'{MarkdownIt().render(markdown)}</article></main><aside><h4>Related</h4><ul>{nav[:600]}</ul></aside>'
            f'<footer><p>Copyright 2026 Clinic {i}. All rights reserved.</p><ul>{nav}</ul></footer>'
            f'<script src="/chat.js"></script></body></html>')


def bench_watch(n: int, m: int, work: Path) -> WatchResult:
    """The local work of ``factcheck watch`` over ``n`` fetched pages: extraction and re-anchoring.

    One page in ten has a checked passage reworded and one in twenty has one deleted, so the closest-passage
    search runs as it would on real drift.
    """
    import factcheck.watch as watch
    from factcheck.check import check
    from factcheck.pagetext import Fetched

    repo = generate(work / f"watch-{n}", n, m, lambda i, j: f"https://example.org/study/{i}/{j}")
    checked = check(repo.root)
    assert checked.ok, checked.problems[:3]
    rng = random.Random(7)
    bodies = []
    for sid, fc in sorted(checked.repo.factchecks.items()):
        markdown = checked.repo.sources[sid].page_path.read_text("utf-8")
        roll = rng.random()
        if roll < 0.1:
            quote = fc.annotations[0].quote
            markdown = markdown.replace(quote, quote.replace(" the ", " our ", 1)[:-4] + " now", 1)
        elif roll < 0.15:
            markdown = markdown.replace(fc.annotations[-1].quote, "", 1)
        bodies.append((fc, clinic_page_html(markdown, len(bodies)).encode("utf-8")))
    pages = []
    for fc, body in bodies:
        url = f"https://clinic.example/{fc.source}"
        pages.append((Fetched(url, 200, url, body, "text/html; charset=utf-8"), fc.annotations))
    load = os.getloadavg()[0]
    # one process, with trafilatura timed apart
    extract_cpu = 0.0
    original = watch.extract_markdown

    def timed(html: str, **kw: Any) -> str:
        nonlocal extract_cpu
        start = time.process_time()
        try:
            return original(html, **kw)
        finally:
            extract_cpu += time.process_time() - start

    watch.extract_markdown = timed
    states: dict[str, int] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        for got, annotations in pages:
            _, obs = watch.assess(got, annotations, "2026-11-28", watch.SIMILARITY)
            for state in obs.claims.values():
                states[state] = states.get(state, 0) + 1
    finally:
        watch.extract_markdown = original
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # as `factcheck watch` runs it: the worker processes, one per core
    pooled = time.perf_counter()
    with watch.workers(len(pages)) as pool:
        futures = [pool.submit(watch.assess, got, annotations, "2026-11-28", watch.SIMILARITY)
                   for got, annotations in pages]
        assert all(f.result()[1] is not None for f in futures)
    pooled = time.perf_counter() - pooled
    loads = f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (1-minute load average, 2 cores)"
    return WatchResult(n, sum(len(a) for _, a in pages), sum(len(b) for _, b in bodies) // max(1, len(bodies)),
                       wall, cpu, extract_cpu, pooled, states, loads)


def watch_report(w: WatchResult, command: str) -> list[str]:
    states = ", ".join(f"{k} {v}" for k, v in sorted(w.states.items()))
    return ["## Watch", "",
            f"Produced by `{command}`. The local work of `factcheck watch` for {w.sources} fetched pages with "
            f"{w.annotations} checked passages: trafilatura extraction (as `factcheck archive`), the visible text, "
            f"and each quote looked for with the anchoring rules, the closest passage where it is not found "
            f"(synthetic clinic pages of {w.page_bytes:,} bytes on average, with navigation, banners and footers; "
            f"one in ten has a passage reworded, one in twenty a passage deleted: {states}). Fetching is not "
            "included: it is bound by the network and by the pause between two requests to one host.", "",
            "| figure | time |", "|---|---:|",
            f"| wall time, one process per core (as `factcheck watch` runs it) | {w.pooled:.2f} s |",
            f"| wall time, one process | {w.wall:.2f} s |",
            f"| CPU time, one process | {w.cpu:.2f} s |",
            f"| of which trafilatura | {w.extract:.2f} s |",
            f"| per page (CPU) | {w.cpu / w.sources * 1000:.2f} ms |", "",
            f"Machine load during the run: {w.load}. The CPU time is the figure that least depends on what "
            f"else the machine is doing; shared by the {os.cpu_count()} worker processes of an otherwise idle "
            f"machine it would take about {w.cpu / (os.cpu_count() or 1):.1f} s (an estimate, not a measurement). "
            f"Trafilatura is {w.extract / w.cpu:.0%} of the work.",
            f"Target under 5 s for {w.sources} sources x {w.annotations // max(1, w.sources)} annotations: "
            f"{verdict(w.pooled < 5.0)} as the command runs ({w.pooled:.2f} s); in one process "
            f"{verdict(w.cpu < 5.0)} ({w.cpu:.2f} s of CPU).", ""]


def replace_section(text: str, heading: str, lines: list[str]) -> str:
    """``text`` with its section ``heading`` (up to the next "## ") replaced by ``lines``, or them appended."""
    block = "\n".join(lines)
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        return pattern.sub(lambda _: block + "\n", text, count=1)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration):
        pass
    import mkdocs

    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; MkDocs {mkdocs.__version__}")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def spread(values: list[float], unit: str = " s", digits: int = 1) -> str:
    """Median, with the lowest and highest figure."""
    f = f"{{:.{digits}f}}"
    return (f"{f.format(statistics.median(values))}{unit} ({f.format(min(values))}-{f.format(max(values))})"
            if len(values) > 1 else f"{f.format(values[0])}{unit}")


def loads_of(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f} (median {statistics.median(values):.2f})" if values else "not recorded"


def report(builds: list[BuildResult], links: LinkResult | None, command: str, m: int, runs: int,
           serves: list[ServeResult] | None = None) -> str:
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "",
             f"Produced by `{command}` ({runs} runs per figure, in rotating order; medians, with the lowest and "
             "highest run in brackets).", ""]
    if builds:
        lines += ["## Build: annotated site against plain MkDocs", "",
                  f"Each source has {m} annotations. The plain site is made from the annotated site's own build: "
                  "every page of it becomes a Markdown page at the same address with the visible text of its "
                  "article (one paragraph per paragraph, item or cell; headings as headings), the same title, "
                  "the same search and navigation policy (only claim pages searched; generated pages not in the "
                  "navigation), and every other file it publishes (`text.txt`, the export) is copied as it is. "
                  "Same theme. Link checking off (measured below). Cold: a fresh clone, as CI builds it (no "
                  "`.cache/`, no compiled hooks); warm: a second build.", "",
                  "| sources | pages (annotated / plain) | plain | annotated, cold | annotated, warm | ratio cold (median; min to min) | ratio warm | our work per page, cold | warm | peak memory plain / cold |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for b in builds:
            t = b.times
            lines.append(f"| {b.n} | {b.pages} / {b.plain_pages} | {spread(t['plain'])} | {spread(t['cold'])} | "
                         f"{spread(t['warm'])} | {b.median('cold') / b.median('plain'):.2f}x; "
                         f"{min(t['cold']) / min(t['plain']):.2f}x | {b.median('warm') / b.median('plain'):.2f}x | "
                         f"{b.overhead_ms('cold'):.2f} ms | {b.overhead_ms('warm'):.2f} ms | "
                         f"{statistics.median(b.memory['plain']):.0f} / {statistics.median(b.memory['cold']):.0f} MB |")
        lines.append("")
        for b in builds:
            a, p, differ = b.words
            lines.append(f"N = {b.n}: words in the pages' articles: annotated {a:,}, plain {p:,}; pages whose words "
                         f"differ: {differ}. Load average (1 min) before the builds: {loads_of(b.loads)}.")
        lines.append("")
        for b in builds:
            ratio = b.median("cold") / b.median("plain")
            lines.append(f"Target at N = {b.n}: cold at most 1.2x plain: {verdict(ratio <= 1.2)} ({ratio:.2f}x).")
        lines += ["", "Preview images (`og:image`, one per source and claim page) are kept in `.cache/previews/`, which "
                  "CI keeps between builds (`actions/cache`), so the cold builds above find them; a build that "
                  "must draw every image is slower by the figures below.", "",
                  "| sources | preview images | first build (every image drawn) | warm build | images drawn per second |",
                  "|---:|---:|---:|---:|---:|"]
        for b in builds:
            warm = b.median("warm")
            rate = b.images / (b.images_cold_time - warm) if b.images_cold_time > warm else float("nan")
            lines.append(f"| {b.n} | {b.images} | {b.images_cold_time:.1f} s | {warm:.1f} s | {rate:.0f} |")
        lines += ["", "## `factcheck check`", "",
                  "Warm: the visible text of each `page.md` is cached by its SHA-256 (as after any build or "
                  "earlier check); cold: that cache removed first.", "",
                  "| sources | annotations | time (warm) | time (cold) | one file, warm |", "|---:|---:|---:|---:|---:|"]
        for b in builds:
            lines.append(f"| {b.n} | {b.annotations} | {b.check_time:.2f} s | {b.check_cold:.2f} s | "
                         f"{b.check_one:.2f} s |")
        big, small = builds[-1], builds[0]
        lines += ["", f"Target under 2 s for {big.annotations} annotations: warm {verdict(big.check_time < 2.0)}, "
                  f"cold {verdict(big.check_cold < 2.0)}. Target one file under 0.5 s at N = {big.n}: "
                  f"{verdict(big.check_one < 0.5)}."]
        if len(builds) > 1:
            per = [b.check_time / b.annotations * 1000 for b in builds]
            added = (big.check_time - small.check_time) / (big.annotations - small.annotations) * 1000
            lines.append(f"Linear in the number of annotations: {per[0]:.3f} ms per annotation at N = {small.n}, "
                         f"{per[-1]:.3f} ms at N = {big.n} (both include a fixed start-up cost); each annotation "
                         f"added from N = {small.n} to N = {big.n} cost {added:.3f} ms.")
    if serves:
        lines += ["", "## Edit to preview (`./dev serve`)", "",
                  f"From saving one file to the served page showing the change, polled over HTTP every 20 ms "
                  "(MkDocs' watcher polls files every 0.5 s and waits 0.1 s for more changes; both are in the "
                  f"figures). Each source has {m} annotations. Annotation file: the claim of its first annotation "
                  "changed. `page.md`: a paragraph added, with its new SHA-256 written to `source.yml` right "
                  "after, as `factcheck hash` does. Plain MkDocs: one page of the plain site above edited, "
                  "served as `mkdocs serve` does by default (every page built again) and with `--dirty`.", "",
                  "| sources | annotation file | `page.md` | plain MkDocs, one page, `mkdocs serve` | plain, `--dirty` | load average (1 min) before each edit |",
                  "|---:|---:|---:|---:|---:|---|"]
        for r in serves:
            lines.append(f"| {r.n} | {spread(r.annotation, digits=2)} | {spread(r.page, digits=2)} | "
                         f"{spread(r.plain)} | {spread(r.plain_dirty, digits=2)} | {loads_of(r.load)} |")
        big = serves[-1]
        worst = statistics.median(big.annotation), statistics.median(big.page)
        lines += ["", f"Target at N = {big.n}: 2 s or less: annotation file {verdict(worst[0] <= 2)} "
                  f"({worst[0]:.2f} s), page.md {verdict(worst[1] <= 2)} ({worst[1]:.2f} s)."]
    if links:
        lines += ["", "## Links", "", f"{links.urls} distinct addresses over {links.hosts} hosts (loopback addresses "
                  f"127.0.0.1-127.0.0.{links.hosts}, one local server answering every path after "
                  f"{links.latency * 1000:.0f} ms), concurrency {links.concurrency} for both tools.", "",
                  "| figure | time |", "|---|---:|",
                  f"| floor: latency x URLs / concurrency | {links.floor:.1f} s |",
                  f"| `factcheck links`, cold (empty cache) | {links.cold:.1f} s |",
                  f"| lychee | {links.lychee:.1f} s |" if links.lychee else "| lychee | not installed |",
                  f"| `factcheck links`, warm (fresh cache) | {links.warm:.2f} s, {links.warm_hits} requests |", ""]
        if links.lychee:
            lines.append(f"Target cold at most 1.2x lychee: {verdict(links.cold / links.lychee <= 1.2)} "
                         f"({links.cold / links.lychee:.2f}x).")
        lines.append(f"Target warm: no request and under 1 s: {verdict(links.warm_hits == 0 and links.warm < 1)}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, nargs="+", default=[200, 1000], help="N values (default 200 1000)")
    parser.add_argument("--annotations", type=int, default=10, help="M annotations per source (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-links", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-watch", action="store_true")
    parser.add_argument("--only-watch", action="store_true",
                        help="measure only the watch's local work and replace its section of --out")
    parser.add_argument("--smoke", action="store_true", help="a tiny run for the test suite")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sources, args.annotations, args.runs = [3], 3, 1
        args.urls, args.hosts, args.latency = 20, 2, 0.01
    command = "python benchmarks/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        work = Path(tmp)
        watched = None if args.skip_watch else bench_watch(max(args.sources), args.annotations, work)
        if watched:
            print(f"watch: {watched.sources} pages, {watched.annotations} passages: "
                  f"{watched.pooled:.2f}s with workers, {watched.wall:.2f}s wall and {watched.cpu:.2f}s CPU in one process ({watched.extract:.2f}s "
                  f"trafilatura); load {watched.load}", flush=True)
        if args.only_watch:
            old = args.out.read_text("utf-8") if args.out.exists() else "# Benchmark results\n"
            args.out.write_text(replace_section(old, "## Watch", watch_report(watched, command.strip())), "utf-8")
            print(f"wrote {args.out}")
            return 0
        builds = [] if args.skip_build else [bench_build(n, args.annotations, args.runs, work) for n in args.sources]
        for b in builds:
            print(f"N={b.n}: build cold {b.median('cold'):.1f}s, warm {b.median('warm'):.1f}s vs plain "
                  f"{b.median('plain'):.1f}s ({b.median('cold') / b.median('plain'):.2f}x cold, "
                  f"{b.overhead_ms('cold'):.2f} ms/page); words {b.words}; check {b.check_time:.2f}s warm, "
                  f"{b.check_cold:.2f}s cold, one file {b.check_one:.2f}s; {b.images} preview images, first build "
                  f"{b.images_cold_time:.1f}s", flush=True)
        serves = [] if args.skip_serve else [bench_serve(args.sources[-1], args.annotations, args.runs + 2, work)]
        for r in serves:
            print(f"N={r.n}: edit to preview {statistics.median(r.annotation):.2f}s (annotation), "
                  f"{statistics.median(r.page):.2f}s (page.md); plain serve {statistics.median(r.plain):.1f}s, "
                  f"plain --dirty {statistics.median(r.plain_dirty):.2f}s", flush=True)
        links = None if args.skip_links else bench_links(args.urls, args.hosts, args.latency, args.concurrency,
                                                         args.runs, work)
        if links:
            print(f"links: cold {links.cold:.1f}s, lychee {links.lychee or float('nan'):.1f}s, warm {links.warm:.2f}s "
                  f"({links.warm_hits} requests), floor {links.floor:.1f}s", flush=True)
    text = report(builds, links, command.strip(), args.annotations, args.runs, serves)
    if watched:
        text = replace_section(text, "## Watch", watch_report(watched, command.strip()))
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
