"""A post as the thread page draws it (byline, moderation notes, body, action bar), built in
Python: a thread page can hold hundreds of posts, and the template engine's per-call overhead and
per-value escaping cost more than everything else on the page.

Everything the posts of one page share is made once, by `PostRenderer`: the CSRF field, the link
prefixes (`Links`), the escaped reaction labels, each author's head (avatar, name,
discipline, organisation). What the viewer may do comes from the page's one permission decision
(`permissions.post_actions`). Only the member's own words are escaped here, once each; the cleaned
body HTML was made safe when it was written.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from ..dates import exact_time, time_ago


def csrf_field() -> Markup:
    """The hidden CSRF input, made once a request (a thread page has hundreds of small forms)."""
    field = g.get("_csrf_field")
    if field is None:
        # bandit B704: the one value put in is escaped.
        field = g._csrf_field = Markup(f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">')  # nosec B704
    return field


def _esc(value) -> str:
    return str(escape(value))


class Links:
    """The URLs of one kind of link for many posts or members, made from a prefix and suffix asked
    of `url_for` once per kind instead of once per link: `links("threads.react", post.id, "react")`,
    `links("members.profile", member.id, param="member_id")`. They come HTML-escaped, ready for an
    attribute: the escaping, too, is done once per kind."""

    _SAMPLE = 918273645

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str | None, str], tuple[str, str] | None] = {}

    def __call__(self, endpoint: str, id_: int, action: str | None = None, *, param: str = "post_id") -> str:
        key = (endpoint, action, param)
        try:
            parts = self._parts[key]
        except KeyError:
            split = self._url(endpoint, self._SAMPLE, action, param).split(str(self._SAMPLE))
            parts = self._parts[key] = (_esc(split[0]), _esc(split[1])) if len(split) == 2 else None
        if parts is None:  # the sample number also appears elsewhere in the URL: ask each time
            return _esc(self._url(endpoint, id_, action, param))
        return f"{parts[0]}{id_}{parts[1]}"

    @staticmethod
    def _url(endpoint: str, id_: int, action: str | None, param: str) -> str:
        values = {param: id_} if action is None else {param: id_, "action": action}
        return url_for(endpoint, **values)


def _time(value: datetime, now: datetime) -> str:
    return (f'<time datetime="{value.isoformat()}" title="{_esc(exact_time(value))}">'
            f'{_esc(time_ago(value, now))}</time>')


class _Author:
    """One author's part of every byline they have on the page, escaped once."""

    __slots__ = ("name", "head")

    def __init__(self, author, links: Links) -> None:
        self.name = _esc(author.name)
        where = _esc(author.discipline_label)
        if author.organisation_name:
            where += ", " + _esc(author.organisation_name)
        self.head = (
            f'<p class="community-byline nhsuk-body-s">\n'
            f'  <span class="community-avatar community-avatar--{author.avatar_hue} community-avatar--small"'
            f' aria-hidden="true">{_esc(author.initials)}</span>\n'
            f'  <a href="{links("members.profile", author.id, param="member_id")}">{self.name}</a>\n'
            f'  <span class="community-muted">· {where} ·\n  ')


def byline(post, now: datetime | None = None) -> Markup:
    """Author (avatar, name, discipline, organisation) and when: the head of every post."""
    # bandit B704: _byline escapes every value a member typed (_esc); the rest is our own markup.
    return Markup(_byline(_Author(post.author, Links()), post, now or datetime.now(timezone.utc)))  # nosec B704


def _byline(author: _Author, post, now: datetime) -> str:
    edited = (f' · <span title="Edited {_esc(exact_time(post.edited_at))}">edited</span>' if post.edited_at else "")
    return f'{author.head}{_time(post.created_at, now)}\n  {edited}</span>\n</p>'


def _form(action: str, inner: str, csrf: str) -> str:
    return f'<form method="post" action="{action}" class="community-inline-form">{csrf}{inner}</form>'


