"""Options of the fireportal mkdocs plugin (`plugins: - fireportal:` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import Optional, Type


class FirePortalConfig(Config):
    enabled = Type(bool, default=True)

    # Settings for sources: paths are relative to mkdocs.yml.
    sources = Type(str, default="sources")
    # Stop the build on error-level problems even without --strict, for
    # deployments that must never publish a half-converted document.
    strict_sources = Type(bool, default=False)

    # Settings for the taxonomy: unset means taxonomy.yml next to mkdocs.yml
    # when it exists, else only the packaged default.
    taxonomy = Optional(Type(str))

    # Settings for listing pages
    per_page = Type(int, default=50)
