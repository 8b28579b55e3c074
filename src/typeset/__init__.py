"""typeset: print-ready PDFs of Foreign Relations of the United States documents.

The pipeline, one module per stage, with the document model (``model``) between them:
    readers/  (text, TEI)  →  model  →  render/ (HTML via Jinja, PDF via WeasyPrint)
    →  post/ (pypdf, pikepdf)  →  check;  ``cli`` only orchestrates.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("typeset")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"
