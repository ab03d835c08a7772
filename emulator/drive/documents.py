"""A Google Doc's content, as the emulator keeps it: the body as sanitised HTML.

Google converts an uploaded HTML or text file into its own document model; the
emulator keeps the HTML itself, without scripts, styles sheets, event handlers or
unsafe links (nh3, the Python binding of the Ammonia sanitiser), and plain text as
one paragraph a line. It lives in the Drive store's ``contents`` as UTF-8, so a
copy copies it, a delete deletes it and ``--data`` keeps it; Drive never reports
a size or checksum for a Google type, and ``alt=media`` stays refused.

Reading it back: ``text`` is what the text/plain export gives (Google's starts with
a byte order mark, googleapis/google-api-nodejs-client#2404, and ends lines with
CRLF), ``page`` the whole HTML document the text/html export gives.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

# Tags whose content goes with them: never text of the document.
_DROPPED = {"script", "style", "title", "template", "noscript", "iframe", "object", "embed",
            "textarea", "select", "svg", "math"}
_ATTRIBUTES = {"*": {"style", "title", "dir", "lang"}, "a": {"href"},
               "img": {"src", "alt", "width", "height"}, "ol": {"start", "type"},
               "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
# The look a Doc keeps; nothing that positions, hides or fetches.
_STYLES = {"color", "background-color", "font-weight", "font-style", "font-size", "font-family",
           "text-decoration", "text-align", "vertical-align", "margin-left", "padding-left"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre",
           "table", "ul", "ol", "hr", "dl", "dt", "dd", "section", "article", "header",
           "footer", "nav", "aside", "figure", "figcaption", "caption", "details", "summary"}


def sanitise(markup: str) -> str:
    """The body of an uploaded HTML file, safe to show (a whole document or a fragment)."""
    return nh3.clean(markup, tags=set(nh3.ALLOWED_TAGS), clean_content_tags=_DROPPED,
                     attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     filter_style_properties=_STYLES, strip_comments=True).strip()


def from_text(text: str) -> str:
    """Plain text as paragraphs, one a line (an empty line an empty paragraph)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)


def decode(media: bytes) -> str:
    """Uploaded text: UTF-8 (a byte order mark is dropped); bytes that are not UTF-8
    are replaced rather than refused."""
    return media.decode("utf-8-sig", errors="replace")


def body(store, file_id: str) -> str:
    return store.contents.get(file_id, b"").decode("utf-8")


def set_body(store, file_id: str, markup: str) -> None:
    store.contents[file_id] = markup.encode("utf-8")


def page(title: str, markup: str) -> str:
    """The whole HTML document of a Doc."""
    return ('<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f"<title>{html.escape(title)}</title></head><body>{markup}</body></html>")


def text(markup: str) -> str:
    """The Doc as plain text: a line a paragraph, list items marked ``*`` or their
    number, table cells separated by tabs."""
    reader = _TextReader()
    reader.feed(markup)
    reader.close()
    return "\ufeff" + "\r\n".join(reader.lines())


_LEAVES = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "caption"}
# Marks kept apart from the text's own whitespace, which is collapsed: a <br>, a
# cell boundary, a nested list's indent.
_BREAK, _TAB, _INDENT = "\ue000", "\ue001", "\ue002"


class _TextReader(HTMLParser):
    """Paragraphs of text from the HTML: a paragraph (``p``, a heading, a list item)
    is a line even when empty; text between blocks is one when it is not blank."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.current: list[str] = []
        self.lists: list[list] = []       # [ordered, next number] of each open list
        self.pre = 0
        self.cells = 0                    # cells started in the current row
        self.in_cell = 0                  # table cells open
        self.pending = False              # a paragraph opened and not yet written

    def _flush(self, keep_empty: bool = False) -> None:
        joined = "".join(self.current)
        self.current = []
        if not self.pre:
            joined = re.sub(r"[ \t\n\r\f]+", " ", joined)
            joined = re.sub(f" ?({_TAB}|{_BREAK}) ?", r"\1", joined)
        lines = [(line.strip(" ") if not self.pre else line).replace(_TAB, "\t").replace(_INDENT, "  ")
                 for line in joined.replace(_BREAK, "\n").split("\n")]
        if "".join(lines).strip() or (keep_empty and self.pending):
            self.out += lines
            self.pending = False

    def _breaks(self, tag: str) -> bool:
        """Whether the tag ends a line: blocks do, except inside a table cell, whose
        paragraphs run on in the cell (Google's own HTML puts a <p> in every cell)."""
        return tag in _BLOCKS and (not self.in_cell or tag in ("table", "tr"))

    def handle_starttag(self, tag, attrs):
        if self._breaks(tag):
            self._flush()
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.current.append(_TAB)
            self.cells += 1
            self.in_cell += 1
        elif tag == "li" and self.lists:
            ordered, number = self.lists[-1]
            self.current.append(_INDENT * (len(self.lists) - 1) + (f"{number}. " if ordered else "* "))
            self.lists[-1][1] += 1
        elif tag == "br":
            self.current.append(_BREAK)
        elif tag == "pre":
            self.pre += 1
        if tag in _LEAVES:
            self.pending = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.in_cell = max(0, self.in_cell - 1)
        elif self._breaks(tag):
            self._flush(keep_empty=tag in _LEAVES)
        elif tag in _BLOCKS:
            self.current.append(" ")      # paragraphs within a cell: a space between
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        self.current.append(data)

    def lines(self) -> list[str]:
        self._flush()
        return self.out
