"""Live comments over the Flask-SocketIO test client: who may join a thread's room, what arrives
there when a comment is posted through the real view, and what never does.

Set-up runs in `in_app` (closed before any request), so each HTTP request and socket event runs
in its own context, as on a real server.
"""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select, update

from community.db import atomic
from community.extensions import db, socketio
from community.dates import utcnow
from community.members.models import Member
from community.threads.models import Post, Thread
from community.threads.services import posting
from tests.factories import make_space, make_thread
from tests.support import Page, Person, add_member, in_app, signed_in

NS = "/threads"


@pytest.fixture
def app_config():
    # Several comments a minute from brand-new members: keep the new-member posting limit out of it.
    return {"NEW_MEMBER_POSTS_PER_HOUR": 0, "POSTS_PER_HOUR": 0}


@pytest.fixture
def people(app):
    """An author with two threads, a reader, a commenter and a moderator."""
    with in_app(app):
        make_space()
    author = add_member(app, name="Ada Author", discipline="medicine")
    return {
        "author": author,
        "reader": add_member(app, name="Rui Reader", discipline="pharmacy"),
        "commenter": add_member(app, name="Cleo Commenter", discipline="social-care"),
        "moderator": add_member(app, name="Mo Moderator", roles=("moderator",)),
    }


@pytest.fixture
def threads(app, people):
    with in_app(app):
        author = db.session.get(Member,
                                people["author"].id)
        first = make_thread(author, title="Discharge at weekends").id
        second = make_thread(author, title="Frailty in the community").id
    return first, second


def live_client(app, person: Person | None):
    """A Socket.IO client authenticated by the session cookie of a real sign-in."""
    http = app.test_client()
    if person is not None:
        signed_in(http, person)
    return socketio.test_client(app, namespace=NS, flask_test_client=http), http


def join(client, thread_id: int, after: int = 0) -> dict:
    return client.emit("join", {"thread": thread_id, "after": after}, namespace=NS, callback=True)


def comments(client) -> list[dict]:
    return [event["args"][0] for event in client.get_received(NS) if event["name"] == "comment"]


