"""typeset: print-ready PDFs of Foreign Relations of the United States documents.

The pipeline, one module per stage, with the document model (``model``) between them:
    readers/  (text, TEI)  →  model  →  render/ (HTML via Jinja, PDF via WeasyPrint)
    →  post/ (pypdf, pikepdf)  →  check;  ``cli`` only orchestrates.
"""

__version__ = "0.1.0"  # pyproject.toml reads it from here
