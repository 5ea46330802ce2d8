#!/usr/bin/env python3
"""Benchmarks: build cost against plain MkDocs, `factcheck check` cost, link-check throughput.

Generates synthetic repositories in the project's own formats from the seed
pages' vocabulary, measures them side by side (alternating runs, medians),
prints the figures and writes benchmarks/RESULTS.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
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
        config = re.sub(r"  - Verdicts: .*\n  - Topics: .*\n", "", config)
        config = re.sub(r"  - Cited links: .*\n", "", config)
        config = re.sub(r"  - Clinic changes: .*\n", "", config)
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
            items.append({"id": f"claim-{j}", **block, "claim": f"Claim {j}: {rng.choice(vocab.sentences)}",
                          "verdict": rng.choice([v.id for v in SCALE]),
                          "comment": " ".join(rng.choice(vocab.sentences) for _ in range(3)),
                          "citations": [{"title": f"Study {i}-{j}", "url": url, "quote": rng.choice(vocab.sentences)}],
                          "tags": ["statistics"]})
        total += len(items)
        factcheck = {"source": sid, "verdict": "misleading", "headline": rng.choice(vocab.sentences),
                     "takeaways": [rng.choice(vocab.sentences) for _ in range(3)], "authors": ["bench"],
                     "published": "2026-11-21", "annotations": items}
        (root / "annotations").mkdir(exist_ok=True)
        (root / "annotations" / f"{sid}.yml").write_text(yaml.safe_dump(factcheck, allow_unicode=True,
                                                                        sort_keys=False), "utf-8")
    return Synthetic(root, n, total, urls)


def generate_plain(annotated: Synthetic, root: Path) -> None:
    """The same pages as plain Markdown: one per source with its text, one per claim with claim and comment."""
    copy_site_config(root, hooks=False)
    for file in sorted((annotated.root / "annotations").glob("*.yml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        sid = data["source"]
        page = annotated.root / "sources" / sid / "page.md"
        (root / "docs" / "sources" / sid).mkdir(parents=True)
        shutil.copy(page, root / "docs" / "sources" / sid / "index.md")
        for item in data["annotations"]:
            folder = root / "docs" / "claims" / sid / item["id"]
            folder.mkdir(parents=True)
            cite = item["citations"][0]
            (folder / "index.md").write_text(
                f"# {item['claim']}\n\n> {item['quote']}\n\n{item['comment']}\n\n- [{cite['title']}]({cite['url']})\n",
                "utf-8")


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
    time: float
    plain_time: float
    memory: float
    plain_memory: float
    bytes_per_page: float
    plain_bytes_per_page: float
    check_time: float
    annotations: int
    check_cold: float = 0.0
    images: int = 0  # preview images (og:image) in the annotated site
    images_cold_time: float = 0.0  # the annotated build with no preview image drawn yet


def bench_build(n: int, m: int, runs: int, work: Path) -> BuildResult:
    annotated = generate(work / f"annotated-{n}", n, m, lambda i, j: f"https://example.org/study/{i}/{j}")
    generate_plain(annotated, work / f"plain-{n}")
    build = [str(BIN / "mkdocs"), "build", "-q", "-d", str(annotated.root / "site")]
    previews = annotated.root / ".cache" / "previews"
    images_cold = measured(build, annotated.root)[0]  # draws every preview image: the cold figure
    images = len(list(previews.glob("*.png")))
    times: dict[str, list[float]] = {"annotated": [], "plain": []}  # from here on, images warm
    memory: dict[str, list[float]] = {"annotated": [], "plain": []}
    for run in range(runs):  # alternate which goes first
        order = ("plain", "annotated") if run % 2 == 0 else ("annotated", "plain")
        for kind in order:
            root = work / f"{kind}-{n}"
            seconds, mb = measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site")], root)
            times[kind].append(seconds)
            memory[kind].append(mb)
    pages, size = site_figures(work / f"annotated-{n}" / "site")
    plain_pages, plain_size = site_figures(work / f"plain-{n}" / "site")
    checks = [measured([str(BIN / "factcheck"), "check"], annotated.root)[0] for _ in range(max(3, runs))]
    cold = []
    for _ in range(max(3, runs)):  # without the visible-text cache of page.md (a first run)
        shutil.rmtree(annotated.root / ".cache" / "pages", ignore_errors=True)
        cold.append(measured([str(BIN / "factcheck"), "check"], annotated.root)[0])
    return BuildResult(n, pages, plain_pages, statistics.median(times["annotated"]),
                       statistics.median(times["plain"]), statistics.median(memory["annotated"]),
                       statistics.median(memory["plain"]), size / pages, plain_size / plain_pages,
                       statistics.median(checks), annotated.annotations, statistics.median(cold), images,
                       images_cold)


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

    def timed(html: str) -> str:
        nonlocal extract_cpu
        start = time.process_time()
        try:
            return original(html)
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


def report(builds: list[BuildResult], links: LinkResult | None, command: str, m: int, runs: int) -> str:
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "",
             f"Produced by `{command}` ({runs} alternating runs per figure, medians).", ""]
    if builds:
        lines += ["## Build: annotated site against plain MkDocs", "",
                  f"Each source has {m} annotations; the plain site has the same pages (one per source with its "
                  "text, one per claim with its claim and comment), the same theme and the same navigation "
                  "policy (generated pages not in the navigation). Link checking off (measured below).", "",
                  "| sources | pages (annotated / plain) | time annotated | time plain | time ratio | peak memory annotated | peak memory plain | memory ratio | bytes per page annotated | bytes per page plain |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for b in builds:
            lines.append(f"| {b.n} | {b.pages} / {b.plain_pages} | {b.time:.1f} s | {b.plain_time:.1f} s | "
                         f"{b.time / b.plain_time:.2f}x | {b.memory:.0f} MB | {b.plain_memory:.0f} MB | "
                         f"{b.memory / b.plain_memory:.2f}x | {b.bytes_per_page:,.0f} | {b.plain_bytes_per_page:,.0f} |")
        big, small = builds[-1], builds[0]
        lines += ["", "Preview images (`og:image`, one per source and claim page) are warm in these builds: drawn "
                  "by an untimed first build and kept in `.cache/previews/`, as after any earlier build.", "",
                  "| sources | preview images | first build (every image drawn) | warm build | images drawn per second |",
                  "|---:|---:|---:|---:|---:|"]
        for b in builds:
            rate = b.images / (b.images_cold_time - b.time) if b.images_cold_time > b.time else float("nan")
            lines.append(f"| {b.n} | {b.images} | {b.images_cold_time:.1f} s | {b.time:.1f} s | {rate:.0f} |")
        lines += ["", f"Targets at N = {big.n}: time at most 1.2x plain: {verdict(big.time / big.plain_time <= 1.2)} "
                  f"({big.time / big.plain_time:.2f}x); peak memory at most 1.5x plain: "
                  f"{verdict(big.memory / big.plain_memory <= 1.5)} ({big.memory / big.plain_memory:.2f}x)."]
        if len(builds) > 1:
            drift = big.bytes_per_page / small.bytes_per_page
            lines.append(f"Bytes per page independent of N (N = {small.n}: {small.bytes_per_page:,.0f}; "
                         f"N = {big.n}: {big.bytes_per_page:,.0f}; ratio {drift:.2f}): "
                         f"{verdict(0.9 <= drift <= 1.1)}.")
        lines += ["", "## `factcheck check`", "",
                  "Warm: the visible text of each `page.md` is cached by its SHA-256 (as after any build or "
                  "earlier check); cold: that cache removed first.", "",
                  "| sources | annotations | time (warm) | time (cold) |", "|---:|---:|---:|---:|"]
        for b in builds:
            lines.append(f"| {b.n} | {b.annotations} | {b.check_time:.2f} s | {b.check_cold:.2f} s |")
        lines += ["", f"Target under 2 s for {big.annotations} annotations: warm {verdict(big.check_time < 2.0)}, "
                  f"cold {verdict(big.check_cold < 2.0)}."]
        if len(builds) > 1:
            per = [b.check_time / b.annotations * 1000 for b in builds]
            added = (big.check_time - small.check_time) / (big.annotations - small.annotations) * 1000
            lines.append(f"Linear in the number of annotations: {per[0]:.3f} ms per annotation at N = {small.n}, "
                         f"{per[-1]:.3f} ms at N = {big.n} (both include a fixed start-up cost); each annotation "
                         f"added from N = {small.n} to N = {big.n} cost {added:.3f} ms.")
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
    parser.add_argument("--sources", type=int, nargs="+", default=[250, 1000], help="N values (default 250 1000)")
    parser.add_argument("--annotations", type=int, default=10, help="M annotations per source (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-links", action="store_true")
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
            print(f"N={b.n}: build {b.time:.1f}s vs plain {b.plain_time:.1f}s ({b.time / b.plain_time:.2f}x), "
                  f"memory {b.memory:.0f} vs {b.plain_memory:.0f} MB ({b.memory / b.plain_memory:.2f}x), "
                  f"{b.bytes_per_page:,.0f} vs {b.plain_bytes_per_page:,.0f} bytes/page; "
                  f"check {b.check_time:.2f}s warm, {b.check_cold:.2f}s cold for {b.annotations} annotations; "
                  f"{b.images} preview images, first build {b.images_cold_time:.1f}s", flush=True)
        links = None if args.skip_links else bench_links(args.urls, args.hosts, args.latency, args.concurrency,
                                                         args.runs, work)
        if links:
            print(f"links: cold {links.cold:.1f}s, lychee {links.lychee or float('nan'):.1f}s, warm {links.warm:.2f}s "
                  f"({links.warm_hits} requests), floor {links.floor:.1f}s", flush=True)
    text = report(builds, links, command.strip(), args.annotations, args.runs)
    if watched:
        text = replace_section(text, "## Watch", watch_report(watched, command.strip()))
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
