"""The policy table in community/permissions.py, as a table: for each ability and target, which
kinds of member may do it. Every member is a real row made through the services.

Columns, in order (see KINDS): visitor, unconfirmed, unapproved, suspended, member,
facilitator, designer, moderator, admin.  `Y` may, `-` may not.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from community import permissions
from community.db import atomic
from community.errors import NotAllowed
from community.extensions import db
from community.dates import utcnow
from community.members.services import connections
from community.moderation.services import members as moderation
from community.permissions import POLICY, can
from community.threads.models import Post
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread

KINDS = ("visitor", "unconfirmed", "unapproved", "suspended", "member", "facilitator",
         "designer", "moderator", "admin")
SIGNED_IN = KINDS[1:]


@dataclass
class Own:
    """What one kind of member wrote or asked for, made while they were an active member."""

    thread: object          # their open thread
    hidden_thread: object   # their thread, hidden by a moderator
    comment: object         # their comment in someone else's open thread
    locked_comment: object  # their comment in a thread locked after they wrote it
    deleted_comment: object
    reply_to_them: object   # someone else's comment in their own thread
    sent: object            # a pending connection request they sent
    received: object        # a pending connection request sent to them
    connection: object      # an accepted connection


@dataclass
class World:
    people: dict
    own: dict
    other: object           # an ordinary member who is none of the kinds above
    joiner: object          # someone waiting for approval
    thread: object          # `other`'s open thread
    locked: object
    hidden: object
    comment: object         # `other`'s comment in `other`'s thread
    hidden_comment: object
    deleted_comment: object
    locked_comment: object  # `other`'s comment in the locked thread
    others_request: object  # a request between two other people


def _lock(thread) -> None:
    with atomic():
        thread.is_locked = True


def _hide(thing) -> None:
    with atomic():
        thing.hidden_at = utcnow()


def _own_things(person, other, locked, third) -> Own:
    thread = make_thread(person, title=f"{person.name}'s question")
    hidden_thread = make_thread(person, title=f"{person.name}'s hidden question")
    _hide(hidden_thread)
    deleted = posting.add_comment(person, thread, body="Second thoughts")
    posting.delete_post(person, deleted)
    sent = connections.request(person, third)
    received = connections.request(other, person)
    return Own(thread=thread, hidden_thread=hidden_thread,
               comment=posting.add_comment(person, make_thread(other, title="Other's"), body="Mine"),
               locked_comment=posting.add_comment(person, locked, body="Before the lock"),
               deleted_comment=deleted,
               reply_to_them=posting.add_comment(other, thread, body="A helpful answer"),
               sent=sent, received=received, connection=None)


@pytest.fixture
def world(ctx) -> World:
    make_space()
    other = make_member(name="Olu Other")
    third = make_member(name="Tess Third")
    admin_for_set_up = make_member(name="Set Up Admin", roles=("admin",))
    locked = make_thread(other, title="Locked later")
    people: dict = {"visitor": AnonymousUserMixin()}
    own: dict = {}
    for kind in SIGNED_IN:
        roles = (kind,) if kind in permissions.ROLES else ()
        person = make_member(name=f"{kind.title()} Person", roles=roles)
        own[kind] = _own_things(person, other, locked, third)
        friend = make_member(name=f"{kind.title()} Friend")
        own[kind].connection = connections.request(person, friend)
        connections.accept(friend, own[kind].connection)
        people[kind] = person
    # Their state changes after they wrote: that is how real accounts get there too.
    with atomic():
        people["unconfirmed"].confirmed_at = None
        people["unapproved"].approved_at = None
    moderation.suspend(admin_for_set_up, people["suspended"])
    thread = make_thread(other, title="Open to all")
    comment = posting.add_comment(third, thread, body="Third's comment")
    hidden_comment = posting.add_comment(third, thread, body="Hidden comment")
    _hide(hidden_comment)
    deleted_comment = posting.add_comment(third, thread, body="Deleted comment")
    posting.delete_post(third, deleted_comment)
    locked_comment = posting.add_comment(third, locked, body="Before the lock")
    _lock(locked)
    hidden = make_thread(other, title="Hidden")
    _hide(hidden)
    return World(people=people, own=own, other=other, joiner=make_member(approved=False),
                 thread=thread, locked=locked, hidden=hidden, comment=comment,
                 hidden_comment=hidden_comment, deleted_comment=deleted_comment,
                 locked_comment=locked_comment,
                 others_request=connections.request(third, other))


def _own(attribute: str):
    """A target belonging to the member asking; the visitor has none, so gets someone else's."""
    return lambda w, kind: getattr(w.own[kind], attribute) if kind in w.own else getattr(w.own["member"], attribute)


