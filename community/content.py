"""User text: Markdown in, clean HTML out. The one place user text becomes markup.

Rendered once on write; templates mark only the stored clean HTML as safe.
"""
from __future__ import annotations

import re
import unicodedata

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"

# html=False: raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
)
_linker = Linker(callbacks=[lambda attrs, new=False: {**attrs, (None, "rel"): LINK_REL}],
                 skip_tags={"pre", "code"})
_HEADING = re.compile(r"<(/?)h([1-6])>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _demote_headings(html: str) -> str:
    # Page structure owns h1 and h2: user headings start at h3 and stop at h4.
    def shift(match: re.Match) -> str:
        level = min(int(match.group(2)) + 2, 4)
        return f"<{match.group(1)}h{level}>"

    return _HEADING.sub(shift, html)


def render_markdown(source: str) -> str:
    """Markdown -> HTML restricted to the allowlist, links marked as user content."""
    html = _demote_headings(_markdown.render(clean_text(source)))
    return _linker.linkify(_cleaner.clean(html))


def clean_text(value: str) -> str:
    """Normalise user text: NFC, no control characters, Unix newlines."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value)


def excerpt(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def parse_tags(text: str) -> list[str]:
    """'Quality improvement, digital ,  Digital' -> ['quality improvement', 'digital']."""
    seen: dict[str, None] = {}
    for part in clean_text(text).replace(";", ",").split(","):
        tag = " ".join(part.split()).lower()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)
