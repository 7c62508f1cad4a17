"""Chinese full-text search that works over http and from file://.

`build_search_files` turns documents into static files (a sharded bigram
index, one file per document text, the client JS/CSS); `search` runs the
client's algorithm on those files in Python, optionally narrowed by year,
unit and type (`Filters`). Nothing here imports mkdocs.
"""

from .facets import Facets, Filters
from .index import ROOT, SearchDoc, build_search_files
from .query import Hit, Results, search

__all__ = ["ROOT", "Facets", "Filters", "Hit", "Results", "SearchDoc", "build_search_files", "search"]
