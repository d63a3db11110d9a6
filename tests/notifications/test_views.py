"""Notification pages, the header count, suggestions, invitations and mentions through the forms."""
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import insert, select

from community.extensions import db
from community.dates import utcnow
from community.members.models import Member
from community.notifications.models import Notification
from community.threads.models import Post
from community.notifications import services as notifications
from community.threads.services import posting
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_member, make_space, make_thread
from tests.support import Page


@pytest.fixture
def space(ctx):
    return make_space()


@pytest.fixture
def author(space):
    return make_member(name="Ann Author", email="ann@example.nhs.uk", discipline="medicine",
                       interests="frailty")


@pytest.fixture
def signed_in(client, author):
    assert sign_in(client, author.email, PASSWORD).status_code == 302
    return client


def header_link(client) -> str:
    page = Page(client.get("/threads"))
    return page.one("a", href="/notifications").text


def test_notifications_need_signing_in(client, space):
    assert client.get("/notifications").status_code == 302
    assert client.get("/members/suggest?q=an").status_code == 403


def test_reading_a_thread_reads_what_pointed_at_the_posts_read(signed_in, author):
    writer = make_member(name="Wes Writer")
    inviter = make_member(name="Ivy Inviter")
    thread = make_thread(author, title="Weekend discharge")
    other = make_thread(inviter, title="Elsewhere")
    notifications.invite(inviter, other, author.id)
    first = posting.add_comment(writer, thread, body="First thoughts")  # number 2
    posting.add_comment(writer, thread, body="Later thoughts")  # number 3
    assert header_link(signed_in) == "Notifications (3) unread"
    assert signed_in.post(f"/threads/{thread.id}/read", data={"number": "2"},
                          headers={"X-CSRFToken": signed_in.csrf_token()}).status_code == 204
    assert header_link(signed_in) == "Notifications (2) unread"
    unread = db.session.scalars(select(Notification.post_id).where(
        Notification.member_id == author.id, Notification.read_at.is_(None))).all()
    assert first.id not in unread and len(unread) == 2
    # Reading the other thread reads its invitation, which points at the thread, not a post.
    signed_in.post(f"/threads/{other.id}/read", data={"number": "1"},
                   headers={"X-CSRFToken": signed_in.csrf_token()})
    assert header_link(signed_in) == "Notifications (1) unread"
    assert signed_in.post(f"/threads/{thread.id}/read", data={"number": "3"}).status_code == 400  # no token


def test_list_newest_first_opening_marks_read_and_goes_to_the_post(signed_in, author):
    writer = make_member(name="Wes Writer")
    thread = make_thread(author, title="Weekend discharge")
    first = posting.add_comment(writer, thread, body="First thoughts")
    second = posting.add_comment(writer, thread, body=f"Second, @[{author.name}]({author.id})")
    assert header_link(signed_in) == "Notifications (2) unread"
    page = Page(signed_in.get("/notifications"))
    items = page.all("li", cls="community-notification")
    assert [next(e for e in i.iter() if e.tag == "button").text for i in items] == [
        "New Wes Writer mentioned you in “Weekend discharge”", "New Wes Writer replied in “Weekend discharge”"]
    assert "Second, @Ann Author" in items[0].text
    note = db.session.scalar(select(Notification).where(Notification.post_id == second.id))
    opened = signed_in.post_form(f"/notifications/{note.id}/open")
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"/threads/{thread.id}?page=1#post-3"
    assert header_link(signed_in) == "Notifications (1) unread"
    assert len(Page(signed_in.get("/notifications")).all(cls="community-notification--unread")) == 1
    assert first.id


def test_mark_all_read_clears_the_count(signed_in, author):
    writer = make_member()
    thread = make_thread(author)
    posting.add_comment(writer, thread, body="One")
    posting.add_comment(writer, thread, body="Two")
    response = signed_in.post_form("/notifications/read-all")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"
    page = Page(signed_in.get("/notifications"))
    assert "All your notifications are marked as read." in page.text
    assert page.all(cls="community-notification--unread") == []
    assert header_link(signed_in) == "Notifications"
    assert db.session.get(Member, author.id).unread_notifications == 0


def test_someone_elses_notification_cannot_be_opened(signed_in, author):
    other = make_member()
    thread = make_thread(other)
    posting.add_comment(make_member(), thread, body="Hi")
    note = db.session.scalar(select(Notification))
    assert signed_in.post_form(f"/notifications/{note.id}/open").status_code == 404
    assert db.session.get(Notification, note.id).read_at is None


