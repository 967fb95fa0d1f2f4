"""A contact sheet: every exercise's key poses on one page, for reviewing the pose data at a glance.

Written as SVG or HTML directly, as PDF through WeasyPrint, and as PNG by rasterising the SVG with
cairosvg (the same rasteriser as the charts), so a reviewer can look at one image of every figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from strongback.render.figures import FigureSpec, strip_svg

FORMATS = (".svg", ".html", ".pdf", ".png")


def contact_sheet_html(specs: Iterable[FigureSpec], *, title: str = "strongback figures") -> str:
    cells = "".join(
        f'<figure><div class="art">{strip_svg(spec, panel_width=110)}</div>'
        f"<figcaption><b>{escape(spec.name)}</b> <span>{escape(spec.id)} · "
        f"{escape(spec.position.value)}</span></figcaption></figure>"
        for spec in specs
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; color: #2d3748; margin: 0; }}
h1 {{ font-size: 12pt; margin: 0 0 4mm; }}
.grid {{ font-size: 0; }}
figure {{ display: inline-block; vertical-align: top; margin: 0 3mm 3mm 0; width: 82mm;
  break-inside: avoid; border: 0.3mm solid #e2e8f0;
  border-radius: 2mm; padding: 2mm; }}
.art svg {{ width: 100%; height: auto; max-height: 38mm; }}
figcaption {{ font-size: 7.5pt; }}
figcaption span {{ color: #718096; }}
</style></head>
<body><h1>{escape(title)}</h1><div class="grid">{cells}</div></body></html>
"""


def contact_sheet_svg(specs: Iterable[FigureSpec], *, columns: int = 2) -> str:
    """All strips in one SVG, laid out in a grid of nested `<svg>` elements."""
    cell_width, cell_height = 480.0, 170.0
    cells: list[str] = []
    specs = list(specs)
    for index, spec in enumerate(specs):
        col, row = index % columns, index // columns
        x, y = col * cell_width, row * cell_height
        strip = strip_svg(spec, panel_width=150, max_height=cell_height - 30).replace(
            "<svg ", f'<svg x="{x + 5}" y="{y + 20}" ', 1
        )
        cells.append(
            f'<text x="{x + 5}" y="{y + 14}" font-family="DejaVu Sans, sans-serif" '
            f'font-size="11" fill="#2d3748">{escape(spec.name)} ({escape(spec.id)})</text>{strip}'
        )
    rows = (len(specs) + columns - 1) // columns
    width, height = columns * cell_width, max(rows, 1) * cell_height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}"><title>strongback figures</title>'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(cells)}</svg>\n'
    )


def write_contact_sheet(specs: Iterable[FigureSpec], path: Path) -> Path:
    """Write the sheet in the format the file name asks for (.svg, .html, .pdf or .png)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot write a contact sheet as '{suffix or path.name}': use {', '.join(FORMATS)}"
        )
    specs = list(specs)
    if suffix == ".svg":
        path.write_text(contact_sheet_svg(specs), encoding="utf-8")
        return path
    html = contact_sheet_html(specs)
    if suffix == ".html":
        path.write_text(html, encoding="utf-8")
        return path
    if suffix == ".png":
        import cairosvg  # type: ignore[import-untyped]

        cairosvg.svg2png(bytestring=contact_sheet_svg(specs).encode(), write_to=str(path))
        return path
    from strongback.render.pdf import html_to_pdf

    path.write_bytes(html_to_pdf(html))
    return path
