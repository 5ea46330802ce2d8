"""Safe YAML loading that keeps the line and column of every key and item.

Built on PyYAML's event parser (libyaml when present) rather than its
constructor, so that the engine can: report duplicate keys (PyYAML silently
keeps the last one), bound alias expansion and nesting depth without
recursion, keep dates as the strings contributors wrote, and remember where
each value came from for ``path:line:col`` messages.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is ~10x faster; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .problems import Problems

MAX_BYTES = 1_000_000  # a fact-check file is a few KB; 1 MB is far beyond any real one
MAX_NODES = 200_000  # values after alias expansion: stops "billion laughs"
MAX_DEPTH = 64

JsonPath = tuple  # keys and indexes from the document root, as in jsonschema errors

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$")
_SCALAR, _MAP_START, _MAP_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Located:
    """A loaded document and the ``(line, col)`` (1-based) of each path in it."""

    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    text: str = ""  # the YAML source
    spans: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)  # scalar values: [start, end) in text

    def keys_under(self, base: JsonPath) -> dict[str, tuple[int, int]]:
        """Positions of the keys directly under ``base`` (indexed once per document)."""
        if not hasattr(self, "_children"):
            children: dict[JsonPath, dict[str, tuple[int, int]]] = {}
            for path, where in self.positions.items():
                if path and isinstance(path[-1], str):
                    children.setdefault(path[:-1], {})[path[-1]] = where
            self._children = children
        return self._children.get(tuple(base), {})

    def pos(self, path: JsonPath) -> tuple[int, int]:
        """Position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _scalar(event: Any) -> Any:
    """Resolve a scalar like YAML 1.1's core types, but keep dates as text."""
    value, tag = event.value, event.tag
    if tag not in (None, "!") and tag not in _PLAIN_TAGS:
        raise ValueError(f"YAML tag {tag!r} is not allowed here; write plain values")
    if not event.implicit[0] or tag == "tag:yaml.org,2002:str":
        return value  # quoted or block scalar, or explicit !!str
    if value and value[0] not in _MAYBE_NOT_TEXT:
        return value  # most plain scalars are words: no null, bool or number starts like this
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    return value


def decode(raw: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text of a file, or ``None`` with a problem that says how to fix it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and raw[1:2] == b"\x00"):
        problems.add(path, 1, 1, "file is UTF-16; save it as UTF-8")
        return None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        problems.add(path, line, 1, "file contains NUL bytes (binary data?); it must be UTF-8 text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problems.add(path, line, col, f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff")


