"""A post's action bar (reactions, reply, quote, edit, helpful, delete, report, moderation), built
in Python: on a long thread the template engine's per-call overhead for these dozen small pieces
cost more than everything else on the page. What the viewer may do comes from the page's one
permission decision (`permissions.post_actions`); links from the page's URL prefixes."""
from __future__ import annotations

from flask import g, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape


def csrf_field() -> Markup:
    """The hidden CSRF input, made once a request (a thread page has hundreds of small forms)."""
    field = g.get("_csrf_field")
    if field is None:
        field = g._csrf_field = Markup(f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">')
    return field


def _form(action: str, inner: str, csrf: Markup) -> str:
    return f'<form method="post" action="{escape(action)}" class="community-inline-form">{csrf}{inner}</form>'


def _link(href: str, text: str, hidden: str = "", cls: str = "nhsuk-body-s") -> str:
    extra = f'<span class="nhsuk-u-visually-hidden">{hidden}</span>' if hidden else ""
    return f'<a class="{cls}" href="{escape(href)}">{text}{extra}</a>'


def action_bar(post, view, acts, reactions) -> Markup:
    urls, csrf = view.urls, csrf_field()
    name = escape(post.author.name)
    parts: list[str] = []
    may_react = "posts.react" in acts
    react_url = urls("threads.react", post.id, "react") if may_react else ""
    for kind, label in reactions.items():
        count = post.reaction_count(kind)
        if may_react:
            mine = (post.id, kind) in view.my_reactions
            action = urls("threads.react", post.id, "unreact") if mine else react_url
            parts.append(_form(action, f'<input type="hidden" name="kind" value="{escape(kind)}">'
                                       f'<button class="community-reaction" type="submit" aria-pressed="'
                                       f'{"true" if mine else "false"}">{escape(label)} <span class='
                                       f'"community-reaction__count">{count}</span></button>', csrf))
        elif count:
            parts.append(f'<span class="community-reaction community-reaction--static">{escape(label)} {count}</span>')
    if post.like_count or post.insightful_count or post.thanks_count:
        parts.append(_link(urls("threads.who_reacted", post.id), "Who reacted", f" to {name}'s post"))
    may_comment = "threads.comment" in acts
    if may_comment and not post.is_opening:
        parts.append(_link(f"?page={view.page}&reply={post.parent_id or post.id}#comment-form", "Reply",
                           f" to {name}", "nhsuk-body-s community-reply-link"))
    if may_comment and not post.hidden_at and not post.held_at:
        parts.append(_link(f"?page={view.page}&quote={post.id}#comment-form", "Quote", f" {name}"))
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
    return Markup("\n    ".join(parts))


def byline(post) -> Markup:
    """Author (avatar, name, discipline, organisation) and when: the head of every post."""
    from ..templating import exact_time, time_ago  # templating registers these helpers

    author = post.author
    profiles = g.get("_profile_url")
    if profiles is None:
        profiles = g._profile_url = url_for("members.profile", member_id=918273645).split("918273645")
    where = escape(author.discipline_label)
    if author.organisation_name:
        where += Markup(", ") + escape(author.organisation_name)
    edited = (f' · <span title="Edited {escape(exact_time(post.edited_at))}">edited</span>'
              if post.edited_at else "")
    return Markup(
        f'<p class="community-byline nhsuk-body-s">\n'
        f'  <span class="community-avatar community-avatar--{escape(author.avatar_hue)} community-avatar--small"'
        f' aria-hidden="true">{escape(author.initials)}</span>\n'
        f'  <a href="{escape(profiles[0])}{author.id}{escape(profiles[1])}">{escape(author.name)}</a>\n'
        f'  <span class="community-muted">· {where} ·\n'
        f'  <time datetime="{post.created_at.isoformat()}" title="{escape(exact_time(post.created_at))}">'
        f'{escape(time_ago(post.created_at))}</time>\n'
        f'  {edited}</span>\n</p>')
