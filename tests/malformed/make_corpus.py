"""Regenerate the malformed-file corpus and its EXPECTED.json manifests (run from the repository root).

Each file is a valid fact-check with one thing broken; the manifest records the line and the
message the engine must give for it. tests/test_malformed.py checks them all.
"""
import json, pathlib
corpus = pathlib.Path("tests/malformed")
HEAD = "source: s\nverdict: misleading\nheadline: A headline.\ntakeaways: [one, two]\nauthors: [tester]\npublished: 2026-11-21\nannotations:\n"
ITEM = "  - id: rate\n    quote: reached 96%\n    claim: It works\n    verdict: unsupported\n    comment: No study.\n    citations:\n      - title: A study\n        url: https://example.org/study\n"
expected = {
    "alias-bomb.yml": (6, "values after expanding aliases"),
    "annotations-not-a-list.yml": (7, "'annotations' must be a list, not text"),
    "bad-indentation.yml": (10, "YAML syntax: while parsing a block collection"),
    "binary.yml": (3, "contains NUL bytes"),
    "control-character.yml": (12, "control character U+0007 is not allowed"),
    "crlf-and-bom-but-wrong-verdict.yml": (11, "unknown verdict 'unsupportd'; did you mean 'unsupported'?"),
    "deep-nesting.yml": (1, "nesting deeper than 64 levels"),
    "duplicate-key.yml": (16, "duplicate key 'comment' (first at line 12)"),
    "duplicate-top-key.yml": (3, "duplicate key 'verdict' (first at line 2)"),
    "empty.yml": (1, "the file must be a mapping of keys and values"),
    "ftp-citation.yml": (15, "'ftp://example.org/study' is not an http(s) address"),
    "id-with-path-separator.yml": (8, "bad id '../../etc/passwd'"),
    "invalid-utf8.yml": (12, "not valid UTF-8 (byte 0xff)"),
    "merge-key.yml": (15, "YAML merge keys (<<) are not supported"),
    "misspelled-keys.yml": (9, "unknown key 'qoute'; did you mean 'quote'?"),
    "non-text-key.yml": (16, "keys must be plain text"),
    "python-tag.yml": (9, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "quote-is-a-list.yml": (9, "'quote' must be text, not a list"),
    "quote-is-null.yml": (9, "'quote' must be text, not empty"),
    "scalar-only.yml": (1, "the file must be a mapping of keys and values (key: value lines), not text"),
    "tab-indent.yml": (9, "indent YAML with spaces, not tabs"),
    "too-many-takeaways.yml": (4, "'takeaways' needs 2 to 5 items, has 6"),
    "top-level-list.yml": (1, "not a list"),
    "two-documents.yml": (16, "only one YAML document is allowed per file"),
    "unclosed-bracket.yml": (5, "did not find expected ',' or ']'"),
    "unclosed-quote.yml": (9, "found unexpected end of stream"),
    "utf16.yml": (1, "file is UTF-16; save it as UTF-8"),
    "verdict-is-a-number.yml": (11, "unknown verdict '5'"),
}
new = {}
def add(name, text, line, fragment):
    (corpus / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    new[name] = (line, fragment)

top = {"source": (1, "[s]", "'source' must be text, not a list"), "verdict": (2, "{a: b}", "'verdict' must be one of: accurate"),
       "headline": (3, "[a, b]", "'headline' must be text, not a list"),
       "takeaways": (4, "{a: b}", "'takeaways' must be a list, not a mapping"),
       "authors": (5, "tester", "'authors' must be a list, not text"),
       "published": (6, "20261121", "'published' must be text, not a number")}
for key, (line, value, frag) in top.items():
    lines = HEAD.splitlines(keepends=True)
    lines[line - 1] = f"{key}: {value}\n"
    add(f"type-top-{key}.yml", "".join(lines) + ITEM, line, frag)
add("type-top-reviewers.yml", HEAD.replace("annotations:\n", "reviewers: nobody\nannotations:\n") + ITEM, 7, "'reviewers' must be a list, not text")
add("type-top-updated.yml", HEAD.replace("annotations:\n", "updated: true\nannotations:\n") + ITEM, 7, "'updated' must be text, not true/false")
ann_fields = {"id": ("  - id: rate", "  - id: 42", 8, "'id' must be text, not a number"),
              "claim": ("    claim: It works", "    claim: [It, works]", 10, "'claim' must be text, not a list"),
              "comment": ("    comment: No study.", "    comment: {no: study}", 12, "'comment' must be text, not a mapping"),
              "prefix": ("    claim: It works", "    claim: It works\n    prefix: [a]", 11, "'prefix' must be text or null, not a list"),
              "suffix": ("    claim: It works", "    claim: It works\n    suffix: 12", 11, "'suffix' must be text or null, not a number"),
              "citations": ("    citations:\n      - title: A study\n        url: https://example.org/study", "    citations: https://example.org/study", 13, "'citations' must be a list, not text"),
              "tags": ("    comment: No study.", "    comment: No study.\n    tags: efficacy", 13, "'tags' must be a list, not text"),
              "item": (ITEM, "  - just a sentence\n", 8, "must be a mapping, not text")}
for key, (old, repl, line, frag) in ann_fields.items():
    add(f"type-annotation-{key}.yml", HEAD + ITEM.replace(old, repl), line, frag)
cit_fields = {"title": ("        title: [A, study]", 15, "'title' must be text, not a list"),
              "url": ("        url: 42", 15, "'url' must be"),
              "publisher": ("        publisher: {a: b}", 16, "'publisher' must be text, not a mapping"),
              "date": ("        date: 2014.5", 16, "'date' must be text, not a number"),
              "quote": ("        quote: [a, b]", 16, "'quote' must be text, not a list"),
              "archived": ("        archived: [https://web.archive.org/x]", 16, "'archived' must be an http(s) address or null, not a list")}
for key, (repl, line, frag) in cit_fields.items():
    if key == "title":
        text = HEAD + ITEM.replace("      - title: A study", "      - title: [A, study]")
        line = 14
    elif key == "url":
        text = HEAD + ITEM.replace("        url: https://example.org/study", repl)
    else:
        text = HEAD + ITEM + repl + "\n"
    add(f"type-citation-{key}.yml", text, line, frag)
for wrong, right, where in [("verdcit", "verdict", "top"), ("headlin", "headline", "top"), ("takeaway", "takeaways", "top"),
                            ("comments", "comment", "ann"), ("citation", "citations", "ann"), ("cliam", "claim", "ann"),
                            ("prefx", "prefix", "new"), ("tittle", "title", "cit"), ("publsher", "publisher", "cit")]:
    if where == "top":
        text = HEAD.replace(f"{right}:", f"{wrong}:", 1) + ITEM
    elif where == "ann":
        text = HEAD + ITEM.replace(f"    {right}:", f"    {wrong}:", 1)
    elif where == "new":
        text = HEAD + ITEM.replace("    comment:", f"    {wrong}: x\n    comment:")
    else:
        text = HEAD + ITEM + f"        {wrong}: x\n"
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip().lstrip("- ").startswith(wrong + ":"))
    add(f"near-miss-{wrong}.yml", text, line, f"unknown key '{wrong}'; did you mean '{right}'?")
add("id-dot-dot.yml", HEAD + ITEM.replace("id: rate", "id: '..'"), 8, "bad id '..'")
add("id-backslash.yml", HEAD + ITEM.replace("id: rate", "id: 'a\\b'"), 8, "bad id 'a\\b'")
add("id-uppercase-space.yml", HEAD + ITEM.replace("id: rate", "id: Improvement Rate"), 8, "e.g. 'improvement-rate'")
add("source-with-slash.yml", HEAD.replace("source: s", "source: ../s") + ITEM, 1, "bad source '../s'")
add("duplicate-annotation-id.yml", HEAD + ITEM + ITEM.replace("reached 96%", "The rate"), 16, "duplicate id 'rate' (first used at line 8)")
add("verdict-without-citation.yml", HEAD + ITEM.split("    citations:")[0], 11, "has verdict 'unsupported' but no citations")
add("verdict-without-claim.yml", HEAD + ITEM.replace("    claim: It works\n", ""), 10, "has a verdict but no 'claim'")
add("javascript-url.yml", HEAD + ITEM.replace("https://example.org/study", "JaVaScRiPt:alert(1)"), 15, "'JaVaScRiPt:alert(1)' is not an http(s) address")
add("data-url.yml", HEAD + ITEM.replace("https://example.org/study", "'data:text/html,<script>alert(1)</script>'"), 15, "is not an http(s) address")
add("anchors-and-aliases.yml", "x: &claim It works\n" + HEAD + ITEM.replace("claim: It works", "claim: *claim"), 1, "unknown key 'x'")
add("bom-utf8-with-tab.yml", ("\ufeff" + HEAD + ITEM.replace("    quote", "\tquote")).encode("utf-8"), 9, "indent YAML with spaces, not tabs")
add("latin1-bytes.yml", (HEAD + ITEM.replace("No study.", "Pas d'étude.")).encode("latin-1"), 12, "not valid UTF-8 (byte 0xe9)")
add("nul-in-middle.yml", (HEAD + ITEM).encode().replace(b"No study.", b"No\x00study."), 12, "contains NUL bytes")
add("unknown-tag.yml", HEAD + ITEM.replace("reached 96%", "!custom reached"), 9, "YAML tag '!custom' is not allowed")
add("set-tag.yml", HEAD.replace("[tester]", "!!set {tester}"), 5, "YAML tag 'tag:yaml.org,2002:set' is not allowed")
add("not-a-real-date.yml", HEAD.replace("2026-11-21", "2026-13-01") + ITEM, 6, "'2026-13-01' is not a real date")
add("empty-quote.yml", HEAD + ITEM.replace("quote: reached 96%", "quote: ''"), 9, "'quote' must not be empty")
add("whitespace-quote.yml", HEAD + ITEM.replace("quote: reached 96%", "quote: \"\\u200b \\u00a0\""), 9, "is empty (only white space or invisible characters)")
add("deep-mapping.yml", "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)), 65, "nesting deeper than 64 levels")
(corpus / "EXPECTED.json").write_text(json.dumps({k: list(v) for k, v in sorted({**expected, **new}.items())}, indent=1, ensure_ascii=False) + "\n")
print("annotation files:", len(expected) + len(new))

src = corpus / "sources"
src.mkdir(exist_ok=True)
SRC = "title: A page\npublisher: A clinic\nurl: null\ncaptured: 2026-11-21\nsha256: {sha}\n"
sources = {
 "title-list.yml": (SRC.replace("title: A page", "title: [A, page]"), 1, "'title' must be text, not a list"),
 "url-javascript.yml": (SRC.replace("url: null", "url: javascript:alert(1)"), 3, "is not an http(s) address"),
 "url-number.yml": (SRC.replace("url: null", "url: 42"), 3, "'url' must be an http(s) address or null, not a number"),
 "captured-bad.yml": (SRC.replace("2026-11-21", "yesterday"), 4, "bad date 'yesterday'"),
 "sha-short.yml": (SRC.replace("{sha}", "abc"), 5, "sha256 must be 64 lower-case hex digits"),
 "sha-wrong.yml": (SRC.replace("{sha}", "0" * 64), 5, "sha256 does not match page.md"),
 "appearances-text.yml": (SRC + "appearances: https://example.org/\n", 6, "'appearances' must be a list, not text"),
 "archived-ftp.yml": (SRC + "archived: [ftp://example.org/x]\n", 6, "'ftp://example.org/x' is not an http(s) address"),
 "topics-bad-slug.yml": (SRC + "topics: [Spinal Cord]\n", 6, "bad topics 'Spinal Cord'"),
 "language-bad.yml": (SRC + "language: English\n", 6, "bad language 'English'"),
 "near-miss-publsher.yml": (SRC.replace("publisher:", "publsher:"), 2, "unknown key 'publsher'; did you mean 'publisher'?"),
 "missing-title.yml": (SRC.replace("title: A page\n", ""), 1, "missing required key 'title'"),
 "note-mapping.yml": (SRC + "note: {a: b}\n", 6, "'note' must be text, not a mapping"),
 "duplicate-url.yml": (SRC + "url: https://example.org/\n", 6, "duplicate key 'url' (first at line 3)"),
}
for name, (text, line, frag) in sources.items():
    (src / name).write_text(text)
(src / "EXPECTED.json").write_text(json.dumps({k: [v[1], v[2]] for k, v in sorted(sources.items())}, indent=1) + "\n")
print("source files:", len(sources))
