"""Who is notified of what: each once, never the actor, never in a muted thread."""
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from community.errors import InvalidInput, NotAllowed, NotFound
from community.extensions import db
from community.dates import utcnow
from community.members.models import Member
from community.notifications import services
from community.notifications.models import Notification
from community.threads.models import Post
from community.threads.services import following, posting, reactions
from tests.factories import make_member, make_space, make_thread


@pytest.fixture
def space(ctx):
    return make_space()


def notes(member=None, **where):
    query = select(Notification).order_by(Notification.id)
    if member is not None:
        query = query.where(Notification.member_id == member.id)
    for name, value in where.items():
        query = query.where(getattr(Notification, name) == value)
    return list(db.session.scalars(query))


def unread(member) -> int:
    return db.session.scalar(select(Member.unread_notifications).where(Member.id == member.id))


def mention(member) -> str:
    return f"@[{member.name}]({member.id})"


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def opening(thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening))


def test_a_comment_notifies_followers_once_and_never_its_author(space):
    author, first, second = make_member(name="Ann Author"), make_member(), make_member()
    thread = make_thread(author)
    assert notes() == []  # starting a thread tells nobody
    posting.add_comment(first, thread, body="First")
    comment = posting.add_comment(second, thread, body="Second")
    assert [(n.member_id, n.kind) for n in notes(post_id=comment.id)] == [(author.id, "reply"), (first.id, "reply")]
    assert notes(second) == []
    assert all(n.actor_id == second.id and n.thread_id == thread.id for n in notes(post_id=comment.id))
    assert unread(author) == 2 and unread(first) == 1 and unread(second) == 0


def test_muted_and_unfollowed_members_hear_nothing(space):
    author, muter, leaver, writer = (make_member() for _ in range(4))
    thread = make_thread(author)
    posting.add_comment(muter, thread, body="I was here")
    posting.add_comment(leaver, thread, body="Me too")
    following.set_follow(muter, thread, "muted")
    following.set_follow(leaver, thread, None)
    comment = posting.add_comment(writer, thread, body=f"Hello {mention(muter)} and everyone")
    assert [n.member_id for n in notes(post_id=comment.id)] == [author.id]


def test_mentioned_and_following_is_one_notification_of_kind_mention_with_an_email(space, outbox):
    author, writer = make_member(name="Ann Author"), make_member(name="Wes Writer")
    thread = make_thread(author, title="Weekend discharge")
    comment = posting.add_comment(writer, thread, body=f"What do you think, {mention(author)}? Also {mention(author)}")
    mine = notes(author)
    assert [(n.kind, n.post_id) for n in mine] == [("mention", comment.id)]
    mails = outbox.to(author.email)
    assert len(mails) == 1 and subject(mails[0]) == "Wes Writer mentioned you in “Weekend discharge”"
    body = outbox.body(mails[0])
    assert "What do you think, @Ann Author?" in body
    assert f"/threads/{thread.id}?page=1#post-2" in body


def test_mentions_in_an_opening_post_notify_the_mentioned_not_the_author(space, outbox):
    author, colleague = make_member(), make_member()
    thread = make_thread(author, body=f"Cc {mention(colleague)} and me {mention(author)}")
    assert [(n.member_id, n.kind) for n in notes()] == [(colleague.id, "mention")]
    assert notes()[0].thread_id == thread.id
    assert len(outbox.to(colleague.email)) == 1 and outbox.to(author.email) == []


def test_only_approved_active_confirmed_members_can_be_mentioned(space):
    author = make_member()
    waiting, unconfirmed = make_member(approved=False), make_member(confirmed=False)
    confirmed = make_member()
    thread = make_thread(author, body=f"{mention(waiting)} {mention(unconfirmed)} {mention(confirmed)} "
                                      "@[Nobody](999999)")
    # Unconfirmed accounts are shown to nobody else (docs/decisions.md), so a mention stays text.
    assert opening(thread).body_html == (
        f'<p>@{waiting.name} @{unconfirmed.name} <a href="/members/{confirmed.id}" class="community-mention">'
        f'@{confirmed.name}</a> @Nobody</p>\n')
    assert [n.member_id for n in notes()] == [confirmed.id]


def test_an_unconfirmed_member_is_neither_notified_nor_emailed(space, outbox):
    author, unconfirmed = make_member(), make_member(confirmed=False)
    make_thread(author, body=f"Hi {mention(unconfirmed)}")
    assert notes(unconfirmed) == []
    assert outbox.to(unconfirmed.email) == []


def test_an_edit_that_adds_a_mention_notifies_only_the_newly_mentioned(space, outbox):
    author, writer, first, later = (make_member() for _ in range(4))
    thread = make_thread(author)
    comment = posting.add_comment(writer, thread, body=f"Hi {mention(first)}")
    posting.edit_post(writer, comment, body=f"Hi {mention(first)} and {mention(later)}")
    posting.edit_post(writer, comment, body=f"Hi {mention(first)}, {mention(later)} and {mention(author)}")
    assert sorted((n.member_id, n.kind) for n in notes(post_id=comment.id)) == sorted(
        [(author.id, "reply"), (first.id, "mention"), (later.id, "mention")])
    assert len(outbox.to(later.email)) == 1 and len(outbox.to(first.email)) == 1
    assert outbox.to(author.email) == []  # already told about this post, as a reply


