"""HTML to PDF with WeasyPrint, imported on first use: it pulls in pango and fonttools."""

from __future__ import annotations

import logging


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    # WeasyPrint logs every CSS property it does not support at WARNING level; our templates are
    # ours, so those messages would only be noise on the person's terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=base_url)
    # Tagged: a screen reader follows the headings, lists and tables, in the language of
    # <html lang>, instead of guessing at a page of positioned text.
    pdf = document.write_pdf(pdf_tags=True)
    if not isinstance(pdf, bytes):  # only None when a target file is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
