"""The mkdocs adapter: runs the ingest pipeline and adds its pages to the build.

The only part of fireportal that imports mkdocs.
"""
