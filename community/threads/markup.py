"""Drawing posts: what the posts of one page share, gathered once, and the one template that draws
them (`templates/threads/_post.html`). The thread page, a live comment, a post redrawn for its
reader, the moderation queue and the report and hide pages all draw posts through here.

The template escapes whatever it prints (Jinja's autoescape); the only value it marks safe is the
post's body, cleaned by bleach when it was written. Nothing here builds HTML from strings but the
CSRF field, through `Markup.format`, which escapes what it is given.

A page renders the template once for all its posts: a 200-comment page spent most of its time in
per-post macro calls before. The posts stay plain rows (`reading.PagePost`), and link prefixes
are asked of `url_for` once per kind of link (`Links`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import current_app, g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..permissions import post_actions
from .models import REACTIONS

TEMPLATE = "threads/_post.html"
# A broadcast is drawn with an empty token: each browser puts in its own (static/js/thread.js),
# so no session's token is ever sent to others.
BLANK_CSRF = Markup('<input type="hidden" name="csrf_token" value="">')
_REACTIONS = tuple(REACTIONS.items())


def csrf_field() -> Markup:
    """The hidden CSRF input, made once a request (a thread page has hundreds of small forms)."""
    field_ = g.get("_csrf_field")
    if field_ is None:
        field_ = g._csrf_field = Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())
    return field_


class Links:
    """The URLs of one kind of link for many posts or members, made from a prefix and suffix asked
    of `url_for` once per kind instead of once per link: `links("threads.react", post.id, "react")`,
    `links("members.profile", member.id, param="member_id")`. Plain strings: the template escapes
    them where it prints them."""

    _SAMPLE = 918273645

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str | None, str], tuple[str, str] | None] = {}

    def __call__(self, endpoint: str, id_: int, action: str | None = None, *, param: str = "post_id") -> str:
        key = (endpoint, action, param)
        try:
            parts = self._parts[key]
        except KeyError:
            split = self._url(endpoint, self._SAMPLE, action, param).split(str(self._SAMPLE))
            parts = self._parts[key] = (split[0], split[1]) if len(split) == 2 else None
        if parts is None:  # the sample number also appears elsewhere in the URL: ask each time
            return self._url(endpoint, id_, action, param)
        return f"{parts[0]}{id_}{parts[1]}"

    @staticmethod
    def _url(endpoint: str, id_: int, action: str | None, param: str) -> str:
        values = {param: id_} if action is None else {param: id_, "action": action}
        return url_for(endpoint, **values)


@dataclass
class PostDrawing:
    """What the posts of one page share, for one viewer; `draw` renders the template for them."""

    viewer_id: int | None
    actions: Mapping[int, frozenset[str]]
    my_reactions: frozenset | set = frozenset()
    page: int = 1
    thread_author: str = ""
    csrf: Markup = field(default_factory=csrf_field)
    anchors: bool = True
    action_bar: bool = True
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    links: Links = field(default_factory=Links)

    def draw(self, entries: Iterable[tuple[object, bool]]) -> Markup:
        """(post, is_reply) pairs, in page order."""
        template = current_app.jinja_env.get_template(TEMPLATE)
        return Markup(template.render(
            entries=entries, actions=self.actions, my_reactions=self.my_reactions, viewer_id=self.viewer_id,
            page=self.page, thread_author=self.thread_author, reactions=_REACTIONS,
            csrf=self.csrf, links=self.links, anchors=self.anchors, action_bar=self.action_bar, now=self.now).strip())

    def post(self, post, is_reply: bool | None = None) -> Markup:
        return self.draw(((post, post.parent_id is not None if is_reply is None else is_reply),))

    def posts(self, comments, replies: Mapping[int, list]) -> Markup:
        """Each comment followed by its replies."""
        return self.draw(_with_replies(comments, replies))


def link(id_: int, links: Links, endpoint: str, action: str | None = None, *, param: str = "post_id") -> str:
    """The `link` filter: `post.id | link(links, "threads.react", "react")`. A filter, not a call of
    `links` itself, because Jinja calls filters directly and other callables through a slower path,
    and a page of posts makes thousands of links."""
    return links(endpoint, id_, action, param=param)


def reaction_count(post, kind: str) -> int:
    """The `reaction_count` filter: `post | reaction_count("like")`, for the same reason."""
    return post.reaction_count(kind)


def _with_replies(comments, replies):
    for post in comments:
        yield post, False
        for reply in replies.get(post.id, ()):
            yield reply, True


def for_page(view, viewer) -> PostDrawing:
    """The posts of a thread page (`reading.ThreadPage`) or of one post drawn on its own
    (`reading.OnePost`), as `viewer` may act on them."""
    return PostDrawing(viewer_id=viewer.id, actions=view.actions, my_reactions=view.my_reactions,
                       page=view.page, thread_author=view.thread.author.name)


def for_broadcast(view) -> PostDrawing:
    """A live comment, drawn once for everyone in the thread's room: `view.actions` are what every
    reader in good standing may do (`permissions.readers_actions`); each browser takes away what
    its own reader may not do and puts in its own CSRF token."""
    return PostDrawing(viewer_id=None, actions=view.actions, page=view.page,
                       thread_author=view.thread.author.name, csrf=BLANK_CSRF)


def alone(posts, viewer, *, action_bar: bool = False) -> Markup:
    """Posts shown apart from their thread page (the moderation queue, the report and hide pages):
    byline, moderation notes and body, without the thread page's anchors and, by default, without
    its action bar (these pages have their own buttons)."""
    posts = list(posts)
    actions: dict[int, frozenset[str]] = {}
    for post in posts:
        actions.update(post_actions(viewer, post.thread, [post]))
    return PostDrawing(viewer_id=viewer.id, actions=actions, anchors=False,
                       action_bar=action_bar).draw((post, False) for post in posts)
