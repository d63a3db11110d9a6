"""A member's name, organisation and discipline label are theirs to type (or came from an import),
so every byline must print them as text. Each page here is read as a browser builds it (html5lib):
nothing the hostile values spell may become an element or an attribute, and each value must be
shown literally, character for character.

The discipline is written straight into the database: the forms only offer the list, but a label
that is not on it (an import, an old row) is printed as it is stored, and must still be only text.
"""
from __future__ import annotations

import re

import html5lib
import pytest
from sqlalchemy import update

from community.extensions import db, socketio
from community.members.models import Member
from community.moderation.services import reports, review
from community.threads.services import following, posting, reactions
from tests.factories import make_space, make_thread
from tests.support import Person, add_member, in_app, signed_in

NAME = 'Eve<script>alert("n")</script><img src=x onerror=alert(1)> O\'Hara & "Co"'
ORGANISATION = 'Trust</span><b onmouseover=alert(2)>bold</b>&amp; <i>'
DISCIPLINE = '<svg onload=alert(3)>"x'
REPORTER = 'Rex<iframe src=javascript:alert(4)></iframe>'
HOSTILE_TAGS = {"img", "svg", "b", "i", "iframe", "svg:svg"}


@pytest.fixture
def app_config():
    return {"HOLD_WORDS": ["zebra"], "POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0}


@pytest.fixture
def world(app):
    """A plain author's thread with comments by Eve (hostile everything): one shown, a reply, one
    hidden, one held for review; a hostile reporter who reacted and reported; a follower."""
    with in_app(app):
        make_space()
    people = {
        "author": add_member(app, name="Ada Author", discipline="medicine"),
        "eve": add_member(app, name=NAME, organisation=ORGANISATION),
        "rex": add_member(app, name=REPORTER, organisation=ORGANISATION),
        "moderator": add_member(app, name="Mo Moderator", roles=("moderator",)),
    }
    with in_app(app):
        db.session.execute(update(Member).where(Member.id.in_([people["eve"].id, people["rex"].id]))
                           .values(discipline=DISCIPLINE))
        db.session.commit()
        author, eve, rex, moderator = (db.session.get(Member, people[k].id)
                                       for k in ("author", "eve", "rex", "moderator"))
        thread = make_thread(author, title="Weekend discharge")
        following.set_follow(author, thread, "following")
        shown = posting.add_comment(eve, thread, body="Pharmacy should join")
        posting.add_comment(eve, thread, body="And the weekend team", parent_id=shown.id)
        hidden = posting.add_comment(eve, thread, body="Off topic")
        review.hide_post(moderator, hidden, "Off topic")
        held = posting.add_comment(eve, thread, body="A zebra crossing")
        assert held.held_at is not None
        posting.edit_post(eve, shown, body="Pharmacy should join the huddle")
        reactions.react(rex, shown, "like")
        reports.flag_post(rex, shown, reason="spam")
        ids = {"thread": thread.id, "shown": shown.id, "held": held.id}
    return people, ids


def _tree(html: str, fragment: bool = False):
    if fragment:
        return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def _text(element) -> str:
    return "".join(element.itertext())


def assert_only_text(html: str, *shown: str, fragment: bool = False) -> None:
    """No element or attribute made of the hostile values, and each of `shown` in the text."""
    tree = _tree(html, fragment)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        assert tag.split("}")[-1] not in HOSTILE_TAGS, f"<{tag}> in the page"
        if tag == "script":
            assert "alert" not in _text(element)
        for name, value in element.attrib.items():
            # A value may hold the text (an option's value, a title); breaking out of it would
            # make attributes of its own.
            assert not name.lower().startswith("on") and name not in ("x", "src") or tag == "script", \
                f"{name}= on <{tag}>"
            assert not value.strip().lower().startswith("javascript:"), f"{name}={value!r} on <{tag}>"
    text = _text(tree)
    for value in shown:
        assert value in text, f"{value!r} is not shown as text"


def _byline(article) -> str:
    return _text(next(p for p in article.iter("p") if "community-byline" in p.get("class", "")))


def _eves_articles(html: str, eve_id: int, fragment: bool = False) -> list:
    return [a for a in _tree(html, fragment).iter("article") if a.get("data-author", str(eve_id)) == str(eve_id)]


def test_the_thread_page_prints_every_byline_as_text(app, world):
    people, ids = world
    for who, count in (("author", 2), ("moderator", 4), ("eve", 4)):  # the reader sees no hidden or held text
        html = signed_in(app.test_client(), people[who]).get(f"/threads/{ids['thread']}").get_data(as_text=True)
        assert_only_text(html, NAME, ORGANISATION, DISCIPLINE)
        bylines = [_byline(a) for a in _eves_articles(html, people["eve"].id)
                   if any("community-byline" in p.get("class", "") for p in a.iter("p"))]
        assert len(bylines) == count, (who, bylines)
        for byline in bylines:
            assert NAME in byline and f"{DISCIPLINE}, {ORGANISATION}" in byline, byline


def test_a_post_redrawn_for_its_reader_prints_its_byline_as_text(app, world):
    people, ids = world
    for who in ("author", "moderator", "rex"):
        html = signed_in(app.test_client(), people[who]).get(f"/posts/{ids['shown']}/block").get_data(as_text=True)
        assert_only_text(html, NAME, ORGANISATION, DISCIPLINE, fragment=True)
        [article] = _eves_articles(html, people["eve"].id, fragment=True)
        assert f"{DISCIPLINE}, {ORGANISATION}" in _byline(article)


def test_a_live_comment_carries_its_byline_as_text(app, world):
    people, ids = world
    http = signed_in(app.test_client(), people["author"])
    client = socketio.test_client(app, namespace="/threads", flask_test_client=http)
    assert client.emit("join", {"thread": ids["thread"], "after": 0}, namespace="/threads", callback=True)["ok"]
    eve = signed_in(app.test_client(), people["eve"])
    assert eve.post_form(f"/threads/{ids['thread']}/comments", {"body": "Live from Eve"}).status_code == 302
    [message] = [e["args"][0] for e in client.get_received("/threads") if e["name"] == "comment"]
    assert message["author"] == NAME  # JSON: the page announces it with textContent
    assert_only_text(message["html"], NAME, ORGANISATION, DISCIPLINE, fragment=True)
    [article] = _eves_articles(message["html"], people["eve"].id, fragment=True)
    assert NAME in _byline(article) and f"{DISCIPLINE}, {ORGANISATION}" in _byline(article)
    # What a page that rejoins is sent is drawn the same way.
    rejoin = client.emit("join", {"thread": ids["thread"], "after": 0}, namespace="/threads", callback=True)
    for missed in rejoin["missed"]:
        assert_only_text(missed["html"], NAME, fragment=True)


def test_the_moderation_queue_and_its_pages_print_names_as_text(app, world):
    people, ids = world
    moderator = signed_in(app.test_client(), people["moderator"])
    html = moderator.get("/moderation").get_data(as_text=True)
    assert_only_text(html, NAME, ORGANISATION, DISCIPLINE, REPORTER)
    queued = [a for a in _tree(html).iter("article")]
    assert len(queued) == 2  # the reported post and the held one, each with its byline
    for article in queued:
        assert NAME in _byline(article) and f"{DISCIPLINE}, {ORGANISATION}" in _byline(article)
    assert_only_text(moderator.get(f"/moderation/posts/{ids['shown']}/hide").get_data(as_text=True),
                     NAME, ORGANISATION, DISCIPLINE)
    reader = signed_in(app.test_client(), people["author"])
    assert reader.get(f"/posts/{ids['shown']}/flag").status_code == 200
    assert_only_text(reader.get(f"/posts/{ids['shown']}/flag").get_data(as_text=True), NAME, ORGANISATION,
                     DISCIPLINE)


@pytest.mark.parametrize("url, shown", [
    ("/threads", (DISCIPLINE,)),                            # Eve's discipline takes part
    ("/notifications", (NAME,)),                            # "… replied in …"
    ("/members/{eve}", (NAME, ORGANISATION, DISCIPLINE)),   # her profile and its activity
    ("/posts/{shown}/reactions", (REPORTER, NAME)),         # who reacted to Eve's post
    ("/members?q=eve", (NAME, ORGANISATION)),
])
def test_other_pages_that_name_a_member_print_it_as_text(app, world, url, shown):
    people, ids = world
    reader = signed_in(app.test_client(), people["author"])
    response = reader.get(url.format(eve=people["eve"].id, shown=ids["shown"]))
    assert response.status_code == 200
    assert_only_text(response.get_data(as_text=True), *shown)