def _notify(member, thread, post, count):
    now = utcnow()
    actors = [make_member(name=f"Actor {i}") for i in range(3)]
    db.session.execute(insert(Notification), [
        {"member_id": member.id, "kind": ("reply", "mention", "reaction")[i % 3], "actor_id": actors[i % 3].id,
         "thread_id": thread.id, "post_id": post.id, "dedupe_key": f"bulk:{i}", "reaction_count": 2,
         "actor_count": 2, "created_at": now - timedelta(minutes=i), "updated_at": now - timedelta(minutes=i)}
        for i in range(count)])
    db.session.commit()


def _count(statements, client, url) -> int:
    with statements() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_the_list_issues_the_same_few_statements_for_5_and_100(client, space, statements):
    few, many = make_member(), make_member()
    thread = make_thread(make_member())
    post = posting.add_comment(make_member(), thread, body="Something to react to")
    _notify(few, thread, post, 5)
    _notify(many, thread, post, 100)
    counts = []
    for member, url in ((few, "/notifications"), (many, "/notifications"), (many, "/notifications?page=3")):
        client.post_form("/logout")
        sign_in(client, member.email, PASSWORD)
        counts.append(_count(statements, client, url))
    assert len(set(counts)) == 1 and counts[0] <= 10, counts
    page = Page(client.get("/notifications?page=3"))
    assert len(page.all("li", cls="community-notification")) == 25
    assert page.all("a", rel="prev") and page.all("a", rel="next")


def test_suggestions_are_limited_per_member_not_per_address(signed_in, another_client, author):
    statuses = [signed_in.get("/members/suggest?q=ad").status_code for _ in range(121)]
    assert statuses[:120] == [200] * 120 and statuses[120] == 429
    other = make_member(name="Oli Other")
    assert sign_in(another_client, other.email, PASSWORD).status_code == 302  # same address
    assert another_client.get("/members/suggest?q=ad").status_code == 200


def test_suggest_returns_members_only_at_most_eight_and_escapes_like(signed_in, author):
    for i in range(10):
        make_member(name=f"Pat Example {i}", discipline="pharmacy")
    make_member(name="Pat Waiting", approved=False)
    make_member(name="50% Done")
    found = signed_in.get("/members/suggest?q=pat").get_json()
    assert len(found) == 8
    assert found[0] == {"id": found[0]["id"], "name": "Pat Example 0", "discipline": "Pharmacy",
                        "mention": f"@[Pat Example 0]({found[0]['id']})"}
    assert all("Waiting" not in f["name"] for f in found)
    assert signed_in.get("/members/suggest?q=%25%25").get_json() == []
    assert signed_in.get("/members/suggest?q=_a").get_json() == []
    assert [f["name"] for f in signed_in.get("/members/suggest?q=50%25").get_json()] == ["50% Done"]
    assert signed_in.get("/members/suggest?q=p").get_json() == []


def test_unapproved_member_gets_no_suggestions(client, space):
    waiting = make_member(approved=False)
    sign_in(client, waiting.email, PASSWORD)
    assert client.get("/members/suggest?q=an").status_code == 403


def test_author_invites_a_suggested_member_with_one_click(signed_in, author, outbox):
    pharmacist = make_member(name="Pia Pharmacist", discipline="pharmacy", interests="frailty")
    thread = make_thread(author, title="Frailty at home", disciplines=("pharmacy",))
    page = Page(signed_in.get(f"/threads/{thread.id}"))
    form = page.one("form", action=f"/threads/{thread.id}/invite/{pharmacist.id}")
    assert "Invite Pia Pharmacist to this thread" in form.text
    response = signed_in.post_form(form.attrs["action"])
    assert response.status_code == 303 and response.headers["Location"] == f"/threads/{thread.id}"
    assert "Pia Pharmacist has been invited" in Page(signed_in.get(f"/threads/{thread.id}")).text
    again = signed_in.post_form(form.attrs["action"], follow_redirects=True)
    assert "You have already invited Pia Pharmacist to this thread" in Page(again).text
    assert db.session.scalars(select(Notification.kind).where(Notification.member_id == pharmacist.id)).all() == [
        "invitation"]
    assert len(outbox.to(pharmacist.email)) == 1


def test_only_the_thread_author_may_invite(client, space, author):
    thread = make_thread(author, disciplines=("pharmacy",))
    pharmacist = make_member(discipline="pharmacy")
    other = make_member()
    sign_in(client, other.email, PASSWORD)
    assert Page(client.get(f"/threads/{thread.id}")).all("form", action=f"/threads/{thread.id}/invite/{pharmacist.id}") == []
    assert client.post_form(f"/threads/{thread.id}/invite/{pharmacist.id}").status_code == 403
    assert client.post_form(f"/threads/999999/invite/{pharmacist.id}").status_code == 404
    assert db.session.scalar(select(Notification)) is None


