"""The renderer: model → HTML (html.py, Jinja) → laid-out pages (pdf.py, WeasyPrint) → PDF.

``pipeline.render`` runs the passes; importing this package alone loads no WeasyPrint,
so the parts that only write HTML or plan stay quick to start.
"""
