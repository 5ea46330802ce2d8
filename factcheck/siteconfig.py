"""Read the engine's settings from mkdocs.yml without needing MkDocs (for the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