def _link(href: str, text: str, hidden: str = "", cls: str = "nhsuk-body-s") -> str:
    extra = f'<span class="nhsuk-u-visually-hidden">{hidden}</span>' if hidden else ""
    return f'<a class="{cls}" href="{href}">{text}{extra}</a>'


class PostRenderer:
    """Draws the posts of one thread page for one viewer. `view` is the page
    (`reading.ThreadPage` or `reading.OnePost`): thread, page, actions and my_reactions."""

    def __init__(self, view, viewer, reactions: dict[str, str], now: datetime | None = None) -> None:
        self.view, self.viewer = view, viewer
        self.links = Links()
        self.csrf = str(csrf_field())
        self.reactions = [(kind, _esc(kind), _esc(label)) for kind, label in reactions.items()]
        self.now = now or datetime.now(timezone.utc)
        self.thread_author = _esc(view.thread.author.name)
        self._authors: dict[int, _Author] = {}

    def author(self, member) -> _Author:
        head = self._authors.get(member.id)
        if head is None:
            head = self._authors[member.id] = _Author(member, self.links)
        return head

    def posts(self, comments, replies) -> Markup:
        """Each comment followed by its replies."""
        out: list[str] = []
        for post in comments:
            out.append(self._post(post, False))
            for reply in replies.get(post.id, ()):
                out.append(self._post(reply, True))
        # bandit B704: _post escapes the member's words and puts in only the body cleaned by
        # bleach when it was written (tests/guard_rails/test_hostile_input.py checks both).
        return Markup("\n".join(out))  # nosec B704

    def post(self, post, is_reply: bool = False) -> Markup:
        return Markup(self._post(post, is_reply))  # nosec B704

    def _post(self, post, is_reply: bool) -> str:
        view, viewer = self.view, self.viewer
        acts = view.actions[post.id]
        moderator = "posts.moderate" in acts
        mine = post.author_id == viewer.id
        # A post held for review is seen only by its author and moderators.
        if post.held_at and not moderator and not mine:
            return ""
        cls = "community-post"
        if is_reply:
            cls += " community-post--reply"
        if post.is_helpful:
            cls += " community-post--helpful"
        head = (f'<article class="{cls}" id="post-{post.number}" data-number="{post.number}" '
                f'data-position="{post.position}" data-author="{post.author_id}">\n  ')
        if post.deleted_at:
            return f'{head}<p class="community-muted"><em>Comment removed</em></p>\n</article>'
        if post.hidden_at and not moderator and not mine:
            what = "Post" if post.is_opening else "Comment"
            return f'{head}<p class="community-muted"><em>{what} hidden by a moderator</em></p>\n</article>'
        author = self.author(post.author)
        note = ""
        if post.hidden_at:
            own = (' <span class="community-muted">Only you and the moderators can see this post.</span>'
                   if mine else "")
            note = (f'<p class="nhsuk-body-s community-moderation-note"><strong class="nhsuk-tag '
                    f'nhsuk-tag--orange">Hidden by a moderator:</strong> {_esc(post.hidden_reason or "")}{own}</p>\n  ')
        elif post.held_at and mine and not moderator:
            note = ('<p class="nhsuk-body-s community-moderation-note"><strong class="nhsuk-tag '
                    'nhsuk-tag--yellow">Waiting for a moderator</strong> Only you can see this until a '
                    'moderator has looked at it.</p>\n  ')
        elif post.held_at:
            note = ('<p class="nhsuk-body-s community-moderation-note"><strong class="nhsuk-tag '
                    f'nhsuk-tag--yellow">Held for review</strong> {_esc(post.held_reason or "")}</p>\n  ')
        if post.is_helpful:
            note += (f'<p><strong class="nhsuk-tag nhsuk-tag--green">Marked helpful by '
                     f'{self.thread_author}</strong></p>\n  ')
        return (f'{head}{_byline(author, post, self.now)}\n  {note}'
                f'<div class="community-prose">{post.body_html}</div>\n'
                f'  <div class="community-post__actions">\n    {self._actions(post, acts, author.name)}\n  </div>\n'
                f'</article>')

    def _actions(self, post, acts, name: str) -> str:
        urls, csrf, view = self.links, self.csrf, self.view
        parts: list[str] = []
        if "posts.react" in acts:
            # One form, a button per kind: a button the viewer has pressed takes it back.
            buttons = []
            for kind, kind_html, label in self.reactions:
                mine = (post.id, kind) in view.my_reactions
                undo = f' formaction="{urls("threads.react", post.id, "unreact")}"' if mine else ""
                buttons.append(f'<button class="community-reaction" type="submit" name="kind" value="{kind_html}"'
                               f'{undo} aria-pressed="{"true" if mine else "false"}">{label} '
                               f'<span class="community-reaction__count">{post.reaction_count(kind)}</span></button>')
            parts.append(f'<form method="post" action="{urls("threads.react", post.id, "react")}" '
                         f'class="community-inline-form community-reactions">{csrf}{"".join(buttons)}</form>')
        else:
            for kind, _, label in self.reactions:
                count = post.reaction_count(kind)
                if count:
                    parts.append(f'<span class="community-reaction community-reaction--static">{label} {count}</span>')
        if post.like_count or post.insightful_count or post.thanks_count:
            parts.append(_link(urls("threads.who_reacted", post.id), "Who reacted", f" to {name}'s post"))
        may_comment = "threads.comment" in acts
        if may_comment and not post.is_opening:
            parts.append(_link(f"?page={view.page}&amp;reply={post.parent_id or post.id}#comment-form", "Reply",
                               f" to {name}", "nhsuk-body-s community-reply-link"))
        if may_comment and not post.hidden_at and not post.held_at:
            parts.append(_link(f"?page={view.page}&amp;quote={post.id}#comment-form", "Quote", f" {name}"))
        if "posts.edit" in acts:
            parts.append(_link(urls("threads.edit", post.id), "Edit", " your post"))
        if "posts.mark_helpful" in acts:
            parts.append(_form(urls("threads.helpful", post.id),
                               f'<input type="hidden" name="helpful" value="{"0" if post.is_helpful else "1"}">'
                               f'<button class="community-link-button" type="submit">'
                               f'{"Unmark helpful" if post.is_helpful else "Mark helpful"}</button>', csrf))
        if "posts.delete" in acts:
            parts.append(_form(urls("threads.delete", post.id), '<button class="community-link-button" '
                               'type="submit">Delete<span class="nhsuk-u-visually-hidden"> this post</span>'
                               '</button>', csrf))
        if post.edited_at and "posts.see_history" in acts:
            parts.append(_link(urls("threads.history", post.id), "Earlier versions"))
        if "posts.flag" in acts:
            parts.append(_link(urls("moderation.flag", post.id), "Report", f" {name}'s post",
                               "nhsuk-body-s community-report-link"))
        if "posts.moderate" in acts and not post.deleted_at:
            hidden = f'<span class="nhsuk-u-visually-hidden"> {name}\'s post</span>'
            if post.held_at and not post.hidden_at:
                parts.append(_form(urls("moderation.post_action", post.id, "approve"),
                                   f'<button class="community-link-button" type="submit">Approve{hidden}</button>', csrf))
            if post.hidden_at:
                parts.append(_form(urls("moderation.post_action", post.id, "unhide"),
                                   f'<button class="community-link-button" type="submit">Unhide{hidden}</button>', csrf))
            else:
                parts.append(_link(urls("moderation.hide", post.id), "Hide", f" {name}'s post"))
        return "\n    ".join(parts)


def post_renderer(view, viewer, reactions: dict[str, str]) -> PostRenderer:
    """The page's renderer, made on first use in the request: the opening post and the comments
    share its caches. It holds `view`, so the id it is kept under stays that view's."""
    renderers = g.get("_post_renderers")
    if renderers is None:
        renderers = g._post_renderers = {}
    key = (id(view), id(viewer))
    renderer = renderers.get(key)
    if renderer is None:
        renderer = renderers[key] = PostRenderer(view, viewer, reactions)
    return renderer
