"""Defects the bad-input sweep found (and the issue listed), each pinned by a test that failed
before its fix: 500s from ids out of range, file parts, CR/LF in `next`, a live event sent with
no argument or two, and text that is not UTF-8 accepted as if it were."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from community.extensions import db, socketio
from community.members.models import Member
from community.moderation.models import AuditEntry
from community.threads.models import Post, Space, Thread
from tests.bad_input.sweep import multipart
from tests.factories import PASSWORD, make_space, make_thread
from tests.support import add_member, in_app, signed_in

HUGE = 2**63


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False, "NEW_MEMBER_POSTS_PER_HOUR": 0, "POSTS_PER_HOUR": 0}


@pytest.fixture
def setup(app, client):
    with in_app(app):
        make_space()
    person = add_member(app, name="Ada Member")
    with in_app(app):
        thread = make_thread(db.session.get(Member, person.id), title="A thread").id
        post = db.session.scalar(select(Post.id).where(Post.thread_id == thread))
    signed_in(client, person)
    return {"person": person, "thread": thread, "post": post}


def _count(app, model) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("path", [
    "/posts/{huge}/edit", "/posts/{huge}/reactions", "/members/{huge}", "/threads/{huge}",
    "/notifications/{huge}/open", "/members/2147483648", "/threads/{unicode_digit}",
])
def test_an_id_that_names_nothing_in_an_address_is_404(client, setup, path):
    url = path.format(huge=HUGE, unicode_digit="\u0661")   # ARABIC-INDIC DIGIT ONE: werkzeug read 1
    response = client.post_form(url) if "open" in path else client.get(url)
    assert response.status_code == 404   # 2^63 was a 500 (OverflowError on SQLite)


@pytest.mark.parametrize("parent", [str(HUGE), "²", "-1", "1e3"])
def test_a_reply_to_a_parent_id_that_cannot_be_one_is_a_plain_comment(app, client, setup, parent):
    before = _count(app, Post)
    response = client.post_form(f"/threads/{setup['thread']}/comments", {"body": "Hello", "parent": parent})
    assert response.status_code == 302   # 2^63 and "²" were 500s
    assert _count(app, Post) == before + 1


@pytest.mark.parametrize("number", [str(HUGE), "²", "-1", ""])
def test_marking_read_with_a_number_that_cannot_be_one_is_400(client, setup, number):
    response = client.post_form(f"/threads/{setup['thread']}/read", {"number": number})
    assert response.status_code == 400   # "²" was a 500


def test_a_moderation_page_number_in_unicode_digits_is_page_one(app, client):
    admin = add_member(app, name="Ada Admin", roles=("admin",))
    signed_in(client, admin)
    assert client.get("/moderation?flags_page=²").status_code == 200   # was a 500


@pytest.mark.parametrize("field", ["name", "job_title", "bio"])
def test_a_text_field_sent_as_a_file_part_is_refused_and_nothing_is_stored(app, client, setup, field):
    form = {"name": "Renamed", "discipline": "pharmacy", "job_title": "Lead", "bio": "About me",
            "csrf_token": client.csrf_token()}
    body, content_type = multipart(list(form.items()), as_file=field)
    response = client.post("/profile", data=body, content_type=content_type)
    assert response.status_code == 400   # FileStorage has no len(): a 500
    with in_app(app):
        assert db.session.get(Member, setup["person"].id).name == "Ada Member"


def test_a_multipart_form_is_refused_even_without_a_file(app, client, setup):
    # Werkzeug decodes multipart text parts with errors="replace": "Jos\xe9" became "Jos\ufffd".
    form = {"name": "Jos-latin1", "discipline": "pharmacy", "csrf_token": client.csrf_token()}
    body, content_type = multipart(list(form.items()))
    body = body.replace(b"Jos-latin1", b"Jos\xe9")
    response = client.post("/profile", data=body, content_type=content_type)
    assert response.status_code == 400
    with in_app(app):
        assert db.session.get(Member, setup["person"].id).name == "Ada Member"


@pytest.mark.parametrize("query", ["q=%FF%FE", "q=%ED%A0%80", "q=%C0%AF", "%FF=1"])
def test_a_query_string_that_is_not_utf8_is_400(client, setup, query):
    assert client.get(f"/threads?{query}").status_code == 400   # was read as literal "%FF%FE"


def test_a_form_sent_as_json_with_the_csrf_header_is_not_read(app, client, setup):
    # Flask-WTF read a JSON body as form data: numbers and lists where text belongs.
    before = _count(app, Thread)
    response = client.post("/threads/new", json={"title": 7, "body": ["a", "b"], "space": "quality-improvement"},
                           headers={"X-CSRFToken": client.csrf_token()})
    assert response.status_code == 422
    assert _count(app, Thread) == before


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: stolen=1", "/threads\r\n", "/\t/evil.example",
                                    "/\u202e/moc.elpmaxe"])
def test_next_with_a_line_break_at_sign_in_goes_home(app, client, target):
    person = add_member(app, name="Ada Member")
    response = client.post_form(f"/login?next={quote(target, safe='')}", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302   # CR/LF in the Location header was a 500
    assert response.headers["Location"] == "/"
    assert client.get("/profile").status_code == 200   # and they are signed in


def test_a_space_form_with_a_field_left_out_is_refused_beside_the_field(app, client):
    admin = add_member(app, name="Ada Admin", roles=("admin",))
    signed_in(client, admin)
    before = _count(app, Space)
    response = client.post_form("/admin/spaces", {"description": "No name field at all"})
    assert response.status_code == 422   # None.replace: a 500
    assert "Enter a name for the space" in response.get_data(as_text=True)
    assert _count(app, Space) == before


@pytest.mark.parametrize("action", ["lock", "pin"])
def test_a_moderators_reason_with_control_characters_is_refused_and_nothing_is_logged(app, client, setup,
                                                                                    action):
    client = signed_in(app.test_client(), add_member(app, name="Mo Moderator", roles=("moderator",)))
    before = _count(app, AuditEntry)
    response = client.post_form(f"/threads/{setup['thread']}/{action}", {"reason": "spam\x00"})
    assert response.status_code == 303
    assert _count(app, AuditEntry) == before   # was logged with the NUL dropped, the thread switched
    with in_app(app):
        thread = db.session.get(Thread, setup["thread"])
        assert not thread.is_locked and not thread.is_pinned


def test_preview_refuses_control_characters(client, setup):
    response = client.post("/preview", data={"body": "a\x00b"}, headers={"X-CSRFToken": client.csrf_token()})
    assert response.status_code == 422 and "unusual characters" in response.get_json()["error"]


# The /threads live event ------------------------------------------------------------------------

def _live(app, client):
    return socketio.test_client(app, namespace="/threads", flask_test_client=client)


@pytest.mark.parametrize("args", [(), ({"thread": 1, "after": 0}, "extra")], ids=["no argument", "two"])
def test_join_with_no_argument_or_two_is_answered_with_a_reason(app, client, setup, args):
    live = _live(app, client)
    ack = live.emit("join", *args, namespace="/threads", callback=True)   # raised TypeError, never answered
    assert ack["ok"] is False and ack["error"]
    assert live.is_connected("/threads")
    assert live.emit("join", {"thread": setup["thread"], "after": 0}, namespace="/threads",
                     callback=True)["ok"] is True
