"""Signing out ends that device's session on the server; "sign out everywhere" ends them all.

Before: a copied `session` cookie still read pages and posted comments after POST /logout, and
the `remember_token` cookie still signed in after sign-out.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.members import signals
from community.members.models import Member, MemberSession
from community.moderation.services import members as moderation
from community.threads.models import Post
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import Page, add_member, in_app, signed_in

NEW_PASSWORD = "marmalade-bicycle-lantern"


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def ada(app):
    return add_member(app, name="Ada Lovelace", email="ada@example.nhs.uk")


@pytest.fixture
def thread_id(app, ada):
    with in_app(app):
        make_space()
        return make_thread(db.session.get(Member, ada.id)).id


def copy_cookie(source, target, name: str) -> None:
    cookie = source.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    target.set_cookie(name, cookie.value, domain=cookie.domain)


def sessions_of(app, member_id: int) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(MemberSession)
                                 .where(MemberSession.member_id == member_id))


def comments(app) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(Post).where(Post.number > 1))


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, another_client, ada, thread_id):
    signed_in(client, ada)
    copy_cookie(client, another_client, "session")
    assert Page(another_client.get("/")).h1 == "Welcome, Ada Lovelace"  # the copy works until then
    token = another_client.csrf_token()

    assert client.post_form("/logout").status_code == 302

    assert another_client.get("/members").headers["Location"] == "/login?next=%2Fmembers"
    posted = another_client.post(f"/threads/{thread_id}/comments",
                                 data={"csrf_token": token, "body": "Still here?"})
    assert posted.status_code == 302 and posted.headers["Location"].startswith("/login")
    assert comments(app) == 0
    assert sessions_of(app, ada.id) == 0


def test_the_remember_me_cookie_no_longer_signs_in_after_sign_out(app, client, another_client, ada):
    client.post_form("/login", {"email": ada.email, "password": PASSWORD, "remember": "y"})
    copy_cookie(client, another_client, "remember_token")  # a browser reopened: no session cookie
    assert Page(another_client.get("/")).h1 == "Welcome, Ada Lovelace"
    reopened = type(client)(app)
    copy_cookie(client, reopened, "remember_token")

    client.post_form("/logout")

    assert another_client.get("/members").headers["Location"] == "/login?next=%2Fmembers"
    assert reopened.get("/members").headers["Location"] == "/login?next=%2Fmembers"


def test_signing_out_on_one_device_leaves_the_others_signed_in(app, client, another_client, ada):
    signed_in(client, ada)
    signed_in(another_client, ada)
    assert sessions_of(app, ada.id) == 2

    client.post_form("/logout")

    assert client.get("/members").status_code == 302
    assert another_client.get("/members").status_code == 200
    assert sessions_of(app, ada.id) == 1


def test_sign_out_everywhere_ends_every_device(app, client, another_client, ada):
    bob = add_member(app, name="Bob Okafor")
    bob_client = type(client)(app)
    signed_in(bob_client, bob)
    signed_in(client, ada)
    signed_in(another_client, ada)
    form = Page(client.get("/profile")).one("form", action="/logout/everywhere")
    assert form.attrs["method"] == "post"
    assert any(i.attrs.get("name") == "csrf_token" for i in form.iter())

    assert client.post("/logout/everywhere").status_code == 400  # no token: nothing ends
    assert another_client.get("/members").status_code == 200
    response = client.post_form("/logout/everywhere")

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "You have signed out on every device." in Page(client.get("/")).text
    assert client.get("/members").status_code == 302
    assert another_client.get("/members").status_code == 302
    assert sessions_of(app, ada.id) == 0
    assert bob_client.get("/members").status_code == 200  # someone else's sessions are theirs
    assert signed_in(client, ada).get("/members").status_code == 200  # signing in again works


def test_changing_the_password_ends_the_other_devices_sessions(app, client, another_client, ada):
    signed_in(client, ada)
    signed_in(another_client, ada)

    client.post_form("/profile/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert client.get("/members").status_code == 200
    assert another_client.get("/members").status_code == 302
    assert sessions_of(app, ada.id) == 1


def test_a_suspension_ends_every_session(app, client, ada):
    signed_in(client, ada)
    with in_app(app):
        admin = make_member(name="Ada Admin", roles=("admin",))
        moderation.suspend(admin, db.session.get(Member, ada.id))
    assert sessions_of(app, ada.id) == 0
    assert client.get("/members").status_code == 302


def test_ended_sessions_are_announced_after_the_commit(app, client, another_client, ada):
    heard = []

    def receiver(member_id, keys):
        heard.append((member_id, None if keys is None else len(keys)))

    signals.sessions_ended.connect(receiver)
    try:
        signed_in(client, ada)
        signed_in(another_client, ada)
        client.post_form("/logout")
        another_client.post_form("/logout/everywhere")
    finally:
        signals.sessions_ended.disconnect(receiver)
    assert heard == [(ada.id, 1), (ada.id, None)]


def test_a_cookie_from_before_device_sessions_signs_in_no_more(app, client, ada):
    """`<id>.<version>` was the whole session id before member_sessions: it must not load."""
    from community.members.sessions import load_member
    with in_app(app):
        assert load_member(f"{ada.id}.1") is None
        assert load_member(f"{ada.id}.1.") is None
        assert load_member(f"{ada.id}.1.not-a-session") is None