def test_reactions_are_batched_into_one_unread_notification_per_post(space):
    author, liker, fan = make_member(), make_member(name="Lee Liker"), make_member(name="Fay Fan")
    thread = make_thread(author)
    post = posting.add_comment(author, thread, body="My idea")
    reactions.react(liker, post, "like")
    reactions.react(liker, post, "insightful")
    reactions.react(fan, post, "thanks")
    batch = notes(author, kind="reaction")
    assert len(batch) == 1
    assert (batch[0].reaction_count, batch[0].actor_count, batch[0].actor_id) == (3, 2, fan.id)
    assert services.describe(batch[0]) == f"Fay Fan and 1 other reacted to your post in “{thread.title}”"
    assert unread(author) == 1
    services.open_notification(author, batch[0].id)
    assert unread(author) == 0
    reactions.react(fan, post, "like")  # a new batch once the first was read
    batches = notes(author, kind="reaction")
    assert len(batches) == 2 and batches[1].reaction_count == 1 and batches[1].read_at is None
    assert batches[0].reaction_count == 3
    assert unread(author) == 1


def test_reactions_in_a_muted_thread_tell_nobody(space):
    author, liker = make_member(), make_member()
    thread = make_thread(author)
    following.set_follow(author, thread, "muted")
    reactions.react(liker, opening(thread), "like")
    assert notes() == [] and unread(author) == 0


def test_a_hidden_thread_notifies_only_those_who_may_still_read_it(space):
    author, follower, writer = make_member(), make_member(), make_member(roles=("moderator",))
    thread = make_thread(author)
    posting.add_comment(follower, thread, body="Following")
    thread.hidden_at = utcnow()
    db.session.commit()
    comment = posting.add_comment(writer, thread, body="Moderator note")
    assert [n.member_id for n in notes(post_id=comment.id)] == [author.id]


def test_only_the_author_invites_members_once_each(space, outbox):
    author = make_member(name="Ann Author", discipline="medicine")
    pharmacist = make_member(name="Pia Pharmacist", discipline="pharmacy")
    other = make_member()
    thread = make_thread(author, title="Frailty at home", disciplines=("pharmacy",))
    with pytest.raises(NotAllowed):
        services.invite(other, thread, pharmacist.id)
    services.invite(author, thread, pharmacist.id)
    with pytest.raises(InvalidInput) as twice:
        services.invite(author, thread, pharmacist.id)
    assert twice.value.errors["member"] == "You have already invited Pia Pharmacist to this thread"
    invitations = notes(pharmacist)
    assert [(n.kind, n.actor_id, n.thread_id, n.post_id) for n in invitations] == [
        ("invitation", author.id, thread.id, None)]
    assert unread(pharmacist) == 1
    mails = outbox.to(pharmacist.email)
    assert len(mails) == 1 and subject(mails[0]) == "Ann Author invites you to “Frailty at home”"
    assert f"/threads/{thread.id}" in outbox.body(mails[0])


@pytest.mark.parametrize("who, error", [
    ("self", InvalidInput), ("unapproved", NotFound), ("missing", NotFound), ("suspended", NotFound)])
def test_invitations_go_only_to_other_active_members(space, who, error):
    author = make_member()
    thread = make_thread(author)
    target = {"self": lambda: author.id, "unapproved": lambda: make_member(approved=False).id,
              "missing": lambda: 999_999, "suspended": lambda: _suspended().id}[who]()
    with pytest.raises(error):
        services.invite(author, thread, target)
    assert notes() == []


def _suspended():
    member = make_member()
    member.suspended_at = utcnow()
    db.session.commit()
    return member


def test_opening_and_marking_all_read_keep_the_unread_count(space):
    author, writer = make_member(), make_member()
    thread = make_thread(author)
    for i in range(3):
        posting.add_comment(writer, thread, body=f"Comment {i}")
    first = notes(author)[0]
    url = services.open_notification(author, first.id)
    assert url.endswith("#post-2") and unread(author) == 2
    services.open_notification(author, first.id)  # opening it again changes nothing
    assert unread(author) == 2
    with pytest.raises(NotFound):
        services.open_notification(writer, first.id)
    assert services.mark_all_read(author) == 2
    assert unread(author) == 0 and all(n.read_at for n in notes(author))


def test_suggestions_match_name_starts_escape_like_and_skip_the_asker(space):
    asker = make_member(name="Sam Asker")
    make_member(name="Sam Smith"), make_member(name="Alex Samuels"), make_member(name="Rosa Sampson")
    make_member(name="Sam Waiting", approved=False)
    make_member(name="100% Sure")
    names = [m.name for m in services.suggest_members(asker, "sam")]
    assert names == ["Sam Smith", "Alex Samuels", "Rosa Sampson"]
    assert services.suggest_members(asker, "s") == []
    assert services.suggest_members(asker, "%%") == [] and services.suggest_members(asker, "__") == []
    assert [m.name for m in services.suggest_members(asker, "100%")] == ["100% Sure"]
    for i in range(10):
        make_member(name=f"Sameer {i}")
    assert len(services.suggest_members(asker, "sam")) == 8
