"""Moderating threads through the real pages: reporting posts, the queue, hiding and unhiding,
locking, pinning, moving, and the audit log."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.moderation.services import reports, review, thread_actions
from community.moderation.models import AuditEntry, Flag
from community.threads.models import Post, Space
from community.threads.services import posting
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import Page


@pytest.fixture
def thread(author):
    return make_thread(author, title="Weekend discharge", disciplines=("nursing",))


@pytest.fixture
def comment(thread, member):
    return posting.add_comment(member, thread, body="Patient in bed 4 is **Mr Smith**")


def as_(client, person):
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    return client


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# Reporting -------------------------------------------------------------------------------------

def test_a_member_reports_a_post_once_and_twice_is_refused_clearly(client, author, comment):
    as_(client, author)
    page = Page(client.get(f"/threads/{comment.thread_id}"))
    assert page.one("a", href=f"/posts/{comment.id}/flag").text.startswith("Report")
    form = Page(client.get(f"/posts/{comment.id}/flag"))
    assert form.h1 == "Report a post" and "Mr Smith" in form.text
    sent = client.post_form(f"/posts/{comment.id}/flag", {"reason": "confidential", "note": "Names a patient"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"#post-{comment.number}")
    again = client.post_form(f"/posts/{comment.id}/flag", {"reason": "abusive"})
    assert again.status_code == 409
    assert "You have already reported this post" in Page(again).error_beside("reason")
    flags = list(db.session.scalars(select(Flag)))
    assert [(f.post_id, f.member_id, f.reason, f.note) for f in flags] == [
        (comment.id, author.id, "confidential", "Names a patient")]


def test_nobody_reports_their_own_post(client, member, comment):
    as_(client, member)
    assert not Page(client.get(f"/threads/{comment.thread_id}")).all("a", href=f"/posts/{comment.id}/flag")
    refused = client.post_form(f"/posts/{comment.id}/flag", {"reason": "spam"})
    assert refused.status_code == 403
    assert "You cannot report your own post" in Page(refused).text
    assert count(Flag) == 0


@pytest.mark.parametrize("fields, field, message", [
    ({}, "reason", "Choose why you are reporting this post"),
    ({"reason": "astrology"}, "reason", "Choose why you are reporting this post"),
    ({"reason": "other"}, "note", "Tell the moderators what is wrong with this post"),
    ({"reason": "spam", "note": "x" * 501}, "note", "Keep your note to 500 characters or fewer"),
])
def test_a_report_needs_a_reason_and_nothing_is_stored_without_one(client, author, comment, fields,
                                                                   field, message):
    as_(client, author)
    response = client.post_form(f"/posts/{comment.id}/flag", fields)
    assert response.status_code == 422
    assert Page(response).error_beside(field) == message
    assert count(Flag) == 0


# The queue -------------------------------------------------------------------------------------

def test_the_queue_log_and_actions_are_for_moderators_only(client, member, author, thread, comment):
    as_(client, author)
    assert client.get("/moderation").status_code == 403
    assert client.get("/moderation/log").status_code == 403
    assert client.get(f"/moderation/posts/{comment.id}/hide").status_code == 403
    for url in (f"/moderation/posts/{comment.id}/hide", f"/moderation/posts/{comment.id}/unhide",
                f"/moderation/posts/{comment.id}/approve", f"/moderation/posts/{comment.id}/dismiss",
                f"/threads/{thread.id}/lock", f"/threads/{thread.id}/pin", f"/threads/{thread.id}/move"):
        assert client.post_form(url, {"reason": "mine now", "space": "quality-improvement"}).status_code == 403, url
    db.session.refresh(thread)
    assert not thread.is_locked and not thread.is_pinned
    assert count(AuditEntry) == 0
    page = Page(client.get(f"/threads/{thread.id}"))
    assert "Lock thread" not in page.text and not page.all("a", href=f"/moderation/posts/{comment.id}/hide")


def test_moderators_see_reported_posts_with_their_reasons_and_can_dismiss_them(
        client, moderator, author, member, comment):
    reports.flag_post(author, comment, reason="confidential", note="Names a patient")
    reports.flag_post(make_member(name="Pat Second"), comment, reason="other", note="Feels off")
    as_(client, moderator)
    page = Page(client.get("/moderation"))
    item = page.one("li", id=f"flagged-{comment.id}")
    assert "Reported 2 times" in item.text
    assert "Shares confidential or patient-identifiable information" in item.text
    assert "Ada Author" in item.text and "Names a patient" in item.text and "Pat Second" in item.text
    assert "Mr Smith" in item.text
    assert "People waiting to join" in page.text  # the approval queue stays on the same page
    dismissed = client.post_form(f"/moderation/posts/{comment.id}/dismiss", {"next": "/moderation"})
    assert dismissed.status_code == 303 and dismissed.headers["Location"] == "/moderation"
    assert "No open reports." in Page(client.get("/moderation")).text
    assert count(Flag, Flag.resolution == "dismissed", Flag.resolved_by_id == moderator.id) == 2
    again = client.post_form(f"/moderation/posts/{comment.id}/dismiss", follow_redirects=True)
    assert "There are no open reports on this post" in again.get_data(as_text=True)
    assert len(entries("post.dismiss_flags")) == 1


def _count_queue(statements, client) -> int:
    with statements() as counter:
        assert client.get("/moderation").status_code == 200
    return counter.count


def test_the_queue_costs_the_same_statements_for_few_and_many_reports(client, moderator, author,
                                                                       thread, statements):
    reporters = [make_member(name=f"Reporter {i}") for i in range(6)]
    for _ in range(2):
        make_member(approved=False)  # the approval queue has rows too
    reports.flag_post(reporters[0], posting.add_comment(author, thread, body="Only one"), reason="spam")
    as_(client, moderator)
    few = _count_queue(statements, client)
    for i in range(30):
        post = posting.add_comment(author, thread, body=f"Comment {i}")
        for reporter in reporters[: 1 + i % 6]:
            reports.flag_post(reporter, post, reason="off-topic", note=f"note {i}")
    for i in range(25):  # the held section fills up too
        post = posting.add_comment(author, thread, body=f"Held {i}")
        post.held_at = post.created_at
    db.session.commit()
    many = _count_queue(statements, client)
    assert few == many <= 10, (few, many)
    second_page = client.get("/moderation?flags_page=2&held_page=2")
    assert second_page.status_code == 200 and "Comment 29" in second_page.get_data(as_text=True)


# Hiding ----------------------------------------------------------------------------------------

def test_a_hidden_post_shows_its_reason_to_its_author_and_a_placeholder_to_others(
        client, another_client, moderator, author, member, thread, comment):
    reports.flag_post(author, comment, reason="confidential")
    as_(client, moderator)
    form = Page(client.get(f"/moderation/posts/{comment.id}/hide"))
    assert form.h1 == "Hide a post"
    empty = client.post_form(f"/moderation/posts/{comment.id}/hide", {"reason": " "})
    assert empty.status_code == 422
    assert Page(empty).error_beside("reason") == "Enter a reason. The author will see it"
    hidden = client.post_form(f"/moderation/posts/{comment.id}/hide",
                              {"reason": "Names a patient. Please repost without the name."})
    assert hidden.status_code == 303
    db.session.refresh(thread)
    assert thread.comment_count == 0 and thread.voice_disciplines == []
    assert count(Flag, Flag.resolution == "hidden") == 1

    as_(another_client, member)  # the author of the comment
    own = Page(another_client.get(f"/threads/{thread.id}")).one("article", id=f"post-{comment.number}")
    assert "Hidden by a moderator: Names a patient. Please repost without the name." in own.text
    assert "Mr Smith" in own.text

    third = make_member(name="Theo Third")
    other_client = client.application.test_client()
    as_(other_client, third)
    theirs = Page(other_client.get(f"/threads/{thread.id}")).one("article", id=f"post-{comment.number}")
    assert theirs.text == "Comment hidden by a moderator"
    # Not reportable, and not there as far as they know: as /posts/<id>/block answers.
    assert other_client.get(f"/posts/{comment.id}/flag").status_code == 404

    moderators_view = Page(client.get(f"/threads/{thread.id}")).one("article", id=f"post-{comment.number}")
    assert "Mr Smith" in moderators_view.text and "Unhide" in moderators_view.text
    [entry] = entries("post.hide")
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.reason) == (
        moderator.id, "post", comment.id, "Names a patient. Please repost without the name.")


def test_unhiding_brings_a_post_and_its_counts_back(client, moderator, member, thread, comment):
    review.hide_post(moderator, comment, "Checking with the author")
    as_(client, moderator)
    response = client.post_form(f"/moderation/posts/{comment.id}/unhide", {"reason": "Author explained"})
    assert response.status_code == 303
    db.session.refresh(thread)
    db.session.refresh(comment)
    assert comment.hidden_at is None and comment.hidden_reason is None
    assert thread.comment_count == 1 and thread.voice_disciplines == ["nursing"]
    again = client.post_form(f"/moderation/posts/{comment.id}/unhide", follow_redirects=True)
    assert "This post is not hidden" in again.get_data(as_text=True)
    [entry] = entries("post.unhide")
    assert entry.reason == "Author explained"


def test_deleting_a_hidden_comment_does_not_count_it_out_twice(moderator, member, author, thread, comment):
    posting.add_comment(author, thread, body="Still here")
    review.hide_post(moderator, comment, "Off topic")
    posting.delete_post(member, comment)
    db.session.refresh(thread)
    assert thread.comment_count == 1


# Threads ---------------------------------------------------------------------------------------

def test_a_locked_thread_refuses_members_clearly_but_not_moderators(client, another_client, moderator,
                                                                    member, thread):
    as_(client, moderator)
    assert "Lock thread" in Page(client.get(f"/threads/{thread.id}")).text
    assert client.post_form(f"/threads/{thread.id}/lock", {"reason": "Heated"}).status_code == 303
    as_(another_client, member)
    page = Page(another_client.get(f"/threads/{thread.id}"))
    assert "This thread is locked" in page.text and not page.all("form", id="comment-form")
    refused = another_client.post_form(f"/threads/{thread.id}/comments", {"body": "Let me in"})
    assert refused.status_code == 403 and "This thread is locked" in Page(refused).text
    assert count(Post, Post.thread_id == thread.id) == 1
    assert client.post_form(f"/threads/{thread.id}/comments", {"body": "A note from the moderators"}).status_code == 302
    assert client.post_form(f"/threads/{thread.id}/unlock").status_code == 303
    assert another_client.post_form(f"/threads/{thread.id}/comments", {"body": "Thanks"}).status_code == 302
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
        "thread.lock", "thread.unlock"]
    assert entries("thread.lock")[0].reason == "Heated"


def _thread_ids(html: str) -> list[int]:
    return [int(part.split('"')[0]) for part in html.split('href="/threads/')[1:]
            if part.split('"')[0].isdigit()]


def test_pinned_threads_come_first_in_their_space_and_every_thread_once(client, moderator, author, space):
    threads = [make_thread(author, title=f"Thread {i:02d}") for i in range(30)]
    as_(client, moderator)
    for pinned in (threads[3], threads[10]):
        assert client.post_form(f"/threads/{pinned.id}/pin").status_code == 303
    seen, url = [], "/spaces/quality-improvement"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += _thread_ids(html)
        url = None
        if 'rel="next"' in html:
            url = html.split('rel="next"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    rest = sorted((t.id for t in threads if t.id not in (threads[3].id, threads[10].id)), reverse=True)
    assert seen == [threads[10].id, threads[3].id, *rest]
    assert "Pinned" in Page(client.get("/spaces/quality-improvement")).text
    latest = client.get("/threads").get_data(as_text=True)  # the all-spaces list keeps activity order
    assert latest.index(f'href="/threads/{threads[29].id}"') < latest.index(f'href="/threads/{threads[10].id}"')
    assert client.post_form(f"/threads/{threads[10].id}/unpin").status_code == 303
    assert _thread_ids(client.get("/spaces/quality-improvement").get_data(as_text=True))[0] == threads[3].id
    already = client.post_form(f"/threads/{threads[3].id}/pin", follow_redirects=True)
    assert "This thread is already pinned" in already.get_data(as_text=True)


def test_moving_a_thread_moves_its_count_between_spaces(client, moderator, author, thread, space):
    workforce = make_space("workforce", "Workforce")
    as_(client, moderator)
    form = Page(client.get(f"/threads/{thread.id}/move"))
    assert form.value("space") is None or form.value("space") == ""
    assert "Workforce" in form.text
    same = client.post_form(f"/threads/{thread.id}/move", {"space": "quality-improvement"})
    assert same.status_code == 422 and "already in Quality improvement" in Page(same).text
    unknown = client.post_form(f"/threads/{thread.id}/move", {"space": "nowhere"})
    assert unknown.status_code == 422
    moved = client.post_form(f"/threads/{thread.id}/move", {"space": "workforce", "reason": "Fits better"})
    assert moved.status_code == 302
    db.session.refresh(thread)
    assert thread.space_id == workforce.id
    assert [(s.slug, s.thread_count) for s in db.session.scalars(select(Space).order_by(Space.slug))] == [
        ("quality-improvement", 0), ("workforce", 1)]
    [entry] = entries("thread.move")
    assert entry.summary == "“Weekend discharge” from Quality improvement to Workforce"
    assert entry.reason == "Fits better"


# The audit log ---------------------------------------------------------------------------------

def test_every_moderator_action_is_in_the_log_with_who_what_target_and_why(
        client, moderator, author, member, thread, comment):
    make_space("workforce", "Workforce")
    reports.flag_post(author, comment, reason="spam")
    as_(client, moderator)
    steps = [
        (f"/moderation/posts/{comment.id}/dismiss", {"reason": "Not spam"}),
        (f"/moderation/posts/{comment.id}/hide", {"reason": "Names a patient"}),
        (f"/moderation/posts/{comment.id}/unhide", {"reason": "Name removed"}),
        (f"/threads/{thread.id}/lock", {"reason": "Cooling off"}),
        (f"/threads/{thread.id}/unlock", {}),
        (f"/threads/{thread.id}/pin", {"reason": "Useful for everyone"}),
        (f"/threads/{thread.id}/unpin", {}),
        (f"/threads/{thread.id}/move", {"space": "workforce", "reason": "Fits better"}),
    ]
    for url, data in steps:
        assert client.post_form(url, data).status_code in (302, 303), url
    log = Page(client.get("/moderation/log"))
    rows = [row.text for row in log.all("tr", cls="community-audit-entry")]
    assert len(rows) == len(steps)
    assert "Moved a thread" in rows[0] and "Fits better" in rows[0] and "Mo Moderator" in rows[0]
    assert "Dismissed reports" in rows[-1] and "Not spam" in rows[-1]
    assert any("Hid a post" in r and "Comment #2 by Nia Nurse in “Weekend discharge”" in r
               and "Names a patient" in r for r in rows)
    stored = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in stored] == ["post.dismiss_flags", "post.hide", "post.unhide", "thread.lock",
                                          "thread.unlock", "thread.pin", "thread.unpin", "thread.move"]
    assert {e.actor_id for e in stored} == {moderator.id}
    assert all(e.created_at is not None for e in stored)
    assert [e.target_type for e in stored][:3] == ["post"] * 3 and stored[3].target_id == thread.id


def test_the_log_is_paginated(client, moderator, author, space, statements):
    threads = [make_thread(author, title=f"T{i}") for i in range(26)]
    for t in threads:
        thread_actions.switch_thread(moderator, t, "lock")
        thread_actions.switch_thread(moderator, t, "unlock")
    as_(client, moderator)
    with statements() as counter:
        first = Page(client.get("/moderation/log"))
    assert counter.count <= 10
    assert len(first.all("tr", cls="community-audit-entry")) == 50
    second = Page(client.get("/moderation/log?page=2"))
    assert len(second.all("tr", cls="community-audit-entry")) == 2
    assert second.all("a", rel="prev")


def test_approving_declining_roles_and_suspensions_are_in_the_log_too(client, moderator, space):
    from community.moderation.services import members as members_moderation
    admin = make_member(name="Ann Admin", roles=("admin",))
    joiner, turned_down = make_member(name="Jo Joiner", approved=False), make_member(name="Dee Clined", approved=False)
    members_moderation.approve(moderator, joiner)
    members_moderation.decline(moderator, turned_down)
    members_moderation.set_roles(admin, joiner, ["facilitator"])
    members_moderation.set_roles(admin, joiner, ["facilitator"])  # no change, no entry
    members_moderation.suspend(admin, joiner)
    members_moderation.reinstate(admin, joiner)
    stored = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.action, e.actor_id, e.target_type) for e in stored] == [
        ("member.approve", moderator.id, "member"), ("member.decline", moderator.id, "member"),
        ("member.roles", admin.id, "member"), ("member.suspend", admin.id, "member"),
        ("member.reinstate", admin.id, "member")]
    assert stored[1].summary.startswith("Dee Clined (")  # still readable after the account is gone
    assert stored[2].summary == "Jo Joiner: member only → facilitator"
    as_(client, moderator)
    log = Page(client.get("/moderation/log")).text
    assert "Declined a member" in log and "Dee Clined" in log and "Suspended a member" in log
