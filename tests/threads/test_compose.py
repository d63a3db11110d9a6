"""Writing: the Markdown preview endpoint, and what the server tells the draft script
(static/js/compose.js) — which forms keep drafts, and when a draft was posted and can go."""
from __future__ import annotations

import pytest

from tests.factories import make_space, make_thread
from tests.support import Page, add_member, in_app, signed_in


@pytest.fixture
def member(app):
    with in_app(app):
        make_space()
    return add_member(app, name="Pat Writer", discipline="nursing")


def preview(client, body: str, token: str | None = "page"):
    headers = {"Accept": "application/json"}
    if token == "page":
        token = client.csrf_token()
    if token:
        headers["X-CSRFToken"] = token
    return client.post("/preview", data={"body": body}, headers=headers)


def test_preview_answers_the_cleaned_html_a_post_would_store(client, member):
    signed_in(client, member)
    response = preview(client, "**Bold** idea\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
                               "[ok](https://example.org)")
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="nofollow noopener ugc">ok</a>' in html


def test_preview_of_nothing_is_empty(client, member):
    signed_in(client, member)
    assert preview(client, "").get_json() == {"html": ""}


def test_preview_needs_the_csrf_header(client, member):
    signed_in(client, member)
    assert preview(client, "Hello", token=None).status_code == 400
    assert preview(client, "Hello", token="not-a-token").status_code == 400


def test_preview_is_for_members_only(client, app):
    response = preview(client, "Hello")  # the sign-in page's token: a visitor's session
    assert response.status_code == 401
    assert "html" not in response.get_json()


def test_preview_is_for_members_who_may_post(client, app):
    unconfirmed = add_member(app, confirmed=False)
    signed_in(client, unconfirmed)
    assert preview(client, "Hello").status_code == 403


def test_preview_refuses_a_body_over_the_post_limit(client, member):
    signed_in(client, member)
    response = preview(client, "x" * 50_001)
    assert response.status_code == 422
    assert "50,000" in response.get_json()["error"]


def test_preview_is_rate_limited_per_member(client, member):
    signed_in(client, member)
    token = client.csrf_token()
    statuses = [preview(client, "Hi", token=token).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429


def test_forms_declare_their_draft_key_and_preview(client, member, app):
    signed_in(client, member)
    new = Page(client.get("/threads/new"))
    form = new.one("form", action="/threads/new")
    assert form.attrs["data-draft"] == "new-thread" and form.attrs["data-preview"] == "/preview"
    assert "/static/js/compose.js" in [s.attrs.get("src") for s in new.all("script")]
    with in_app(app):
        from community.extensions import db
        from community.members.models import Member
        thread_id = make_thread(db.session.get(Member, member.id)).id
    page = Page(client.get(f"/threads/{thread_id}"))
    comment_form = page.one("form", id="comment-form")
    assert comment_form.attrs["data-draft"] == f"comment-{thread_id}"
    assert comment_form.attrs["data-preview"] == "/preview"


def test_a_posted_comment_tells_the_next_page_to_forget_its_draft(client, member, app):
    signed_in(client, member)
    with in_app(app):
        from community.extensions import db
        from community.members.models import Member
        thread_id = make_thread(db.session.get(Member, member.id)).id
    response = client.post_form(f"/threads/{thread_id}/comments", {"body": "Posted"},
                                follow_redirects=True)
    page = Page(response)
    assert page.one(cls=None, **{"data-draft-sent": f"comment-{thread_id}"}).attrs["hidden"] == ""
    assert "comment-" not in page.text  # a signal for the script, not a message for people
    # Only once: the page after that keeps the draft.
    assert "data-draft-sent" not in client.get(f"/threads/{thread_id}").get_data(as_text=True)


def test_a_failed_comment_keeps_what_was_typed_and_no_draft_is_forgotten(client, member, app):
    signed_in(client, member)
    with in_app(app):
        from community.extensions import db
        from community.members.models import Member
        thread_id = make_thread(db.session.get(Member, member.id)).id
    response = client.post_form(f"/threads/{thread_id}/comments", {"body": "x" * 50_001})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "data-draft-sent" not in html and "x" * 50_001 in html


def test_a_started_thread_tells_the_next_page_to_forget_the_new_thread_draft(client, member):
    signed_in(client, member)
    response = client.post_form("/threads/new", {"title": "Drafts", "body": "Kept until now",
                                                  "space": "quality-improvement"},
                                follow_redirects=True)
    assert response.status_code == 200
    assert 'data-draft-sent="new-thread"' in response.get_data(as_text=True)
    failed = client.post_form("/threads/new", {"title": "", "body": "Still here"})
    assert failed.status_code == 422
    assert "data-draft-sent" not in failed.get_data(as_text=True)
    assert "Still here" in failed.get_data(as_text=True)
