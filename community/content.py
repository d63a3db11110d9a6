"""User text: Markdown in, clean HTML out. The one place user text becomes markup.

Rendered once on write; templates mark only the stored clean HTML as safe.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import partial

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

ALLOWED_TAGS = frozenset({
    "p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
MENTION_CLASS = "community-mention"

# html=False: raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True
)


def _mark_user_link(attrs: dict, new: bool = False) -> dict:
    if attrs.get((None, "class")) == MENTION_CLASS:  # our own link to a profile
        return attrs
    return {**attrs, (None, "rel"): LINK_REL}


_linker = Linker(callbacks=[_mark_user_link], skip_tags={"pre", "code"})
_HEADING = re.compile(r"<(/?)h([1-6])>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # what forms refuse; clean_text also drops DEL


def _demote_headings(html: str) -> str:
    # Page structure owns h1 and h2: user headings start at h3 and stop at h4.
    def shift(match: re.Match) -> str:
        level = min(int(match.group(2)) + 2, 4)
        return f"<{match.group(1)}h{level}>"

    return _HEADING.sub(shift, html)


# Mentions ----------------------------------------------------------------------------------------
#
# Source syntax: `@[Display Name](123)`, where 123 is the member's id. The suggestion menu on a
# textarea with `data-mentions` (static/js/mentions.js) inserts it; a person can also type it.
# Not a mention inside code, straight after a letter or digit (`name@[x](1)`), or with the @
# escaped (`\@[x](1)`); inside a link's text it stays plain text. Markdown turns each mention
# into a placeholder the author cannot type; after bleach has cleaned the HTML, it becomes
# `<a href="/members/123" class="community-mention">@Name</a>` with the member's current name
# (escaped), or plain text `@Display Name` when the id is not someone who can be mentioned.
# So the stored HTML is cleaned HTML plus links we built ourselves, and the allowlist is unchanged.

MENTION = re.compile(r"@\[([^\[\]\n]{1,120})\]\((\d{1,12})\)")
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: stripped from the source first
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_LINKED_MENTION = re.compile(r'<a href="/members/(\d+)" class="community-mention">')

MentionNames = Callable[[list[int]], Mapping[int, str]]


def _mention_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and state.src[state.pos - 1].isalnum():
        return False
    match = MENTION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"label": " ".join(match.group(1).split()), "id": int(match.group(2))}
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    found = env.setdefault("mentions", [])
    found.append(tokens[idx].meta)
    return f"{_OPEN}{len(found) - 1}{_CLOSE}"


def _render_image(self, tokens, idx, options, env) -> str:
    # Images are not shown (they could track readers or carry what should not be shared), but
    # what the author meant stays: the alt text, as a link to the picture where it may be linked.
    token = tokens[idx]
    alt = escapeHtml(self.renderInlineAsText(token.children or [], options, env).strip() or "picture")
    inside_link = sum(t.type == "link_open" for t in tokens[:idx]) > sum(t.type == "link_close" for t in tokens[:idx])
    if inside_link:
        return f"Image: {alt}"
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">Image: {alt}</a>'


_markdown.add_render_rule("image", _render_image)
_markdown.inline.ruler.before("link", "mention", _mention_rule)
_markdown.add_render_rule("mention", _render_mention)


class _MentionFilter(Filter):
    """Runs after bleach's sanitizer: placeholders become profile links (or plain text)."""

    _NO_LINKS = {"a", "code", "pre"}

    def __init__(self, source, mentions: list[dict], names: Mapping[int, str]):
        super().__init__(source)
        self.mentions, self.names = mentions, names

    def __iter__(self):
        depth = 0  # inside a link or code, a mention stays text
        for token in super().__iter__():
            kind = token["type"]
            if kind == "StartTag":
                depth += token["name"] in self._NO_LINKS
                token["data"] = {k: _PLACEHOLDER.sub("", v) for k, v in token["data"].items()}
            elif kind == "EndTag":
                depth -= token["name"] in self._NO_LINKS
            if kind == "Characters" and _OPEN in token["data"]:
                yield from self._split(token["data"], linkable=depth == 0)
            else:
                yield token

    def _split(self, text: str, linkable: bool):
        last = 0
        for match in _PLACEHOLDER.finditer(text):
            if match.start() > last:
                yield {"type": "Characters", "data": text[last:match.start()]}
            mention = self.mentions[int(match.group(1))]
            name = self.names.get(mention["id"]) if linkable else None
            if name is None:
                yield {"type": "Characters", "data": f"@{mention['label']}"}
            else:
                yield {"type": "StartTag", "name": "a", "namespace": None,
                       "data": {(None, "href"): f"/members/{mention['id']}", (None, "class"): MENTION_CLASS}}
                yield {"type": "Characters", "data": f"@{name}"}
                yield {"type": "EndTag", "name": "a", "namespace": None}
            last = match.end()
        if last < len(text):
            yield {"type": "Characters", "data": text[last:]}


def _no_names(ids: list[int]) -> dict[int, str]:
    return {}


# Who may be mentioned is the members domain's to say; it sets this in its register().
_mentionable: list[MentionNames] = [_no_names]


def answer_mentions_with(names: MentionNames) -> None:
    """Set how mentions find the current names of the members they name (members.register)."""
    _mentionable[0] = names


def member_names(ids: list[int]) -> dict[int, str]:
    """{id: name} of the members among `ids` who can be mentioned (one query), or {} when none do."""
    return _mentionable[0](ids) if ids else {}


def render_markdown(source: str, mention_names: MentionNames | None = member_names) -> str:
    """Markdown -> HTML restricted to the allowlist, links marked as user content.

    `mention_names(ids)` answers {id: current name} for the members who may be mentioned (one
    query, made only when the text has a mention); with None, mentions stay plain text.
    """
    env: dict = {}
    source = clean_text(source).replace(_OPEN, "").replace(_CLOSE, "")
    html = _demote_headings(_markdown.render(source, env))
    mentions = env.get("mentions")
    if not mentions:
        return _linker.linkify(_cleaner.clean(html))
    names = mention_names(sorted({m["id"] for m in mentions})) if mention_names else {}
    cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                             strip=True, filters=[partial(_MentionFilter, mentions=mentions, names=names)])
    return _linker.linkify(cleaner.clean(html))


def linked_mentions(html: str) -> list[int]:
    """Ids of the members a rendered post links as mentioned, in order, each once."""
    return list(dict.fromkeys(int(i) for i in _LINKED_MENTION.findall(html)))


def mention_text(source: str) -> str:
    """`@[Name](12)` -> `@Name`, for plain-text excerpts and emails."""
    return MENTION.sub(lambda m: f"@{' '.join(m.group(1).split())}", source)


def mention_syntax(member_id: int, name: str) -> str:
    """What the suggestion menu inserts for a member (brackets in a name would end the label)."""
    label = " ".join(name.replace("[", "(").replace("]", ")").split())
    return f"@[{label}]({member_id})"


def has_control_characters(value: str) -> bool:
    """NUL and the other C0 controls but tab and newlines: PostgreSQL refuses NUL in text, and
    nobody types the rest on purpose. Forms refuse them beside the field rather than drop them."""
    return bool(_C0.search(value))


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