def test_a_mention_through_the_comment_form_links_the_profile(signed_in, author):
    colleague = make_member(name="Cal Colleague")
    thread = make_thread(make_member())
    signed_in.post_form(f"/threads/{thread.id}/comments", {"body": f"Ask @[Cal](({colleague.id})) or @[Cal C]({colleague.id})"})
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening.is_(False)))
    assert f'<a href="/members/{colleague.id}" class="community-mention">@Cal Colleague</a>' in post.body_html
    page = Page(signed_in.get(f"/threads/{thread.id}"))
    assert page.one("a", cls="community-mention").attrs["href"] == f"/members/{colleague.id}"


def _markup(html: str) -> list[tuple[str, list]]:
    """Every start tag in `html` with its attributes: what a browser would make of it."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


@pytest.mark.parametrize("label", [
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "</a><a href=javascript:alert(1)>x"])
def test_markup_in_a_mention_or_a_members_name_never_survives(signed_in, author, label):
    villain = make_member(name=f"Eve {label}")
    thread = make_thread(make_member())
    signed_in.post_form(f"/threads/{thread.id}/comments", {"body": f"Hi @[{label}]({villain.id}) and @[x]({villain.id}"})
    post = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening.is_(False)))
    assert _markup(post.body_html) == [("p", []), ("a", [("href", f"/members/{villain.id}"), ("class", "community-mention")])]
    links = Page(signed_in.get(f"/threads/{thread.id}")).all("a", cls="community-mention")
    assert [(a.attrs["href"], a.text) for a in links] == [(f"/members/{villain.id}", f"@Eve {label}")]


def test_digest_preference_is_saved_and_bad_values_are_refused(signed_in, author):
    page = Page(signed_in.get("/notifications/settings"))
    assert page.checked("frequency") == {"weekly"}
    saved = signed_in.post_form("/notifications/settings", {"frequency": "daily"})
    assert saved.status_code == 303
    assert Page(signed_in.get("/notifications/settings")).checked("frequency") == {"daily"}
    refused = Page(signed_in.post_form("/notifications/settings", {"frequency": "hourly"}))
    assert refused.status == 422
    assert refused.error_beside("frequency") == "Choose how often you want a digest email"
    assert db.session.get(Member, author.id).digest_frequency == "daily"


def test_no_invite_buttons_in_a_locked_thread(signed_in, author):
    pharmacist = make_member(discipline="pharmacy", interests="frailty")
    thread = make_thread(author, disciplines=("pharmacy",))
    thread.is_locked = True
    db.session.commit()
    page = Page(signed_in.get(f"/threads/{thread.id}"))
    assert pharmacist.name in page.text  # still suggested
    assert page.all("form", action=f"/threads/{thread.id}/invite/{pharmacist.id}") == []
    assert signed_in.post_form(f"/threads/{thread.id}/invite/{pharmacist.id}").status_code == 403


@pytest.mark.parametrize("app_config", [{"HOLD_WORDS": ["miracle cure"], "POSTS_PER_HOUR": 0,
                                          "NEW_MEMBER_POSTS_PER_HOUR": 0}])
def test_a_comment_an_edit_puts_on_hold_loses_its_words_on_the_followers_list(
        signed_in, another_client, author, app_config):
    """Followers saw the comment's words on /notifications; once an edit holds it for review, only
    its author and moderators may read it, so the list keeps the line and drops the words."""
    moderator = make_member(name="Mo Moderator", email="mo@example.nhs.uk", roles=("moderator",))
    writer = make_member(name="Wes Writer")
    thread = make_thread(author, title="Weekend discharge")
    posting.add_comment(moderator, thread, body="Following along")  # the moderator follows too
    comment = posting.add_comment(writer, thread, body="Pharmacy could join the huddle")
    assert sign_in(another_client, moderator.email, PASSWORD).status_code == 302
    for reader in (signed_in, another_client):
        assert "Pharmacy could join the huddle" in Page(reader.get("/notifications")).text

    posting.edit_post(writer, comment, body="Pharmacy could sell a miracle cure at the huddle")
    assert comment.held_at is not None

    follower_sees = Page(signed_in.get("/notifications")).text
    assert "Wes Writer replied in “Weekend discharge”" in follower_sees
    assert "miracle cure" not in follower_sees and "Pharmacy" not in follower_sees
    assert "Pharmacy could sell a miracle cure" in Page(another_client.get("/notifications")).text
