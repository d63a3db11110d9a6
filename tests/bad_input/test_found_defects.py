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


# Invisible text ----------------------------------------------------------------------------------

BLANKS = ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e", "\u00ad\u3164", " \u2800 "]


@pytest.mark.parametrize("blank", BLANKS, ids=["zwsp", "zero-width mix", "rlo", "soft hyphen filler", "braille"])
def test_a_display_name_that_shows_as_nothing_is_refused_beside_the_field(app, client, setup, blank):
    response = client.post_form("/profile", {"name": blank, "discipline": "pharmacy"})
    assert response.status_code == 422   # was saved, and the name showed as blank
    assert "Enter your full name" in response.get_data(as_text=True)
    with in_app(app):
        assert db.session.get(Member, setup["person"].id).name == "Ada Member"


@pytest.mark.parametrize("blank", BLANKS[:2])
def test_a_comment_or_title_that_shows_as_nothing_is_refused(app, client, setup, blank):
    posts, threads = _count(app, Post), _count(app, Thread)
    comment = client.post_form(f"/threads/{setup['thread']}/comments", {"body": blank})
    assert comment.status_code == 422 and "Enter what you want to say" in comment.get_data(as_text=True)
    thread = client.post_form("/threads/new", {"title": blank, "body": "Words", "space": "quality-improvement"})
    assert thread.status_code == 422 and "Enter a title" in thread.get_data(as_text=True)
    assert (_count(app, Post), _count(app, Thread)) == (posts, threads)


def test_joining_with_an_invisible_name_or_organisation_is_refused(app, client):
    from tests.support import join
    response = join(client, name="\u200b\u200b", organisation="\u2060")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your full name" in page and "Enter the organisation you work for" in page
    assert _count(app, Member) == 0


def test_bidirectional_overrides_are_taken_out_of_one_line_fields(app, client, setup):
    title = "Budget \u202eexe.txt\u202c and \u2067isolated\u2069 words"
    response = client.post_form("/threads/new", {"title": title, "body": "Keep \u202e here",
                                                 "space": "quality-improvement"})
    assert response.status_code == 302
    response = client.post_form("/profile", {"name": "Ada \u202eMember", "discipline": "pharmacy",
                                             "job_title": "Lead \u2066nurse\u2069", "organisation": "\u202dNHS Trust"})
    assert response.status_code == 302
    with in_app(app):
        stored = db.session.scalar(select(Thread).order_by(Thread.id.desc()))
        assert stored.title == "Budget exe.txt and isolated words"
        member = db.session.get(Member, setup["person"].id)
        assert (member.name, member.job_title, member.organisation.name) == ("Ada Member", "Lead nurse", "NHS Trust")


def test_zero_width_joiners_inside_visible_text_are_kept(app, client, setup):
    # An emoji sequence and a Persian word with a zero-width non-joiner: meaningful, not blank.
    name = "Ada \U0001f469\u200d\u2695\ufe0f Mi\u200cnoo"
    assert client.post_form("/profile", {"name": name, "discipline": "pharmacy"}).status_code == 302
    with in_app(app):
        assert db.session.get(Member, setup["person"].id).name == name


def test_a_live_handler_that_fails_answers_with_a_reason_and_logs_the_traceback(app, client, setup, caplog):
    """The default Socket.IO error handler, seen through a namespace of this test's own whose handler
    fails as a bug would (registered on the shared server for this test only)."""
    from flask_socketio import Namespace

    from community.errors import SOCKET_ERROR

    class Failing(Namespace):
        def on_connect(self, auth=None):
            if auth == "fail":
                raise RuntimeError("connect broke")

        def on_boom(self, data):
            raise ZeroDivisionError("a bug in a handler")

    server = socketio.server
    socketio.on_namespace(Failing("/zz-failing"))
    try:
        live = socketio.test_client(app, namespace="/zz-failing", flask_test_client=client)
        ack = live.emit("boom", {}, namespace="/zz-failing", callback=True)
        assert ack == {"ok": False, "error": SOCKET_ERROR}
        assert live.is_connected("/zz-failing")
        [record] = [r for r in caplog.records if "Socket.IO boom on /zz-failing failed" in r.getMessage()]
        assert record.exc_info and record.exc_info[0] is ZeroDivisionError
        # A connect handler that fails refuses the connection: an answer would have accepted it.
        refused = socketio.test_client(app, namespace="/zz-failing", flask_test_client=client, auth="fail")
        assert not refused.is_connected("/zz-failing")
    finally:
        server.namespace_handlers.pop("/zz-failing", None)
