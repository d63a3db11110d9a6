"""The world the authorization table is asked in: one person of each kind, signed in through the
real form, and the things each row is about, made through the services.

Built once per test module. Every kind of person (but the visitor) first joins in as an active
member and writes, asks and is sent things; then their standing changes the way real accounts
change (an address no longer confirmed, approval withdrawn, suspension), so "their comment" exists
for every kind. Roles are granted after that, as an admin would, so a moderator's or admin's own
things are made the same way as anyone's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from community.dates import utcnow
from community.db import atomic
from community.extensions import db
from community.members.models import Member
from community.members.services import accounts, connections
from community.moderation.services import members as moderation, reports, review, thread_actions
from community.notifications.models import Notification
from community.rooms.services import calendar, meetings as set_meetings, sets
from community.threads.models import Post, Thread
from community.threads.services import posting, reactions
from tests.conftest import Outbox, sign_in
from tests.factories import PASSWORD, connect, make_member, make_space, make_thread
from tests.guard_rails.authorization_table import KINDS

HOLD_WORD = "holdme"   # in the app's HOLD_WORDS: a post containing it waits for a moderator


@dataclass
class Own:
    """What one kind of person wrote, asked for or was sent (ids)."""

    member: int
    email: str
    thread: int = 0           # their open thread, with `other`'s reply in it
    opening: int = 0          # its opening post
    reply_to_them: int = 0
    notification: int = 0     # of that reply
    hidden_thread: int = 0
    comment: int = 0          # in the open thread
    locked_comment: int = 0   # in a thread locked after they wrote
    deleted_comment: int = 0
    held_comment: int = 0
    sent: int = 0             # pending connection requests
    received: int = 0
    connection: int = 0       # accepted
    learning_set: int = 0     # an action learning set they belong to (facilitated by `set_facilitator`)
    set_meeting: int = 0      # a meeting of it
    invited_set: int = 0      # a set they are invited to and have not answered
    invited_meeting: int = 0  # a meeting of that set
    feed_token: str = ""      # their calendar address


@dataclass
class World:
    people: dict[str, Own] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)   # each kind's session cookie
    csrf: dict[str, str] = field(default_factory=dict)
    space: str = "quality-improvement"
    admin: int = 0            # sets the world up (hides, locks, suspends)
    other: int = 0            # an ordinary member: author of the threads below
    third: int = 0            # an ordinary member: author of the comments below
    stranger: int = 0         # connected to none of the kinds
    joiner: int = 0           # waiting for approval
    banned: int = 0           # suspended
    thread: int = 0
    locked: int = 0
    pinned: int = 0
    hidden: int = 0
    held_thread: int = 0
    comment: int = 0          # liked by every kind
    hidden_comment: int = 0
    deleted_comment: int = 0
    held_comment: int = 0
    hidden_thread_comment: int = 0
    reported_comment: int = 0
    others_request: int = 0
    others_connection: int = 0
    others_notification: int = 0
    confirm_token: str = ""
    reset_token: str = ""
    set_facilitator: int = 0  # a facilitator who is none of the kinds: runs the sets below
    facilitated_set: int = 0  # the facilitator kind's own set (nobody else's)
    facilitated_meeting: int = 0
    set_member: int = 0       # a member of both sets below (none of the kinds)
    other_set: int = 0        # a set none of the kinds is in or invited to
    other_meeting: int = 0
    old_feed_token: str = ""  # a calendar address that was reset
    # Consultations: made by the designer kind, except `others_draft` (another designer's).
    draft: int = 0
    draft_question: int = 0
    others_draft: int = 0
    open_all: int = 0
    open_all_question: int = 0
    open_all_answers: dict = field(default_factory=dict)
    open_elsewhere: int = 0
    closed: int = 0
    closed_text: tuple = ()   # (question id, response id) of a free-text answer in `closed`
    with_results: int = 0
    idea: int = 0             # by `other`
    decision: int = 0

    def own(self, kind: str) -> Own:
        return self.people["member" if kind == "visitor" else kind]


def _hide_thread(thread: Thread) -> None:
    # No service hides a whole thread yet; the field exists and the policy reads it.
    with atomic():
        thread.hidden_at = utcnow()


def _opening(thread: Thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_opening))


def _own_things(person: Member, other: Member, third: Member, thread: Thread,
                locked: Thread, liked: Post) -> Own:
    own = Own(member=person.id, email=person.email)
    theirs = make_thread(person, title=f"{person.name}'s question")
    own.thread, own.opening = theirs.id, _opening(theirs).id
    own.reply_to_them = posting.add_comment(other, theirs, body="A helpful answer").id
    own.notification = db.session.scalar(select(Notification.id).where(
        Notification.member_id == person.id, Notification.post_id == own.reply_to_them))
    assert own.notification, "a reply in their thread notifies its author"
    hidden = make_thread(person, title=f"{person.name}'s hidden question")
    _hide_thread(hidden)
    own.hidden_thread = hidden.id
    own.comment = posting.add_comment(person, thread, body="Mine").id
    own.locked_comment = posting.add_comment(person, locked, body="Before the lock").id
    deleted = posting.add_comment(person, thread, body="Second thoughts")
    posting.delete_post(person, deleted)
    own.deleted_comment = deleted.id
    held = posting.add_comment(person, thread, body=f"Held back: {HOLD_WORD}")
    assert held.held_at is not None
    own.held_comment = held.id
    own.sent = connections.request(person, third).id
    own.received = connections.request(other, person).id
    friend = make_member(name=f"{person.name} Friend")
    connect(person, friend)
    own.connection = connections.between(person.id, friend.id).id
    reactions.react(person, liked, "like")
    return own


def _threads(w: World, admin: Member, other: Member, third: Member) -> dict[str, Thread]:
    made = {name: make_thread(other, title=title) for name, title in (
        ("thread", "Open to all"), ("locked", "Locked later"), ("pinned", "Pinned"), ("hidden", "Hidden later"))}
    w.hidden_thread_comment = posting.add_comment(third, made["hidden"], body="Before it was hidden").id
    _hide_thread(made["hidden"])
    thread_actions.switch_thread(admin, made["pinned"], "pin")
    made["held"] = make_thread(other, title="Waiting", body=f"A {HOLD_WORD} opening post")
    assert made["held"].held_at is not None
    for name in ("thread", "locked", "pinned", "hidden"):
        setattr(w, name, made[name].id)
    w.held_thread = made["held"].id
    return made


def _comments(w: World, admin: Member, other: Member, third: Member, thread: Thread) -> None:
    hidden = posting.add_comment(third, thread, body="Hidden later")
    review.hide_post(admin, hidden, "Off topic")
    deleted = posting.add_comment(third, thread, body="Removed later")
    posting.delete_post(third, deleted)
    held = posting.add_comment(third, thread, body=f"A {HOLD_WORD} comment")
    assert held.held_at is not None
    reported = posting.add_comment(third, thread, body="Reported")
    reports.flag_post(other, reported, reason="spam")
    w.hidden_comment, w.deleted_comment, w.held_comment, w.reported_comment = (
        hidden.id, deleted.id, held.id, reported.id)


def _emailed_tokens(app, w: World, other: Member) -> None:
    """A confirmation link mailed to someone who just joined, and a reset link mailed to `other`."""
    newcomer = "nia.newcomer@example.nhs.uk"
    accounts.join(name="Nia Newcomer", email=newcomer, password="meadow-lantern-quartz-77",
                  discipline="nursing", organisation="Riverside University Hospitals NHS Trust",
                  consent=True)
    accounts.request_reset(other.email)
    outbox = Outbox(app)
    w.confirm_token = outbox.last_link(newcomer, "/confirm/").removeprefix("/confirm/")
    w.reset_token = outbox.last_link(other.email, "/reset/").removeprefix("/reset/")


def _meeting(facilitator: Member, set_id: int):
    from datetime import time, timedelta
    day = (utcnow() + timedelta(days=14)).date()
    return set_meetings.schedule(facilitator, sets.access(facilitator, set_id), title="Set meeting",
                                 agenda="", day=day, at=time(10, 0))[0]


def _sets(w: World, set_facilitator: Member, person: Member) -> None:
    """Their own set (a member of it, with a meeting) and an invitation to another; while active."""
    own = w.people[next(k for k, o in w.people.items() if o.member == person.id)]
    theirs = sets.create_set(set_facilitator, name=f"{person.name}'s set")
    sets.invite(set_facilitator, sets.access(set_facilitator, theirs.id), person.id)
    sets.accept(person, sets.access(person, theirs.id), ground_rules=True)
    own.learning_set, own.set_meeting = theirs.id, _meeting(set_facilitator, theirs.id).id
    inviting = sets.create_set(set_facilitator, name=f"A set inviting {person.name}")
    sets.invite(set_facilitator, sets.access(set_facilitator, inviting.id), person.id)
    own.invited_set, own.invited_meeting = inviting.id, _meeting(set_facilitator, inviting.id).id
    own.feed_token = calendar.feed_token(person)


def _facilitated(w: World, set_facilitator: Member) -> None:
    facilitator = db.session.get(Member, w.people["facilitator"].member)
    db.session.expire(facilitator, ["roles"])
    mine = sets.create_set(facilitator, name="The facilitator's set")
    w.facilitated_set, w.facilitated_meeting = mine.id, _meeting(facilitator, mine.id).id
    other = sets.create_set(set_facilitator, name="Nobody's set")
    w.other_set, w.other_meeting = other.id, _meeting(set_facilitator, other.id).id
    joiner = make_member(name="Seth Setmember")
    for learning_set, by in ((mine, facilitator), (other, set_facilitator)):
        sets.invite(by, sets.access(by, learning_set.id), joiner.id)
        sets.accept(joiner, sets.access(joiner, learning_set.id), ground_rules=True)
    w.set_member = joiner.id
    stale = make_member(name="Reset Feed")
    w.old_feed_token = calendar.feed_token(stale)
    calendar.reset_feed(stale)
def _consultations(w: World, other: Member, third: Member) -> None:
    from community.consultations.models import Answer
    from community.consultations.services import building, results
    from tests.consultations.helpers import answer, answers_for, make_consultation
    designer = db.session.get(Member, w.people["designer"].member)
    db.session.expire(designer, ["roles"])
    someone = make_member(name="Omar Otherdesigner", roles=("designer",))
    draft = make_consultation(designer, title="The designer's draft", publish=False)
    w.draft, w.draft_question = draft.id, draft.questions[0].id
    w.others_draft = make_consultation(someone, title="Another designer's draft", publish=False).id
    open_all = make_consultation(designer, title="Open to all")
    w.open_all, w.open_all_question = open_all.id, open_all.questions[0].id
    raw = answers_for(open_all, multiple=(1,), text="A plain answer")
    # One value a field, as a browser sends them (the bad-input sweep posts each as a string).
    w.open_all_answers = {"action": "submit", **{f"q{qid}": values[0] for qid, values in raw.values.items()}}
    w.open_elsewhere = make_consultation(designer, title="For dentists", audience="disciplines",
                                         disciplines=["dentistry"]).id
    closed = make_consultation(designer, title="Closed")
    response = answer(other, closed, text="More time to think")
    answer(third, closed)
    building.close(designer, closed)
    text_question = next(q.id for q in closed.questions if q.kind == "text")
    assert db.session.get(Answer, (response.id, text_question, 0)) is not None
    w.closed, w.closed_text = closed.id, (text_question, response.id)
    with_results = make_consultation(someone, title="With results")
    answer(other, with_results)
    building.close(someone, with_results)
    results.publish_results(someone, with_results)
    w.with_results = with_results.id
    from community.consultations.services import decisions, ideas
    idea = ideas.post_idea(other, title="Protected learning time", body="Half a day a month")
    w.idea = idea.id
    w.decision = decisions.create(someone, theme="Time to learn", decision="Funded", change="", status="planned",
                                  consultation_ids=[with_results.id], idea_ids=[idea.id]).id


def make_things(app) -> World:
    """Everything but the sign-ins; call in a request context."""
    w = World()
    make_space()
    make_space("leadership", "Leadership")
    admin = make_member(name="Ada Setup", roles=("admin",))
    other = make_member(name="Olu Other", discipline="medicine")
    third = make_member(name="Tess Third", discipline="pharmacy")
    stranger = make_member(name="Sam Stranger")
    w.admin, w.other, w.third, w.stranger = admin.id, other.id, third.id, stranger.id
    made = _threads(w, admin, other, third)
    liked = posting.add_comment(third, made["thread"], body="Third's comment")
    w.comment = liked.id
    set_facilitator = make_member(name="Sol Setfac", roles=("facilitator",))
    w.set_facilitator = set_facilitator.id
    for kind in KINDS[1:]:
        person = make_member(name=f"{kind.title()} Person")
        w.people[kind] = _own_things(person, other, third, made["thread"], made["locked"], liked)
        _sets(w, set_facilitator, person)
        if kind in moderation.GRANTABLE:   # granted once they have written: staff words are never held
            moderation.set_roles(admin, person, [kind])
    _facilitated(w, set_facilitator)
    thread_actions.switch_thread(admin, made["locked"], "lock")
    _comments(w, admin, other, third, made["thread"])
    w.others_request = connections.request(third, other).id
    connect(third, stranger)
    w.others_connection = connections.between(third.id, stranger.id).id
    w.others_notification = db.session.scalar(select(Notification.id).where(
        Notification.member_id == other.id).order_by(Notification.id).limit(1))
    w.joiner = make_member(name="Jo Joiner", approved=False).id
    banned = make_member(name="Bea Banned")
    moderation.suspend(admin, banned)
    w.banned = banned.id
    _emailed_tokens(app, w, other)
    _consultations(w, other, third)
    return w


def change_standing(w: World) -> None:
    """After the sign-ins: the accounts change as real ones do. Call in a request context."""
    def person(kind: str) -> Member:
        return db.session.get(Member, w.people[kind].member)
    with atomic():
        person("unconfirmed").confirmed_at = None
        person("awaiting").approved_at = None
    moderation.suspend(db.session.get(Member, w.admin), person("suspended"))


def sign_in_everyone(app, w: World) -> None:
    """A session cookie and CSRF token per kind, from the real sign-in form."""
    cookie = app.config["SESSION_COOKIE_NAME"]
    for kind in KINDS:
        client = app.test_client()
        if kind != "visitor":
            response = sign_in(client, w.people[kind].email, PASSWORD)
            assert response.status_code == 302, f"{kind} could not sign in"
        w.csrf[kind] = client.csrf_token()
        w.cookies[kind] = client.get_cookie(cookie).value
