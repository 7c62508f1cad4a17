"""fireportal: raw fire-and-rescue documents → a searchable static portal.

The pipeline reads top to bottom: read → clean → split → structure →
metadata → render (see `pipeline.py`); `site/` builds the listing pages and
`mkdocs_plugin/` adapts it all to mkdocs.  Nothing outside `mkdocs_plugin/`
imports mkdocs.
"""

__version__ = "0.1.0"