def post_comment(http, thread_id: int, body: str, **extra):
    response = http.post_form(f"/threads/{thread_id}/comments", {"body": body, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def test_a_reader_joins_and_a_comment_arrives_once_in_that_room_only(app, people, threads):
    first, second = threads
    reader, _ = live_client(app, people["reader"])
    elsewhere, _ = live_client(app, people["moderator"])
    assert reader.is_connected(NS)
    assert join(reader, first) == {"ok": True, "missed": [], "more": False}
    assert join(elsewhere, second)["ok"] is True

    commenter = signed_in(app.test_client(), people["commenter"])
    post_comment(commenter, first, "Pharmacy *should* be in the huddle")

    [message] = comments(reader)
    assert message["thread"] == first and message["number"] == 2 and message["page"] == 1
    assert message["author"] == "Cleo Commenter"
    assert message["url"] == f"/threads/{first}?page=1#post-2"
    assert "<em>should</em>" in message["html"] and 'id="post-2"' in message["html"]
    with in_app(app):
        assert message["id"] == db.session.scalar(
            select(Post.id).where(Post.thread_id == first, Post.number == 2))
    assert comments(elsewhere) == []
    assert comments(reader) == []  # exactly once


def _article(html: str, number: int) -> str:
    match = re.search(rf'<article[^>]*id="post-{number}".*?</article>', html, re.S)
    assert match, f"no post-{number}"
    # Each session has its own CSRF token; the browser puts the reader's own into live forms.
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', match.group(0))


def test_a_live_comment_is_drawn_as_the_page_draws_it_for_a_reader(app, people, threads):
    first, _ = threads
    reader, http = live_client(app, people["reader"])
    join(reader, first)
    post_comment(signed_in(app.test_client(), people["commenter"]), first, "Same **markup**")
    [message] = comments(reader)
    page = http.get(f"/threads/{first}").get_data(as_text=True)
    assert _article(message["html"], 2) == _article(page, 2)
    # The live copy carries no one's CSRF token, least of all the poster's.
    assert re.findall(r'name="csrf_token" value="([^"]*)"', message["html"])
    commenter_tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert not commenter_tokens & set(re.findall(r'value="([^"]+)"', message["html"]))


def test_anonymous_visitors_cannot_connect(app, people, threads):
    client, _ = live_client(app, None)
    assert not client.is_connected(NS)


def test_a_suspended_member_cannot_connect(app, people, threads):
    client, http = live_client(app, people["reader"])
    assert client.is_connected(NS)
    client.disconnect(namespace=NS)
    with in_app(app):
        with atomic():
            db.session.get(Member, people["reader"].id).suspended_at = utcnow()
    again = socketio.test_client(app, namespace=NS, flask_test_client=http)
    assert not again.is_connected(NS)


def _hide(app, thread_id: int) -> None:
    with in_app(app):
        with atomic():
            db.session.execute(update(Thread).where(Thread.id == thread_id).values(hidden_at=utcnow()))


def test_a_hidden_thread_is_refused_to_members_but_open_to_moderators(app, people, threads):
    first, _ = threads
    _hide(app, first)
    reader, _ = live_client(app, people["reader"])
    moderator, _ = live_client(app, people["moderator"])
    assert join(reader, first) == {"ok": False, "error": "You cannot follow this thread live"}
    assert join(moderator, first)["ok"] is True
    with in_app(app):
        mod = db.session.get(Member,
                             people["moderator"].id)
        posting.add_comment(mod, db.session.get(Thread, first), body="Moderators only see this")
    assert comments(reader) == []
    assert [m["number"] for m in comments(moderator)] == [2]


@pytest.mark.parametrize("payload", [
    None, "1", [1], {}, {"thread": "1"}, {"thread": True}, {"thread": 0}, {"thread": 1.5},
    {"thread": 1, "after": -1}, {"thread": 1, "after": "x"}, {"thread": 2**60},
])
def test_a_join_of_the_wrong_shape_is_refused(app, people, threads, payload):
    reader, _ = live_client(app, people["reader"])
    answer = reader.emit("join", payload, namespace=NS, callback=True)
    assert answer["ok"] is False


def test_an_unknown_thread_is_refused_like_a_forbidden_one(app, people, threads):
    reader, _ = live_client(app, people["reader"])
    assert join(reader, 9999) == {"ok": False, "error": "You cannot follow this thread live"}


def test_a_rolled_back_write_sends_nothing(app, people, threads):
    first, _ = threads
    reader, _ = live_client(app, people["reader"])
    join(reader, first)
    with in_app(app):
        commenter = db.session.get(Member, people["commenter"].id)
        thread = db.session.get(Thread, first)
        with pytest.raises(RuntimeError):
            with atomic():
                posting.add_comment(commenter, thread, body="Never mind")
                raise RuntimeError("something later in the same transaction failed")
    assert comments(reader) == []
    post_comment(signed_in(app.test_client(), people["commenter"]), first, "This one stands")
    assert [m["number"] for m in comments(reader)] == [2]


def test_several_comments_arrive_in_the_order_they_were_written(app, people, threads):
    first, _ = threads
    reader, _ = live_client(app, people["reader"])
    join(reader, first)
    commenter = signed_in(app.test_client(), people["commenter"])
    author = signed_in(app.test_client(), people["author"])
    for i, who in enumerate([commenter, author, commenter, author, commenter]):
        post_comment(who, first, f"Comment {i}")
    received = comments(reader)
    assert [m["number"] for m in received] == [2, 3, 4, 5, 6]
    assert [re.search(r"Comment \d", m["html"]).group(0) for m in received] == \
        [f"Comment {i}" for i in range(5)]


def test_a_reply_is_drawn_as_a_reply_beside_its_comment(app, people, threads):
    first, _ = threads
    reader, _ = live_client(app, people["reader"])
    join(reader, first)
    commenter = signed_in(app.test_client(), people["commenter"])
    post_comment(commenter, first, "Top level")
    top = comments(reader)[0]
    post_comment(signed_in(app.test_client(), people["author"]), first, "A reply", parent=str(top["id"]))
    [reply] = comments(reader)
    assert reply["position"] == top["position"] and reply["number"] == 3
    assert "community-post--reply" in reply["html"]


def test_a_deleted_or_hidden_comment_is_not_sent_after_the_commit(app, people, threads, caplog):
    """The check runs again at commit time: what a moderator hid in the same transaction stays hidden."""
    first, _ = threads
    reader, _ = live_client(app, people["reader"])
    join(reader, first)
    caplog.set_level(logging.ERROR, logger="community")

    def write(body: str, hide: bool) -> int:
        with in_app(app):
            commenter = db.session.get(Member, people["commenter"].id)
            with atomic():
                post = posting.add_comment(commenter, db.session.get(Thread, first), body=body)
                if hide:
                    post.hidden_at = utcnow()
            return post.id

    write("Oops", hide=True)
    assert comments(reader) == []
    # The control, written the same way by the same person: this one arrives, so the silence above
    # was the commit-time check, not a room nobody broadcasts to.
    shown = write("Second thoughts, said properly", hide=False)
    assert [m["id"] for m in comments(reader)] == [shown]
    # Nor was it an after-commit task that failed on the way (db.py logs those and carries on).
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_a_comment_held_for_review_is_sent_only_once_approved(app, people, threads, app_config):
    first, _ = threads
    app.config["HOLD_WORDS"] = ["miracle cure"]
    reader, _ = live_client(app, people["reader"])
    join(reader, first)
    commenter = signed_in(app.test_client(), people["commenter"])
    post_comment(commenter, first, "Have you tried the miracle cure?")
    with in_app(app):
        held = db.session.scalar(select(Post).where(
            Post.thread_id == first, Post.number == 2))
        assert getattr(held, "held_at", None) is not None, "the word list did not hold the comment"
    assert comments(reader) == []

    with in_app(app):
        from community.moderation.services.review import approve_post
        approve_post(db.session.get(Member, people["moderator"].id), db.session.get(Post, held.id))
    [approved] = comments(reader)
    assert approved["number"] == 2 and "miracle cure" in approved["html"]


def test_a_page_that_rejoins_gets_what_it_missed_in_order(app, people, threads):
    first, _ = threads
    commenter = signed_in(app.test_client(), people["commenter"])
    for body in ("While you were away", "And another"):
        post_comment(commenter, first, body)
    reader, _ = live_client(app, people["reader"])
    answer = join(reader, first, after=1)
    assert answer["ok"] and answer["more"] is False
    assert [m["number"] for m in answer["missed"]] == [2, 3]
    assert "While you were away" in answer["missed"][0]["html"]
    assert join(reader, first, after=3)["missed"] == []


def test_the_thread_page_carries_what_the_live_script_needs(app, people, threads):
    first, _ = threads
    http = signed_in(app.test_client(), people["reader"])
    page = Page(http.get(f"/threads/{first}"))
    comments_box = page.one(id="comments")
    assert comments_box.attrs["data-thread"] == str(first)
    assert comments_box.attrs["data-page"] == "1"
    assert comments_box.attrs["data-last-number"] == "1"
    assert comments_box.attrs["data-member"] == str(people["reader"].id)
    assert page.one(id="live-announcer").attrs["aria-live"] == "polite"
    scripts = [s.attrs.get("src", "") for s in page.all("script")]
    assert "/static/js/thread.js" in scripts
    assert all(s.attrs.get("src") for s in page.all("script")), "inline script: CSP forbids it"


# Revocation: a socket that joined a room stops receiving once its member may no longer read ------

def _moderator_comments(app, people, thread_id: int, body: str) -> None:
    with in_app(app):
        moderator = db.session.get(Member, people["moderator"].id)
        posting.add_comment(moderator, db.session.get(Thread, thread_id), body=body)


def test_a_member_who_joined_before_the_thread_was_hidden_receives_nothing_more(app, people, threads, caplog):
    first, _ = threads
    reader, _ = live_client(app, people["reader"])
    assert join(reader, first)["ok"] is True
    _moderator_comments(app, people, first, "Before the thread was hidden")
    assert [m["number"] for m in comments(reader)] == [2]

    # No service hides a whole thread yet; whatever sets hidden_at, delivery checks it per comment.
    _hide(app, first)
    moderator, _ = live_client(app, people["moderator"])
    assert join(moderator, first)["ok"] is True
    _moderator_comments(app, people, first, "After the thread was hidden")

    assert comments(reader) == []
    assert [m["number"] for m in comments(moderator)] == [3]  # one who may still read receives it
    assert "after-commit task" not in caplog.text


def test_pages_are_asked_to_join_again_when_a_held_thread_is_approved(app, people, threads, app_config):
    """A held thread's room holds only its author and moderators; once approved, its comments go
    to everyone's room, and the pages already open are asked to join it (static/js/thread.js)."""
    app.config["HOLD_WORDS"] = ["miracle cure"]
    author_http = signed_in(app.test_client(), people["author"])
    response = author_http.post_form("/threads/new", {"space": "quality-improvement",
                                                      "title": "A miracle cure for delays",
                                                      "body": "Held until a moderator looks"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with in_app(app):
        held = db.session.scalar(select(Thread).where(Thread.held_at.is_not(None)))
        held_id, opening_id = held.id, db.session.scalar(
            select(Post.id).where(Post.thread_id == held.id, Post.is_opening))
    author = socketio.test_client(app, namespace=NS, flask_test_client=author_http)
    moderator, _ = live_client(app, people["moderator"])
    reader, _ = live_client(app, people["reader"])
    assert join(author, held_id)["ok"] and join(moderator, held_id)["ok"]
    assert join(reader, held_id)["ok"] is False

    with in_app(app):
        from community.moderation.services.review import approve_post
        approve_post(db.session.get(Member, people["moderator"].id), db.session.get(Post, opening_id))
    for page in (author, moderator):
        received = page.get_received(NS)
        assert [(e["name"], e["args"][0]) for e in received] == [("rejoin", {"thread": held_id})]
        assert join(page, held_id)["ok"] is True   # what thread.js does on "rejoin"
    assert join(reader, held_id)["ok"] is True
    post_comment(signed_in(app.test_client(), people["commenter"]), held_id, "Now everyone reads it")
    for page in (author, moderator, reader):
        assert [m["number"] for m in comments(page)] == [2]


def test_a_suspended_members_open_sockets_are_disconnected(app, people, threads, caplog):
    first, _ = threads
    admin = add_member(app, name="Ada Admin", roles=("admin",))
    reader, _ = live_client(app, people["reader"])
    reader_elsewhere, _ = live_client(app, people["reader"])   # a second device
    colleague, _ = live_client(app, people["commenter"])
    for page in (reader, reader_elsewhere, colleague):
        assert join(page, first)["ok"] is True

    with in_app(app):
        from community.moderation.services import members as moderation
        moderation.suspend(db.session.get(Member, admin.id), db.session.get(Member, people["reader"].id))
    assert not reader.is_connected(NS) and not reader_elsewhere.is_connected(NS)
    assert colleague.is_connected(NS)

    post_comment(signed_in(app.test_client(), people["author"]), first, "After the suspension")
    assert [m["number"] for m in comments(colleague)] == [2]   # the others still receive
    assert "after-commit task" not in caplog.text


def test_signing_out_disconnects_that_browsers_sockets_only(app, people, threads):
    first, _ = threads
    here, here_http = live_client(app, people["reader"])
    elsewhere, _ = live_client(app, people["reader"])        # the same member on another device
    colleague, _ = live_client(app, people["commenter"])
    for page in (here, elsewhere, colleague):
        assert join(page, first)["ok"] is True

    assert here_http.post_form("/logout").status_code == 302
    assert not here.is_connected(NS)
    assert elsewhere.is_connected(NS) and colleague.is_connected(NS)

    post_comment(signed_in(app.test_client(), people["author"]), first, "After signing out")
    assert [m["number"] for m in comments(elsewhere)] == [2]
    assert [m["number"] for m in comments(colleague)] == [2]


def test_a_moderator_who_loses_the_role_is_disconnected_from_a_hidden_threads_room(app, people, threads):
    first, _ = threads
    admin = add_member(app, name="Ada Admin", roles=("admin",))
    _hide(app, first)
    demoted, _ = live_client(app, people["moderator"])
    still_moderator, _ = live_client(app, add_member(app, name="Sol Staff", roles=("moderator",)))
    for page in (demoted, still_moderator):
        assert join(page, first)["ok"] is True

    with in_app(app):
        from community.moderation.services import members as moderation
        moderation.set_roles(db.session.get(Member, admin.id), db.session.get(Member, people["moderator"].id), [])
    assert not demoted.is_connected(NS)
    with in_app(app):
        posting.add_comment(db.session.get(Member, admin.id), db.session.get(Thread, first), body="Staff only")
    assert [m["number"] for m in comments(still_moderator)] == [2]
