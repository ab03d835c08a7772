"""PDFs of Docs and spreadsheets, drawn with ReportLab (a pure-Python wheel).

The text is set in Noto Sans (Latin, Greek, Cyrillic, Vietnamese), embedded from
the pymupdf-fonts package, so that names such as "Zoë" or "Łukasz" are drawn and can
be extracted again; Chinese, Japanese and Korean characters fall back to ReportLab's
built-in Adobe CID fonts, named rather than embedded, as PDF readers supply them.
Scripts that need shaping or right-to-left ordering (Arabic, Hebrew, Indic) are not
laid out. The look is the emulator's own, not Google's: the content and its order
are what a reader of the export can rely on.
"""

from __future__ import annotations

import functools
import io
import re
from importlib import import_module
from html import escape
from html.parser import HTMLParser

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle, XPreformatted, PageBreak)

FONT = "NotoSans"
MARGIN = 0.75 * inch
CELL_CHARACTERS = 1000   # what a cell shows of its text: a row must fit on a page
# Fallbacks by script, for characters Noto Sans lacks.
_CJK = (("HYSMyeongJo-Medium", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),
        ("HeiseiMin-W3", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF65, 0xFF9F))),
        ("STSong-Light", ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF),
                          (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFF64))))


@functools.cache
def _fonts() -> set[int]:
    """Register the fonts once; the code points Noto Sans draws."""
    faces = {"": "NotoSans_Regular", "-Bold": "NotoSans_Bold", "-Italic": "NotoSans_Italic",
             "-BoldItalic": "NotoSans_BoldItalic"}
    for suffix, module in faces.items():
        buffer = import_module(f"pymupdf_fonts.{module}").fontbuffer   # a face is a module
        pdfmetrics.registerFont(TTFont(FONT + suffix, io.BytesIO(buffer)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic",
                                  boldItalic=FONT + "-BoldItalic")
    for name, _ in _CJK:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return set(pdfmetrics.getFont(FONT).face.charToGlyph)


def _fallback(ch: str) -> str | None:
    code = ord(ch)
    for name, ranges in _CJK:
        if any(lo <= code <= hi for lo, hi in ranges):
            return name
    return None


def markup(text: str) -> str:
    """Text as ReportLab paragraph markup: escaped, with runs Noto Sans cannot draw
    set in a fallback font."""
    drawn = _fonts()
    out, run, face = [], [], None
    for ch in text:
        want = None if ord(ch) in drawn else _fallback(ch)
        if want != face and run:
            out.append(_run("".join(run), face))
            run = []
        face = want
        run.append(ch)
    if run:
        out.append(_run("".join(run), face))
    return "".join(out)


def _run(text: str, face: str | None) -> str:
    text = escape(text, quote=False)
    return f'<font face="{face}">{text}</font>' if face else text


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    sample = getSampleStyleSheet()
    styles = {"p": ParagraphStyle("p", parent=sample["Normal"], fontName=FONT, fontSize=11,
                                  leading=15, spaceAfter=4, bulletFontName=FONT),
              "pre": ParagraphStyle("pre", parent=sample["Code"], fontName=FONT, fontSize=9),
              "cell": ParagraphStyle("cell", parent=sample["Normal"], fontName=FONT, fontSize=8,
                                     leading=10)}
    for level in range(1, 7):
        styles[f"h{level}"] = ParagraphStyle(f"h{level}", parent=sample[f"Heading{min(level, 6)}"],
                                             fontName=FONT + "-Bold")
    return styles


def _build(title: str, flowables: list, pagesize=letter) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pagesize, title=title, leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    doc.build(flowables or [Spacer(1, 1)])
    return out.getvalue()


def document(title: str, body: str) -> bytes:
    """A Doc's body (sanitised HTML, documents.py) as a PDF."""
    reader = _Flow(_styles())
    reader.feed(body)
    reader.close()
    return _build(title, reader.finish())


def spreadsheet(title: str, tabs: list[tuple[list[list], list[int]]]) -> bytes:
    """Each visible tab's values (formatted, as shown) in a table, a tab a page."""
    styles = _styles()
    width = letter[0] - 2 * MARGIN
    flowables = []
    for values, pixels in tabs:
        if flowables:
            flowables.append(PageBreak())
        columns = max((len(r) for r in values), default=0)
        if not columns:
            continue
        widths = [max(pixels[c] if c < len(pixels) else 100, 20) * 0.75 for c in range(columns)]
        scale = min(1.0, width / sum(widths))
        rows = [[Paragraph(markup(_clip(str(v))), styles["cell"]) for v in row + [""] * (columns - len(row))]
                for row in values]
        table = Table(rows, colWidths=[w * scale for w in widths], hAlign="LEFT")
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        flowables.append(table)
    return _build(title, flowables)


def _clip(text: str) -> str:
    return text if len(text) <= CELL_CHARACTERS else text[:CELL_CHARACTERS] + "\u2026"


# Inline HTML and the ReportLab markup it becomes.
_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "cite": "i", "var": "i", "dfn": "i",
           "u": "u", "ins": "u", "s": "strike", "strike": "strike", "del": "strike",
           "sub": "sub", "sup": "super"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
          "table", "tr", "hr", "dl", "dt", "dd", "section", "article", "header", "footer", "nav",
          "aside", "figure", "figcaption", "caption", "details", "summary", "center", "hgroup"}