def _self(w, kind):
    return w.people[kind] if kind != "visitor" else w.other


def _opening_post(thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening))


#  ability                        target                                    v u a s m f d M A
def _set(status, theirs: bool = False):
    """A set as the person stands towards it: facilitated by them or by `other`, with their status."""
    from types import SimpleNamespace
    return lambda w, k: SimpleNamespace(
        facilitator_id=getattr(w.people[k], "id", -1) if theirs else w.other.id, status=status)
def _consultation(name: str):
    """Consultations and an idea, made once per world through the services (the designer kind
    makes "the designer's" ones; another designer the rest)."""
    def target(w, kind):
        made = w.__dict__.setdefault("_consultations", {})
        if not made:
            from community.consultations.services import building, ideas, results
            from tests.consultations.helpers import make_consultation
            mine, someone = w.people["designer"], make_member(name="Another Designer", roles=("designer",))
            made["the designer's draft"] = make_consultation(mine, publish=False)
            made["another designer's draft"] = make_consultation(someone, publish=False)
            made["open for nurses"] = make_consultation(someone, audience="disciplines", disciplines=["nursing"])
            made["open for dentists"] = make_consultation(someone, audience="disciplines", disciplines=["dentistry"])
            published = make_consultation(someone, title="With results")
            building.close(someone, published)
            results.publish_results(someone, published)
            made["results published"] = published
            made["someone's idea"] = ideas.post_idea(w.other, title="An idea", body="Words")
            made["the designer's idea"] = ideas.post_idea(mine, title="My idea", body="Words")
        return made[name]
    return target


