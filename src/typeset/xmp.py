"""The XMP vocabulary typeset writes (post/archive.py) and checks (check/): namespaces,
the PDF/A table of document-information entries and their XMP equivalents, and the
namespaces PDF/A knows without an extension schema."""

from __future__ import annotations

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "frus": "urn:x-typeset:frus:1.0#",  # typeset's own: FRUS volume, documents, pages
}

# Document information entry → the XMP property PDF/A requires to say the same
INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
            "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool",
            "/Producer": "pdf:Producer"}

# The schemas of XMP 2004/2005 that PDF/A predefines; any other needs an extension schema
PDFA_PREDEFINED = {
    NS["dc"], NS["xmp"], NS["xmpRights"], "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", NS["pdf"],
    "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/exif/1.0/",
    "http://ns.adobe.com/exif/1.0/aux/", "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    NS["pdfaid"], NS["pdfaExtension"],
}