class _Flow(HTMLParser):
    """Flowables from a Doc's HTML: headings, paragraphs (an empty one a blank line),
    lists with their bullets or numbers, tables, preformatted text, rules; bold,
    italic, underline, strike-through, sub- and superscript and links inline."""

    def __init__(self, styles):
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.flowables: list = []
        self.parts: list[str] = []        # the paragraph being read, as markup
        self.open: list[tuple[str, str]] = []   # inline tags open: (opening, closing)
        self.block = "p"
        self.pending = False              # a paragraph opened and not yet written
        self.lists: list[list] = []       # [ordered, next number]
        self.bullet: str | None = None
        self.quote = 0
        self.pre = 0
        self.table: list[list] | None = None

    # -- paragraphs ---------------------------------------------------------
    def _flush(self, keep_empty: bool = False) -> None:
        content = "".join(self.parts)
        closing = "".join(close for _, close in reversed(self.open))
        self.parts = [opening for opening, _ in self.open]
        if not self.pre:
            content = re.sub(r"\s+", " ", content).strip()
        plain = re.sub(r"<[^>]+>", "", content).strip()
        if not plain and not (keep_empty and self.pending):
            return
        self.pending = False
        text = content + closing
        if self.table is not None:
            if self.table and self.table[-1]:   # text outside a cell is not shown
                self.table[-1][-1] += ("<br/>" if self.table[-1][-1] else "") + text
            return
        style = self.styles.get(self.block, self.styles["p"])
        if self.pre:
            self.flowables.append(XPreformatted(text, self.styles["pre"]))
        elif not plain:
            self.flowables.append(Spacer(1, style.leading))
        else:
            indent = 18 * (len(self.lists) + self.quote)
            if indent:  # a list item's bullet or number sits in the indent, before its text
                style = ParagraphStyle(f"{style.name}-{indent}", parent=style, leftIndent=indent,
                                       bulletIndent=max(0, indent - 16), bulletFontSize=style.fontSize)
            self.flowables.append(Paragraph(text, style, bulletText=self.bullet))
        self.bullet = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _BLOCK:
            self._flush()
            if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd"):
                self.block, self.pending = (tag if tag in self.styles else "p"), True
        if tag in ("ul", "ol"):
            start = a.get("start") or "1"
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "li" and self.lists:
            ordered, number = self.lists[-1]
            self.bullet = f"{number}." if ordered else "\u2022"
            self.lists[-1][1] += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "hr":
            self.flowables.append(HRFlowable(width="100%", color=colors.grey))
        elif tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self._flush()
            if not self.table:
                self.table.append([])
            self.table[-1].append("")
            if tag == "th":
                self._inline("<b>", "</b>")
        elif tag == "br":
            self.parts.append("<br/>")
        elif tag in _INLINE:
            self._inline(f"<{_INLINE[tag]}>", f"</{_INLINE[tag]}>")
        elif tag == "a":
            href = a.get("href") or ""
            self._inline(f'<a href="{escape(href)}" color="blue">' if href else "<a>", "</a>")

    def _inline(self, opening: str, closing: str) -> None:
        self.parts.append(opening)
        self.open.append((opening, closing))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.table is not None:
            if tag == "th" and self.open:
                self._close()
            self._flush()
        elif tag in _INLINE or tag == "a":
            self._close()
        if tag in _BLOCK:
            self._flush(keep_empty=tag in ("p", "li", "dt", "dd"))
            self.block = "p"
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag == "table" and self.table is not None:
            rows, self.table = [r for r in self.table if r], None
            self._table(rows)

    def _close(self) -> None:
        if self.open:
            self.parts.append(self.open.pop()[1])

    def handle_data(self, data):
        self.parts.append(markup(data))

    def _table(self, rows: list[list[str]]) -> None:
        if not rows:
            return
        columns = max(len(r) for r in rows)
        cells = [[Paragraph(c, self.styles["cell"]) for c in r + [""] * (columns - len(r))]
                 for r in rows]
        table = Table(cells, colWidths=[(letter[0] - 2 * MARGIN) / columns] * columns, hAlign="LEFT")
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.flowables.append(table)

    def finish(self) -> list:
        self._flush()
        return self.flowables