TABLE = [
    ("members.read",               "nothing",                 lambda w, k: None,                   "-Y--YYYYY"),
    ("members.view_profile",       "another member",          lambda w, k: w.other,                "-Y--YYYYY"),
    ("members.view_profile",       "a joiner not yet approved", lambda w, k: w.joiner,             "-------YY"),
    ("members.view_profile",       "a suspended member",      lambda w, k: w.people["suspended"],  "-Y--YYYYY"),
    ("members.view_profile",       "themselves",              _self,                               "-YY-YYYYY"),
    ("profile.edit",               "themselves",              _self,                               "-YY-YYYYY"),
    ("connections.request",        "another member",          lambda w, k: w.other,                "----YYYYY"),
    ("connections.request",        "themselves",              _self,                               "---------"),
    ("connections.respond",        "a request to them",       _own("received"),                    "----YYYYY"),
    ("connections.respond",        "a request they sent",     _own("sent"),                        "---------"),
    ("connections.respond",        "others' request",         lambda w, k: w.others_request,       "---------"),
    ("connections.withdraw",       "a request they sent",     _own("sent"),                        "-Y--YYYYY"),
    ("connections.withdraw",       "a request to them",       _own("received"),                    "---------"),
    ("connections.withdraw",       "others' request",         lambda w, k: w.others_request,       "---------"),
    ("connections.remove",         "their connection",        _own("connection"),                  "-Y--YYYYY"),
    ("connections.remove",         "others' connection",      lambda w, k: w.others_request,       "---------"),
    ("threads.read",               "the thread list",         lambda w, k: None,                   "-Y--YYYYY"),
    ("threads.read",               "an open thread",          lambda w, k: w.thread,               "-Y--YYYYY"),
    ("threads.read",               "a locked thread",         lambda w, k: w.locked,               "-Y--YYYYY"),
    ("threads.read",               "someone's hidden thread", lambda w, k: w.hidden,               "-------YY"),
    ("threads.read",               "their own hidden thread", _own("hidden_thread"),               "-Y--YYYYY"),
    ("posts.read",                 "someone else's comment",  lambda w, k: w.comment,              "-Y--YYYYY"),
    ("posts.read",                 "their own comment",       _own("comment"),                     "-Y--YYYYY"),
    ("posts.read",                 "a hidden comment",        lambda w, k: w.hidden_comment,       "-------YY"),
    ("posts.read",                 "a deleted comment",       lambda w, k: w.deleted_comment,      "-------YY"),
    ("posts.read",                 "their deleted comment",   _own("deleted_comment"),             "-------YY"),
    ("posts.read",                 "a post in a hidden thread", lambda w, k: _opening_post(w.hidden), "-------YY"),
    ("posts.read",                 "a post in their hidden thread",
                                   lambda w, k: _opening_post(_own("hidden_thread")(w, k)),    "-Y--YYYYY"),
    ("threads.start",              "nothing",                 lambda w, k: None,                   "----YYYYY"),
    ("content.preview",            "nothing",                 lambda w, k: None,                   "----YYYYY"),
    ("threads.comment",            "an open thread",          lambda w, k: w.thread,               "----YYYYY"),
    ("threads.comment",            "a locked thread",         lambda w, k: w.locked,               "-------YY"),
    ("threads.comment",            "a hidden thread",         lambda w, k: w.hidden,               "-------YY"),
    ("threads.comment",            "their own hidden thread", _own("hidden_thread"),               "-------YY"),
    ("threads.moderate",           "nothing",                 lambda w, k: None,                   "-------YY"),
    ("threads.invite",             "their own thread",        _own("thread"),                      "----YYYYY"),
    ("threads.invite",             "someone else's thread",   lambda w, k: w.thread,               "---------"),
    ("threads.invite",             "their own hidden thread", _own("hidden_thread"),               "-------YY"),
    ("posts.edit",                 "their comment",           _own("comment"),                     "----YYYYY"),
    ("posts.edit",                 "someone else's comment",  lambda w, k: w.comment,              "---------"),
    ("posts.edit",                 "their comment, thread locked", _own("locked_comment"),         "-------YY"),
    ("posts.edit",                 "their deleted comment",   _own("deleted_comment"),             "---------"),
    ("posts.delete",               "their comment",           _own("comment"),                     "----YYYYY"),
    ("posts.delete",               "someone else's comment",  lambda w, k: w.comment,              "-------YY"),
    ("posts.delete",               "a deleted comment",       lambda w, k: w.deleted_comment,      "---------"),
    ("posts.react",                "someone else's comment",  lambda w, k: w.comment,              "----YYYYY"),
    ("posts.react",                "someone else's opening post", lambda w, k: _opening_post(w.thread), "----YYYYY"),
    ("posts.react",                "their own comment",       _own("comment"),                     "---------"),
    ("posts.react",                "a hidden comment",        lambda w, k: w.hidden_comment,       "---------"),
    ("posts.react",                "a deleted comment",       lambda w, k: w.deleted_comment,      "---------"),
    ("posts.mark_helpful",         "a reply in their thread", _own("reply_to_them"),              "----YYYYY"),
    ("posts.mark_helpful",         "a reply in another's thread", lambda w, k: w.comment,          "---------"),
    ("posts.mark_helpful",         "their own opening post",  lambda w, k: _opening_post(_own("thread")(w, k)), "---------"),
    ("posts.see_history",          "someone else's comment",  lambda w, k: w.comment,              "-------YY"),
    ("spaces.manage",              "nothing",                 lambda w, k: None,                   "--------Y"),
    ("moderation.approve_members", "nothing",                 lambda w, k: None,                   "-------YY"),
    ("moderation.view_log",        "nothing",                 lambda w, k: None,                   "-------YY"),
    ("posts.flag",                 "someone else's comment",  lambda w, k: w.comment,              "----YYYYY"),
    ("posts.flag",                 "their own comment",       _own("comment"),                     "---------"),
    ("posts.flag",                 "a hidden comment",        lambda w, k: w.hidden_comment,       "---------"),
    ("posts.flag",                 "a deleted comment",       lambda w, k: w.deleted_comment,      "---------"),
    ("posts.moderate",             "someone else's comment",  lambda w, k: w.comment,              "-------YY"),
    ("admin.view",                 "nothing",                 lambda w, k: None,                   "--------Y"),
    ("admin.grant_roles",          "another member",          lambda w, k: w.other,                "--------Y"),
    ("admin.suspend",              "another member",          lambda w, k: w.other,                "--------Y"),
    ("admin.suspend",              "themselves",              _self,                               "---------"),
    # Action learning sets: the target is the set as the person stands towards it (SetAccess).
    ("sets.create",                "nothing",                 lambda w, k: None,                   "-----Y---"),
    ("sets.read",                  "a set they belong to",    _set("active"),                      "-Y--YYYYY"),
    ("sets.read",                  "a set they facilitate",   _set(None, theirs=True),             "-Y--YYYYY"),
    ("sets.read",                  "a set they are invited to", _set("invited"),                   "---------"),
    ("sets.read",                  "a set they declined",     _set("declined"),                    "---------"),
    ("sets.read",                  "another set",             _set(None),                          "---------"),
    ("sets.answer_invitation",     "a set they are invited to", _set("invited"),                   "-Y--YYYYY"),
    ("sets.answer_invitation",     "a set they belong to",    _set("active"),                      "---------"),
    ("sets.leave",                 "a set they belong to",    _set("active"),                      "-Y--YYYYY"),
    ("sets.leave",                 "a set they facilitate",   _set(None, theirs=True),             "---------"),
    ("sets.leave",                 "a set they are invited to", _set("invited"),                   "---------"),
    ("sets.manage",                "a set they facilitate",   _set(None, theirs=True),             "----YYYYY"),
    ("sets.manage",                "a set they belong to",    _set("active"),                      "---------"),
    ("sets.manage",                "another set",             _set(None),                          "---------"),
    # The live room: the same people as the set's pages; commands are then the process's to judge.
    ("meetings.join_room",         "a set they belong to",    _set("active"),                      "-Y--YYYYY"),
    ("meetings.join_room",         "a set they facilitate",   _set(None, theirs=True),             "-Y--YYYYY"),
    ("meetings.join_room",         "a set they are invited to", _set("invited"),                   "---------"),
    ("meetings.join_room",         "a set they left",         _set("left"),                        "---------"),
    ("meetings.join_room",         "another set",             _set(None),                          "---------"),
    ("meetings.act",               "a set they belong to",    _set("active"),                      "-Y--YYYYY"),
    ("meetings.act",               "a set they facilitate",   _set(None, theirs=True),             "-Y--YYYYY"),
    ("meetings.act",               "a set they declined",     _set("declined"),                    "---------"),
    ("meetings.act",               "another set",             _set(None),                          "---------"),
    ("consultations.create",       "nothing",                 lambda w, k: None,                   "------Y-Y"),
    ("consultations.edit",         "the designer's draft",    _consultation("the designer's draft"), "------Y-Y"),
    ("consultations.edit",         "another designer's draft", _consultation("another designer's draft"), "--------Y"),
    ("consultations.read",         "another designer's draft", _consultation("another designer's draft"), "------Y-Y"),
    ("consultations.read",         "open for their discipline", _consultation("open for nurses"),   "-Y--YYYYY"),
    ("consultations.read",         "open for another discipline", _consultation("open for dentists"), "------Y-Y"),
    ("consultations.answer",       "open for their discipline", _consultation("open for nurses"),   "----YYYYY"),
    ("consultations.answer",       "open for another discipline", _consultation("open for dentists"), "---------"),
    ("consultations.answer",       "a draft",                 _consultation("another designer's draft"), "---------"),
    ("consultations.results",      "open, results not published", _consultation("open for nurses"), "------Y-Y"),
    ("consultations.results",      "results published",       _consultation("results published"),  "-Y--YYYYY"),
    ("consultations.export",       "results published",       _consultation("results published"),  "------Y-Y"),
    ("consultations.principles",   "nothing",                 lambda w, k: None,                   "--------Y"),
    ("ideas.post",                 "nothing",                 lambda w, k: None,                   "----YYYYY"),
    ("ideas.support",              "someone's idea",          _consultation("someone's idea"),     "----YYYYY"),
    ("ideas.support",              "the designer's idea",     _consultation("the designer's idea"), "----YY-YY"),
    ("ideas.respond",              "someone's idea",          _consultation("someone's idea"),     "------Y-Y"),
    ("decisions.manage",           "nothing",                 lambda w, k: None,                   "------Y-Y"),
]


