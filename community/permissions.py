"""Who may do what: one policy table used by views, socket handlers, search and templates.

Each ability maps to a rule `(member, target) -> bool`. `member` may be anonymous
(Flask-Login's AnonymousUserMixin), so rules check `is_authenticated` first.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import NotAllowed
# Who may see a thread or a post lives beside this table, in Python and in SQL; re-exported here.
from .visibility import (STAFF_ROLES, _signed_in, is_active_member, is_moderator,  # noqa: F401
                         listed_posts, may_read_post, may_read_thread, may_see_post,
                         post_shown_to_all, posts_shown_to_all, reads_in_thread, sees_in_thread,
                         thread_shown_to_all,
                         threads_shown_to_all, visible_posts, visible_threads)

ROLES = ("member", "facilitator", "designer", "moderator", "admin")


def _has_role(member, *roles: str) -> bool:
    return _signed_in(member) and not member.role_names.isdisjoint(roles)


def may_post(member) -> bool:
    """Active and has confirmed their email: may write anything others will see."""
    return is_active_member(member) and member.is_confirmed


def _other_member(member, target) -> bool:
    return may_post(member) and target is not None and target.id != member.id


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


def _own_live_post(member, post) -> bool:
    return may_post(member) and post.author_id == member.id and post.deleted_at is None


Rule = Callable[[Any, Any], bool]

POLICY: dict[str, Rule] = {
    "members.read": lambda m, t: is_active_member(m),
    # Your own profile always (even while waiting for approval); others' once they are approved.
    # Others' only once they may post: approved and confirmed (an unconfirmed account has not
    # proved it owns its address, so its name and words could be anyone's).
    "members.view_profile": lambda m, t: ((_signed_in(m) and not m.is_suspended and m.id == t.id)
                                          or (is_active_member(m)
                                              and ((t.is_approved and t.is_confirmed)
                                                   or _has_role(m, *STAFF_ROLES)))),
    "profile.edit": lambda m, t: _signed_in(m) and not m.is_suspended,
    "connections.request": _other_member,
    "connections.respond": lambda m, t: may_post(m) and t.addressee_id == m.id,
    # A suspended account acts on nothing, whatever a handler was handed.
    "connections.withdraw": lambda m, t: is_active_member(m) and t.requester_id == m.id,
    "connections.remove": lambda m, t: is_active_member(m) and m.id in (t.requester_id, t.addressee_id),
    # A hidden thread, or one held for review, is seen by its author and moderators only;
    # no target is the list of threads.
    "threads.read": lambda m, t: is_active_member(m) if t is None else may_read_thread(m, t),
    "posts.read": may_read_post,
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
    # Reactions and reports are for what every reader sees.
    "posts.react": lambda m, t: (may_post(m) and t.author_id != m.id and post_shown_to_all(t)
                                 and thread_shown_to_all(t.thread)),
    "posts.mark_helpful": lambda m, t: (may_post(m) and t.thread.author_id == m.id
                                        and not t.is_opening and t.deleted_at is None),
    "posts.see_history": lambda m, t: is_moderator(m),
    "spaces.manage": lambda m, t: is_active_member(m) and _has_role(m, "admin"),
    "moderation.approve_members": lambda m, t: is_moderator(m),
    # Any member who may post may report a post others can see, except their own: a report
    # sets moderators to work, so throwaway unconfirmed accounts may not file them.
    "posts.flag": lambda m, t: may_post(m) and t.author_id != m.id and post_shown_to_all(t),
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
    # Action learning sets. The target is a set as seen by `m` (rooms.services.sets.SetAccess:
    # `facilitator_id` and `status`, m's own membership, or None). A set is confidential: whoever
    # may do none of these is told it does not exist (404), administrators included.
    "sets.create": lambda m, t: may_post(m) and _has_role(m, "facilitator"),
    "sets.read": lambda m, t: is_active_member(m) and (t.facilitator_id == m.id or t.status == "active"),
    "sets.answer_invitation": lambda m, t: is_active_member(m) and t.status == "invited",
    # A member leaves; the facilitator cannot (they would hand the set over first).
    "sets.leave": lambda m, t: is_active_member(m) and t.status == "active" and t.facilitator_id != m.id,
    # Edit, invite, schedule: the set's own facilitator only.
    "sets.manage": lambda m, t: may_post(m) and t.facilitator_id == m.id,
    # The live room: its facilitator and members who have accepted (and so agreed to the ground
    # rules); commands and messages are then the room's process to allow or refuse (rooms.process).
    "meetings.join_room": lambda m, t: is_active_member(m) and (t.facilitator_id == m.id or t.status == "active"),
    "meetings.act": lambda m, t: is_active_member(m) and (t.facilitator_id == m.id or t.status == "active"),
}


# What a thread page asks about each post it draws (post_actions), and once a page, the thread.
POST_ABILITIES = ("posts.react", "posts.edit", "posts.delete", "posts.mark_helpful",
                  "posts.see_history", "posts.flag", "posts.moderate")


@dataclass(frozen=True, slots=True)
class _Viewer:
    """What the rules read of a signed-in member, read once: a page asks POLICY about each of its
    posts, and the member's standing and roles do not change in between (`role_names` is built
    from the roles on every read)."""

    id: int
    is_approved: bool
    is_suspended: bool
    is_confirmed: bool
    role_names: frozenset[str]
    is_authenticated: bool = True


def post_actions(member, thread, posts) -> dict[int, frozenset[str]]:
    """For each post of `thread`, the abilities in POST_ABILITIES that POLICY grants `member`, plus
    "threads.comment" when they may comment on the thread. The rules are POLICY's own, asked of
    every post; only the member is read once a page. tests/test_permissions.py checks that it
    agrees with `can` ability by ability."""
    if _signed_in(member):
        member = _Viewer(member.id, member.is_approved, member.is_suspended, member.is_confirmed,
                         frozenset(member.role_names))
    rules = [(ability, POLICY[ability]) for ability in POST_ABILITIES]
    page_wide = ("threads.comment",) if POLICY["threads.comment"](member, thread) else ()
    return {post.id: frozenset((*page_wide, *(ability for ability, rule in rules if rule(member, post))))
            for post in posts}


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
