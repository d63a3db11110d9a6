"""Who may do what: one policy table used by views, socket handlers, search and templates.

Each ability maps to a rule `(member, target) -> bool`. `member` may be anonymous
(Flask-Login's AnonymousUserMixin), so rules check `is_authenticated` first.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import NotAllowed

ROLES = ("member", "facilitator", "designer", "moderator", "admin")
STAFF_ROLES = ("moderator", "admin")


def _signed_in(member) -> bool:
    return bool(getattr(member, "is_authenticated", False))


def _has_role(member, *roles: str) -> bool:
    return _signed_in(member) and bool(member.role_names & set(roles))


def is_active_member(member) -> bool:
    """Signed in, approved and not suspended: may read the members' areas."""
    return _signed_in(member) and member.is_approved and not member.is_suspended


def may_post(member) -> bool:
    """Active and has confirmed their email: may write anything others will see."""
    return is_active_member(member) and member.is_confirmed


def _other_member(member, target) -> bool:
    return may_post(member) and target is not None and target.id != member.id


def is_moderator(member) -> bool:
    return is_active_member(member) and _has_role(member, *STAFF_ROLES)


def is_designer(member) -> bool:
    """An academy designer (or an admin): opens consultations and reads their results."""
    return may_post(member) and _has_role(member, "designer", "admin")


def _consultation_owner(member, consultation) -> bool:
    """The designer who made it, or an admin: may change, publish and close it."""
    return is_designer(member) and (consultation.creator_id == member.id or _has_role(member, "admin"))


def _reads_consultation(member, consultation) -> bool:
    """Published to an audience they are in; designers see every consultation."""
    return is_designer(member) or (is_active_member(member) and consultation.published_at is not None
                                   and consultation.in_audience(member))


def _thread_open(member, thread) -> bool:
    """Visible and unlocked; moderators may still write in a locked thread."""
    if thread.hidden_at is not None and not is_moderator(member):
        return False
    return not thread.is_locked or is_moderator(member)


def _reads_post(member, post) -> bool:
    """The post itself (its author, words and who reacted), as its thread page shows it in full:
    held for review or hidden, only to its author and moderators; removed, only to moderators."""
    if not POLICY["threads.read"](member, post.thread):
        return False
    if is_moderator(member):
        return True
    return post.deleted_at is None and ((post.hidden_at is None and post.held_at is None)
                                        or post.author_id == member.id)


def _own_live_post(member, post) -> bool:
    return may_post(member) and post.author_id == member.id and post.deleted_at is None


Rule = Callable[[Any, Any], bool]

POLICY: dict[str, Rule] = {
    "members.read": lambda m, t: is_active_member(m),
    # Your own profile always (even while waiting for approval); others' once they are approved.
    "members.view_profile": lambda m, t: ((_signed_in(m) and not m.is_suspended and m.id == t.id)
                                          or (is_active_member(m)
                                              and (t.is_approved or _has_role(m, *STAFF_ROLES)))),
    "profile.edit": lambda m, t: _signed_in(m) and not m.is_suspended,
    "connections.request": _other_member,
    "connections.respond": lambda m, t: may_post(m) and t.addressee_id == m.id,
    # A suspended account acts on nothing, whatever a handler was handed.
    "connections.withdraw": lambda m, t: is_active_member(m) and t.requester_id == m.id,
    "connections.remove": lambda m, t: is_active_member(m) and m.id in (t.requester_id, t.addressee_id),
    # A hidden thread, or one held for review, is seen by its author and moderators only.
    "threads.read": lambda m, t: is_active_member(m) and (t is None or (t.hidden_at is None and t.held_at is None)
                                                          or is_moderator(m) or t.author_id == m.id),
    "posts.read": _reads_post,
    "threads.start": lambda m, t: may_post(m),
    # Rendering Markdown for the Preview button: whoever may write something others will read.
    "content.preview": lambda m, t: may_post(m),
    "threads.comment": lambda m, t: may_post(m) and _thread_open(m, t),
    "threads.moderate": lambda m, t: is_moderator(m),
    # The thread's author asks a member to join in (notifications.invite).
    "threads.invite": lambda m, t: (may_post(m) and t.author_id == m.id and t.held_at is None
                                    and _thread_open(m, t)),
    "posts.edit": lambda m, t: _own_live_post(m, t) and _thread_open(m, t.thread),
    "posts.delete": lambda m, t: t.deleted_at is None and (_own_live_post(m, t) or is_moderator(m)),
    "posts.react": lambda m, t: (may_post(m) and t.author_id != m.id and t.deleted_at is None
                                 and t.hidden_at is None and t.held_at is None
                                 and t.thread.hidden_at is None),
    "posts.mark_helpful": lambda m, t: (may_post(m) and t.thread.author_id == m.id
                                        and not t.is_opening and t.deleted_at is None),
    "posts.see_history": lambda m, t: is_moderator(m),
    "spaces.manage": lambda m, t: is_active_member(m) and _has_role(m, "admin"),
    "moderation.approve_members": lambda m, t: is_moderator(m),
    # Any active member may report a post others can see, except their own.
    "posts.flag": lambda m, t: (is_active_member(m) and t.author_id != m.id and t.deleted_at is None
                                and t.hidden_at is None and t.held_at is None),
    "posts.moderate": lambda m, t: is_moderator(m),
    "moderation.view_log": lambda m, t: is_moderator(m),
    "admin.view": lambda m, t: is_active_member(m) and _has_role(m, "admin"),
    # Consultations (community/consultations): designers build them; their audience answers.
    "consultations.create": lambda m, t: is_designer(m),
    "consultations.edit": _consultation_owner,
    "consultations.read": _reads_consultation,
    "consultations.answer": lambda m, t: may_post(m) and t.published_at is not None and t.in_audience(m),
    # Every designer reads every result (they work as a team); members once the results are published.
    "consultations.results": lambda m, t: is_designer(m) or (_reads_consultation(m, t)
                                                             and t.results_published_at is not None),
    "consultations.export": lambda m, t: is_designer(m),
    "consultations.principles": lambda m, t: is_active_member(m) and _has_role(m, "admin"),
    "ideas.post": lambda m, t: may_post(m),
    # One support each, never for your own idea.
    "ideas.support": lambda m, t: may_post(m) and t.author_id != m.id,
    "ideas.respond": lambda m, t: is_designer(m),
    "decisions.manage": lambda m, t: is_designer(m),
    # An admin cannot take their own admin role or suspend themselves: no lock-out by accident.
    "admin.grant_roles": lambda m, t: is_active_member(m) and _has_role(m, "admin"),
    "admin.suspend": lambda m, t: is_active_member(m) and _has_role(m, "admin") and t.id != m.id,
}


