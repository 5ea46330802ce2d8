"""Read the engine's settings from mkdocs.yml without needing MkDocs (for the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV or !!python/name; they do not matter here."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def engine_settings(root: Path) -> dict[str, Any]:
    """``extra.factcheck`` of ``root/mkdocs.yml`` (empty when absent)."""
    try:
        data = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Tolerant) or {}
    except (OSError, yaml.YAMLError):
        return {}
    extra = data.get("extra") or {}
    return (extra.get("factcheck") or {}) if isinstance(extra, dict) else {}


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