def test_every_ability_in_the_policy_is_in_the_table():
    assert {ability for ability, *_ in TABLE} == set(POLICY)


def test_the_policy_table(world):
    wrong = []
    for ability, target_name, target_of, expected in TABLE:
        got = "".join("Y" if can(world.people[kind], ability, target_of(world, kind)) else "-"
                      for kind in KINDS)
        if got != expected:
            wrong.append(f"{ability} on {target_name}: expected {expected}, got {got}")
    assert not wrong, "\n".join(["columns: " + " ".join(KINDS), *wrong])


def test_require_raises_not_allowed_with_its_message(ctx):
    with pytest.raises(NotAllowed, match="Ask an admin"):
        permissions.require(make_member(), "admin.view", message="Ask an admin")
    permissions.require(make_member(roles=("admin",)), "admin.view")


def test_an_unknown_ability_is_a_programming_error(ctx):
    with pytest.raises(LookupError):
        can(make_member(roles=("admin",)), "admin.everything")


def test_post_actions_agrees_with_can_for_every_viewer_thread_and_post(world):
    """The thread page asks `post_actions` once a page instead of `can` once a post and ability:
    the two must never drift apart, for anyone, on any kind of post."""
    w = world
    held = posting.add_comment(w.other, w.thread, body="Held for review")
    helpful = posting.add_comment(w.people["member"], w.own["moderator"].thread, body="Helpful")
    held_and_hidden = posting.add_comment(w.people["moderator"], w.locked, body="Both")
    with atomic():
        held.held_at = utcnow()
        held_and_hidden.held_at = held_and_hidden.hidden_at = utcnow()
        helpful.is_helpful = True
    threads = [w.thread, w.locked, w.hidden]
    for own in w.own.values():
        threads += [own.thread, own.hidden_thread, own.comment.thread]
    viewers = [*w.people.values(), w.other, w.joiner]
    checked, granted, refused = 0, set(), set()
    for thread in threads:
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).all()
        for viewer in viewers:
            decided = permissions.post_actions(viewer, thread, posts)
            assert set(decided) == {p.id for p in posts}
            for post in posts:
                assert post.thread is thread
                expected = {a for a in permissions.POST_ABILITIES if can(viewer, a, post)}
                if can(viewer, "threads.comment", thread):
                    expected.add("threads.comment")
                assert decided[post.id] == expected, (getattr(viewer, "name", "visitor"),
                                                     thread.title, post.body_source)
                granted |= expected
                refused |= {*permissions.POST_ABILITIES, "threads.comment"} - expected
                checked += 1
    assert checked > 500
    # Every ability is both granted and refused somewhere in the matrix: the test has teeth.
    assert granted == refused == {*permissions.POST_ABILITIES, "threads.comment"}


def test_post_actions_asks_the_policy_table_itself(world, monkeypatch):
    """post_actions is POLICY asked once a post, not a second copy of its rules: change a rule in
    the table and the thread page's actions change with it."""
    member, post = world.people["member"], world.comment
    assert "posts.flag" in permissions.post_actions(member, post.thread, [post])[post.id]
    monkeypatch.setitem(POLICY, "posts.flag", lambda m, t: False)
    monkeypatch.setitem(POLICY, "posts.see_history", lambda m, t: True)
    monkeypatch.setitem(POLICY, "threads.comment", lambda m, t: False)
    actions = permissions.post_actions(member, post.thread, [post])[post.id]
    assert "posts.flag" not in actions and "threads.comment" not in actions
    assert "posts.see_history" in actions