# What a thread page asks about each post it draws (post_actions), and once a page, the thread.
POST_ABILITIES = ("posts.react", "posts.edit", "posts.delete", "posts.mark_helpful",
                  "posts.see_history", "posts.flag", "posts.moderate")


def post_actions(member, thread, posts) -> dict[int, frozenset[str]]:
    """For each post of `thread`, the abilities in POST_ABILITIES that `can` grants `member`, plus
    "threads.comment" when they may comment on the thread: the same rules as POLICY, with what
    depends only on the member and the thread decided once a page instead of once a post.
    tests/test_permissions.py checks that it agrees with `can` ability by ability."""
    active = is_active_member(member)
    poster = active and member.is_confirmed          # may_post
    moderator = active and _has_role(member, *STAFF_ROLES)
    me = member.id if _signed_in(member) else None
    thread_open = _thread_open(member, thread)
    shown_thread = thread.hidden_at is None
    thread_author = poster and thread.author_id == me
    page_wide = frozenset(name for name, granted in (("threads.comment", poster and thread_open),
                                                     ("posts.see_history", moderator),
                                                     ("posts.moderate", moderator)) if granted)
    result: dict[int, frozenset[str]] = {}
    for post in posts:
        allowed = set(page_wide)
        live = post.deleted_at is None
        mine = post.author_id == me
        seen_by_all = live and post.hidden_at is None and post.held_at is None
        if poster and not mine and seen_by_all and shown_thread:
            allowed.add("posts.react")
        if poster and mine and live and thread_open:
            allowed.add("posts.edit")
        if live and ((poster and mine) or moderator):
            allowed.add("posts.delete")
        if thread_author and not post.is_opening and live:
            allowed.add("posts.mark_helpful")
        if active and not mine and seen_by_all:
            allowed.add("posts.flag")
        result[post.id] = frozenset(allowed)
    return result



class _AnyReader:
    """A member in good standing, seen from no one in particular: signed in, approved, confirmed,
    no roles, and no one's author (no id). Not a member: it is only ever handed to the rules below,
    never stored, and no id can match it."""

    is_authenticated = True
    is_approved = True
    is_confirmed = True
    is_suspended = False
    id = None
    role_names: frozenset[str] = frozenset()


def readers_actions(thread, posts) -> dict[int, frozenset[str]]:
    """What every member in good standing who is not a post's author, nor the thread's, nor a
    moderator may do with each post: how a live comment is drawn once for everyone in the room,
    before each browser takes away what its own reader may not do (static/js/thread.js)."""
    return post_actions(_AnyReader(), thread, posts)

def standing(member) -> str:
    """Why this account, as it stands, is held back; "" when it is in good standing.

    A refusal that does not say why (a 403 with no message) shows this, so a person waiting
    for approval or confirmation learns what to do instead of a bare "not allowed".
    """
    if not _signed_in(member):
        return ""
    if member.is_suspended:
        return "Your account is suspended. If you think this is a mistake, contact an administrator."
    if not member.is_approved:
        return ("Your membership is waiting for a moderator's approval. You can edit your profile "
                "meanwhile; we will email you when you are in.")
    if not member.is_confirmed:
        return "Confirm your email address first: follow the link we emailed you, or ask for a new one."
    return ""


def can(member, ability: str, target: Any = None) -> bool:
    try:
        rule = POLICY[ability]
    except KeyError:
        raise LookupError(f"unknown ability {ability!r}") from None
    return bool(rule(member, target))


def require(member, ability: str, target: Any = None, message: str = "") -> None:
    if not can(member, ability, target):
        raise NotAllowed(message)
