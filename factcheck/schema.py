"""JSON Schema validation with messages a contributor can act on."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from .problems import Problems
from .yamlpos import Located

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` ("source", "annotations" or "settings") shipped in factcheck/schemas/."""
    text = resources.files("factcheck").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> "Draft202012Validator":
    from jsonschema import Draft202012Validator  # imported only when a file is invalid

    return Draft202012Validator(schema(name))


@cache
def _fast(name: str):
    """The same schema compiled to Python code: ~20x faster, used only to say "valid"."""
    import fastjsonschema

    return fastjsonschema.compile(schema(name))


def is_valid(data: Any, name: str) -> bool:
    import fastjsonschema

    try:
        _fast(name)(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """``; did you mean 'x'?`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def validate(doc: Located, name: str, path: str, problems: Problems) -> list[tuple]:
    """Add a problem for each schema violation of ``doc``; return the paths that failed.

    Most files are valid, and the compiled validator confirms that quickly;
    jsonschema walks only the invalid ones, to report every problem in detail.
    """
    if is_valid(doc.data, name):
        return []
    failed = []
    for error in _validator(name).iter_errors(doc.data):
        failed.append(tuple(error.absolute_path))
        for line, col, message in _explain(error, doc):
            problems.add(path, line, col, message)
    return failed


def _field(error: "ValidationError") -> str:
    names = [p for p in error.absolute_path if isinstance(p, str)]
    return names[-1] if names else "file"


def _describe(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def _explain(error: "ValidationError", doc: Located) -> list[tuple[int, int, str]]:
    at = doc.pos(error.absolute_path)
    field, kind, value = _field(error), error.validator, error.instance
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        if "<<" in extra:
            return [(*doc.pos(tuple(error.absolute_path) + ("<<",)),
                     "YAML merge keys (<<) are not supported; write the keys out in full")]
        return [(*doc.pos(tuple(error.absolute_path) + (k,)),
                 f"unknown key '{k}'{suggest(k, allowed) or '; allowed keys: ' + ', '.join(allowed)}")
                for k in extra]
    if kind == "required":
        missing = error.message.split("'")[1]
        where = "" if not error.absolute_path else f" in {_where(error)}"
        return [(*at, f"missing required key '{missing}'{where}")]
    if kind == "enum":
        field = error.schema.get("title", field)  # an enum under a free key (an annotation id) names itself
        choices = [str(c) for c in error.validator_value]
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return [(*at, f"'{field}' must be one of: {', '.join(choices)}; not {_describe(value)}")]
        return [(*at, f"unknown {field} '{value}'{suggest(str(value), choices)} (one of: {', '.join(choices)})")]
    if kind in ("oneOf", "anyOf") and isinstance(value, str) or kind == "pattern":
        return [(*at, _pattern_message(field, value, error))]
    if kind == "type" and not error.absolute_path:
        return [(*at, f"the file must be a mapping of keys and values (key: value lines), not {_describe(value)}")]
    if kind == "type":
        names = {"string": "text", "object": "a mapping", "array": "a list", "null": "null",
                 "integer": "a whole number", "number": "a number"}
        wanted = error.validator_value
        wanted = " or ".join(names.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted]))
        return [(*at, f"'{field}' must be {wanted}, not {_describe(value)}")]
    if kind in ("minItems", "maxItems"):
        return [(*at, f"'{field}' needs {_bounds(error)} items, has {len(value)}")]
    if kind == "minLength":
        return [(*at, f"'{field}' must not be empty")]
    if kind == "maxLength":
        return [(*at, f"'{field}' is too long ({len(value)} characters, at most {error.validator_value})")]
    if kind == "uniqueItems":
        return [(*at, f"'{field}' lists the same item twice")]
    if kind == "oneOf":
        return [(*at, f"'{field}' must be an http(s) address or null, not {_describe(value)}")]
    return [(*at, f"{field}: {error.message}")]


def _where(error: "ValidationError") -> str:
    parts = list(error.absolute_path)
    if len(parts) >= 2 and parts[0] == "annotations" and isinstance(parts[1], int):
        item = error.instance.get("id") if isinstance(error.instance, dict) else None
        text = f"annotation {item!r}" if item else f"annotation #{parts[1] + 1}"
        return text + (" citation" if "citations" in parts else "")
    return "/".join(str(p) for p in parts)


def _bounds(error: "ValidationError") -> str:
    schema_ = error.schema
    low, high = schema_.get("minItems"), schema_.get("maxItems")
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _pattern_message(field: str, value: Any, error: "ValidationError") -> str:
    if not isinstance(value, str):
        return f"'{field}' must be text, not {_describe(value)}"
    shown = value if len(value) < 80 else value[:77] + "..."
    if field in ("url", "archived", "appearances") or (error.absolute_path and field in ("appearances", "archived")):
        return f"'{shown}' is not an http(s) address; only http:// and https:// links are allowed"
    if field in ("id", "source", "topics", "tags"):
        slug = "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in value.lower()).split())
        hint = f", e.g. '{slug}'" if slug else ""
        return f"bad {field} '{shown}': use lower-case letters, digits and single hyphens{hint}"
    if field in ("captured", "published", "updated", "date"):
        return f"bad date '{shown}': write it as YYYY-MM-DD"
    if field == "sha256":
        return "sha256 must be 64 lower-case hex digits; write it with `factcheck hash <source-id>`"
    if field in ("authors", "reviewers"):
        return f"'{shown}' is not a GitHub handle"
    if field == "recheck" or {"max_age", "quote_max_age"} & set(error.absolute_path):
        return f"bad age '{shown}' for '{field}': use a number of seconds, or a number with s, m, h, d or w (e.g. 7d)"
    if field == "language":
        return f"bad language '{shown}': use a language tag such as 'en'"
    return f"{field}: '{shown}' does not have the expected form"
