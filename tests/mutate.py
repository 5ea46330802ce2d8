"""Mutation testing with mutmut: the modules where a silent bug would mislead readers, each against its fast tests.

``./dev mutate [module ...]`` runs it (not in CI: it takes minutes per module). Each module is mutated in its own
copy of the repository under ``.cache/mutate/<module>/``, and only the tests named for it run against each mutant:
tests that run in-process (a test that builds the site in a subprocess cannot see a mutant). The score per module
is printed as a Markdown table, and every surviving mutant is listed with ``mutmut show``, for
``tests/MUTATION.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module -> the fast tests that guard it
MODULES: dict[str, list[str]] = {
    "factcheck/anchor.py": ["tests/test_anchor.py", "tests/test_awkward_text.py", "tests/test_errors.py",
                            "tests/test_repository.py::test_locate_prints_a_block_that_pastes_into_an_annotation",
                            "tests/test_repository.py::test_locate_of_a_missing_passage_suggests_the_closest"],
    "factcheck/normalise.py": ["tests/test_normalise.py", "tests/test_anchor.py", "tests/test_awkward_text.py"],
    "factcheck/linkstatus.py": ["tests/test_linkstatus.py"],
    "factcheck/export.py": ["tests/test_export_fast.py"],
    "factcheck/verify.py": ["tests/test_verify.py"],
    "factcheck/markdown.py": ["tests/test_escaping.py"],
    "factcheck/problempages.py": ["tests/test_problempages.py"],
}
# slow or random tests left out of every run: the property test shrinks for minutes when it fails
DESELECT = ["--deselect", "tests/test_anchor.py::test_located_passage_anchors_back_to_the_same_range"]
COPY = ["factcheck", "tests", "sources", "annotations", "docs", "hooks", "overrides", "mkdocs.yml", "pyproject.toml"]


def workdir(module: str) -> Path:
    return ROOT / ".cache" / "mutate" / Path(module).stem


def prepare(module: str, tests: list[str]) -> Path:
    """A fresh copy of the repository whose pyproject.toml tells mutmut what to mutate and what to run."""
    work = workdir(module)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "test-artifacts")
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=ignore)
        else:
            shutil.copy2(source, work / name)
    args = ", ".join(f'"{a}"' for a in [*tests, *DESELECT])
    also = ", ".join(f'"{a}"' for a in COPY if a not in ("factcheck", "tests", "pyproject.toml"))
    with (work / "pyproject.toml").open("a", encoding="utf-8") as out:
        out.write(f'\n[tool.mutmut]\nsource_paths = ["factcheck"]\nonly_mutate = ["{module}"]\n'
                  f'pytest_add_cli_args_test_selection = [{args}]\n'
                  f'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]\nalso_copy = [{also}]\n')
    return work


def mutmut(work: Path, *args: str, quiet: bool = False) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off"}
    env.pop("CI", None)  # a mutant that makes a test skip must not count as killed
    run = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=work, env=env, text=True,
                         stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None)
    return run.stdout or ""


def results(work: Path) -> dict[str, str]:
    """Mutant name -> status (killed, survived, no tests, timeout, ...)."""
    found = {}
    for line in mutmut(work, "results", "--all", "true", quiet=True).splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("factcheck."):
            found[name] = status
    return found


def score(statuses: dict[str, str]) -> tuple[int, int, int]:
    """(killed, timed out, total). A time-out usually means the mutant hung the tests, but on a loaded machine
    an equivalent mutant can time out too: look at each one before counting it."""
    counts = Counter(statuses.values())
    return counts["killed"], counts["timeout"], len(statuses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once (default: 2)")
    parser.add_argument("--report-only", action="store_true", help="report the last run without running again")
    parser.add_argument("--diffs", action="store_true", help="show each surviving mutant's change")
    args = parser.parse_args(argv)
    modules = [m if m.startswith("factcheck/") else f"factcheck/{m.removesuffix('.py')}.py"
               for m in args.modules] or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"no fast tests are named for {', '.join(unknown)}; add them to MODULES in tests/mutate.py")
    rows, survivors = [], []
    for module in modules:
        work = workdir(module) if args.report_only else prepare(module, MODULES[module])
        if not args.report_only:
            mutmut(work, "run", "--max-children", str(args.max_children))
        statuses = results(work)
        killed, timeouts, total = score(statuses)
        rows.append(f"| `{module}` | {total} | {killed} | {timeouts} | {total - killed - timeouts} |")
        for name, status in sorted(statuses.items()):
            if status != "killed":
                diff = mutmut(work, "show", name, quiet=True).strip() if args.diffs else ""
                survivors.append(f"- {name} ({status})" + (f"\n\n```diff\n{diff}\n```\n" if diff else ""))
    print("\n| module | mutants | killed | timed out | alive |\n|---|---|---|---|---|\n" + "\n".join(rows))
    print("\n" + "\n".join(survivors) if survivors else "\nno surviving mutant")
    return 0


if __name__ == "__main__":
    sys.exit(main())