def load_yaml(file: Path, display: str, problems: Problems) -> Located | None:
    """Load one YAML file; on failure add problems and return ``None``."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            problems.add(display, 1, 1, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
            return None
        raw = file.read_bytes()
    except OSError as err:
        problems.add(display, 1, 1, f"cannot read file: {err.strerror}")
        return None
    text = decode(raw, display, problems)
    if text is None:
        return None
    return load_yaml_text(text, display, problems)


def load_yaml_text(text: str, display: str, problems: Problems) -> Located | None:
    """Build plain Python data from YAML events, with positions and limits."""
    located = Located(None, {(): (1, 1)}, text)
    # stack entries: [container, path, pending key, key position, seen keys]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    documents = 0
    ok = True

    def place(value: Any, event: Any, weight: int = 1) -> None:
        nonlocal nodes, ok
        nodes += weight
        if nodes > MAX_NODES:
            raise _Limit(event, f"more than {MAX_NODES:,} values after expanding aliases; "
                                "anchors and aliases are not needed in these files")
        if not stack:
            located.data = value
            return
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            index = len(container)
            container.append(value)
            located.positions.setdefault(path + (index,), _mark(event))
            if event.__class__ is _SCALAR:
                located.spans[path + (index,)] = (event.start_mark.index, event.end_mark.index)
            return
        if top[2] is _NO_KEY:  # this value is a key
            if not isinstance(value, str):
                problems.add(display, *_mark(event), "keys must be plain text")
                ok = False
                value = str(value)
            top[2], top[3] = sys.intern(value), _mark(event)  # one string per key name, not per use
            return
        key, key_pos = top[2], top[3]
        top[2] = _NO_KEY
        if key in top[4]:
            problems.add(display, *key_pos, f"duplicate key '{key}' (first at line {top[4][key][0]}); "
                                            "YAML would silently keep only the last one")
            ok = False
            return
        top[4][key] = key_pos
        container[key] = value
        located.positions[path + (key,)] = key_pos
        if event.__class__ is _SCALAR:
            located.spans[path + (key,)] = (event.start_mark.index, event.end_mark.index)

    def child_path() -> JsonPath:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], list):
            return top[1] + (len(top[0]),)
        return top[1] + ((top[2],) if top[2] is not _NO_KEY else ())

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = event.__class__  # dispatch on the class, commonest first
            if kind is _SCALAR:
                try:
                    value = _scalar(event)
                except ValueError as err:
                    raise _Limit(event, str(err)) from None
                place(value, event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
            elif kind is _MAP_START or kind is _SEQ_START:
                if event.tag not in (None, "!") and event.tag not in _PLAIN_TAGS:
                    raise _Limit(event, f"YAML tag {event.tag!r} is not allowed here")
                if len(stack) >= MAX_DEPTH:
                    raise _Limit(event, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any = {} if kind is _MAP_START else []
                stack.append([container, child_path(), _NO_KEY, None, {}, event])
            elif kind is _MAP_END or kind is _SEQ_END:
                container, _, _, _, _, start = stack.pop()
                place(container, start)
                if start.anchor:
                    anchors[start.anchor] = (container, _size(container))
            elif kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise _Limit(event, f"unknown alias '*{event.anchor}'")
                value, weight = anchors[event.anchor]
                place(value, event, weight)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.add(display, *_mark(event), "only one YAML document is allowed per file (remove '---')")
                    return None
    except _Limit as err:
        problems.add(display, *_mark(err.event), err.message)
        return None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark and "end of stream" in (err.problem or ""):
            mark = err.context_mark  # where the unclosed quote or bracket began
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _yaml_message(err)
        if "\t" in (text.splitlines()[line - 1:line] or [""])[0]:
            message += " (indent YAML with spaces, not tabs)"
        problems.add(display, line, col, f"YAML syntax: {message}")
        return None
    except yaml.reader.ReaderError as err:  # control characters: a position, not a mark
        before = text[: err.position]
        line, col = before.count("\n") + 1, err.position - before.rfind("\n")
        char = err.character if isinstance(err.character, int) else ord(err.character)
        problems.add(display, line, col, f"control character U+{char:04X} is not allowed in YAML; remove it")
        return None
    except yaml.YAMLError as err:
        problems.add(display, 1, 1, f"YAML: {' '.join(str(err).split())}")
        return None
    return located if ok else None


def position_in_scalar(text: str, span: tuple[int, int], value: str, offset: int, length: int) -> tuple[int, int]:
    """``(line, col)`` in ``text`` of ``value[offset:offset + length]``, where ``value`` is the scalar at ``span``.

    The scalar's source may fold lines, indent them or escape quotes, so the
    words are looked for in the source with any white space between them (the
    same occurrence as in the value); failing that, the scalar's own position.
    """
    start, end = span
    words = value[offset:offset + length].split()
    if words:
        pattern = re.compile(r"\s+".join("".join(_SOURCE_CHAR.get(c) or re.escape(c) for c in w) for w in words))
        before = len(pattern.findall(" ".join(value[:offset].split()) + " "))  # earlier occurrences
        matches = list(pattern.finditer(text, start, end))
        if before < len(matches):
            start = matches[before].start()
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


_SOURCE_CHAR = {'"': r'\\?"', "'": "'{1,2}"}  # as a double- or single-quoted YAML scalar writes them


def _size(value: Any) -> int:
    """Number of values in ``value`` counting itself (for alias-expansion limits)."""
    count, todo = 0, [value]
    while todo:
        item = todo.pop()
        count += 1
        if count > MAX_NODES:
            break
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return count


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    text = err.problem or str(err)
    if err.context:
        return f"{err.context}, {text}"
    return text


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


class _Limit(Exception):
    def __init__(self, event: Any, message: str):
        super().__init__(message)
        self.event, self.message = event, message
