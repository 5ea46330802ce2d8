"""The engine's settings, ``extra.factcheck`` in mkdocs.yml: read and validated in one place.

``factcheck`` and the MkDocs hooks both call ``engine_settings``, so a bad
setting gives the same ``mkdocs.yml:line:col: message`` from either, never a
traceback. MkDocs is not needed: the file is read with PyYAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .load import relative
from .problems import Problems
from .schema import validate
from .yamlpos import JsonPath, Located


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV or !!python/name; they do not matter here."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

BASE = ("extra", "factcheck")


def engine_settings(config_file: Path, problems: Problems) -> dict[str, Any]:
    """``extra.factcheck`` of ``config_file`` (empty when absent); each bad setting is a problem."""
    root = config_file.parent
    shown = relative(config_file, root)
    try:
        text = config_file.read_text("utf-8")
        node = yaml.compose(text, Loader=_Tolerant)
        data = yaml.load(text, Loader=_Tolerant) or {}
    except OSError:
        return {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.add(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, f"YAML syntax: {err}")
        return {}
    for key in BASE:
        data = data.get(key) if isinstance(data, dict) else None
        node = _child(node, key)
    settings = Located(data if data is not None else {}, _positions(node, ()) if node is not None else {})
    if validate(settings, "settings", shown, problems):
        return {}
    return settings.data


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _positions(node: yaml.Node, path: JsonPath) -> dict[JsonPath, tuple[int, int]]:
    """``(line, col)`` of every key and item under ``node``, as yamlpos records them."""
    found = {path: (node.start_mark.line + 1, node.start_mark.column + 1)}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.update(_positions(value, path + (key.value,)))
            found[path + (key.value,)] = (key.start_mark.line + 1, key.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.update(_positions(item, path + (i,)))
    return found


def site_url(root: Path) -> str | None:
    """``site_url`` of ``root/mkdocs.yml`` when it is written out (not when it comes from the environment)."""
    try:
        data = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Tolerant) or {}
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


SITE_URL_VARIABLE = "FACTCHECK_SITE_URL"  # read by mkdocs.yml's site_url (!ENV); set by the Pages workflow
PUBLISH_VARIABLE = "FACTCHECK_PUBLISH"  # set when the build will be deployed
# Reserved names (RFC 2606, RFC 6761): an address on one of them can only be a placeholder.
_PLACEHOLDER_TLDS = (".example", ".invalid", ".test", ".localhost")
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")


def is_placeholder(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.endswith(_PLACEHOLDER_TLDS) or any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS)


def site_url_problem(url: str | None, publishing: bool) -> str | None:
    """Why ``url`` cannot be the site's address for this build, or None."""
    if url and is_placeholder(url):
        return (f"site_url {url} is a placeholder: set {SITE_URL_VARIABLE} to the published address, "
                "or leave it unset for a local build with relative links")
    if publishing and not url:
        return f"publishing needs the site's address: {SITE_URL_VARIABLE} is not set"
    return None
