"""Statements per page do not grow with what the page shows (DESIGN.md, Conventions: no N+1).

Each page is read twice, once with a few rows behind it and once with many, and must issue the
same number of SQL statements both times. The thread page holds every kind of post a page can
have (replies, edited, reacted to, marked helpful, hidden, held for review, removed), by several
authors, and is read by a member (who wrote some of the held ones) and by a moderator (who sees
everything).
"""
from __future__ import annotations

import pytest

from community.db import atomic
from community.extensions import db
from community.members.models import Member
from community.moderation.services import review
from community.threads.services import posting, reactions
from tests.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member, make_space, make_thread
from tests.support import in_app

DISCIPLINES = ("nursing", "pharmacy", "medicine", "social-care", "psychology", "midwifery",
               "dentistry", "public-health")


@pytest.fixture
def app_config():
    return {"HOLD_WORDS": ["zebra"], "POSTS_PER_HOUR": 0, "NEW_MEMBER_POSTS_PER_HOUR": 0}


def _count(statements, client, url: str) -> int:
    with statements() as counter:
        response = client.get(url)
        assert response.status_code == 200, url
    return counter.count


def _people(prefix: str, count: int) -> list[Member]:
    return [make_member(name=f"{prefix} Person {n}", discipline=DISCIPLINES[n % len(DISCIPLINES)],
                        organisation=f"{prefix} Trust {n}", interests="frailty")
            for n in range(count)]


def _busy_thread(author: Member, people: list[Member], moderator: Member, rounds: int) -> int:
    """Each round: a comment (edited, reacted to twice, marked helpful every other round), a
    reply to it, a hidden comment, a comment held for review and a removed one."""
    thread = make_thread(author, title=f"Busy thread of {rounds}")
    for i in range(rounds):
        writer, replier, reactor = (people[(i + k) % len(people)] for k in range(3))
        comment = posting.add_comment(writer, thread, body=f"Comment {i}")
        posting.add_comment(replier, thread, body=f"Reply {i}", parent_id=comment.id)
        posting.edit_post(writer, comment, body=f"Comment {i}, edited")
        reactions.react(reactor, comment, "like")
        reactions.react(author, comment, "thanks")
        if i % 2 == 0:
            posting.mark_helpful(author, comment, True)
        review.hide_post(moderator, posting.add_comment(replier, thread, body="Off topic"), "Off topic")
        held = posting.add_comment(writer, thread, body="A zebra crossing")
        assert held.held_at is not None
        posting.delete_post(reactor, posting.add_comment(reactor, thread, body="Never mind"))
    return thread.id


def test_the_thread_page_issues_the_same_statements_for_few_and_many_posts(app, statements):
    with in_app(app):
        make_space()
        author = make_member(name="Ada Author", discipline="medicine", interests="frailty")
        moderator = make_member(name="Mo Moderator", roles=("moderator",))
        few_people, many_people = _people("Few", 3), _people("Many", 8)
        reader = many_people[0]
        few_people[0] = reader  # the reader wrote held posts in both threads, and reacted
        few = _busy_thread(author, few_people, moderator, 2)
        many = _busy_thread(author, many_people, moderator, 9)   # 46 posts: one page
        emails = {"member": reader.email, "moderator": moderator.email, "author": author.email}
    for who, email in emails.items():
        client = app.test_client()
        assert sign_in(client, email, PASSWORD).status_code == 302
        counts = [_count(statements, client, f"/threads/{thread}") for thread in (few, many)]
        assert counts[0] == counts[1], (who, counts)
        assert counts[1] <= 10, (who, counts)
        # The page really holds what is counted: held posts for their author and moderators.
        html = client.get(f"/threads/{many}").get_data(as_text=True)
        assert html.count('<article class="community-post') >= 9 * 3 + 1
        if who != "author":
            assert "A zebra crossing" in html


def _grow(member: Member, prefix: str, count: int) -> None:
    """`count` connections of each kind for `member`, threads and comments by `member`."""
    others = _people(prefix, count * 3)
    for other in others[:count]:
        connect(member, other)
    from community.members.services import connections
    for other in others[count:2 * count]:
        connections.request(other, member)
    for other in others[2 * count:]:
        connections.request(member, other)
    thread = make_thread(member, title=f"{prefix} thread")
    for n in range(count):
        posting.add_comment(member, thread, body=f"{prefix} comment {n}")
        posting.add_comment(others[n], thread, body=f"{prefix} answer {n}")


@pytest.mark.parametrize("page", ["/", "/network", "/members/{member}", "/members/{member}?as=other"])
def test_home_network_and_profile_issue_the_same_statements_for_few_and_many(app, statements, page):
    with in_app(app):
        make_space()
        member = make_member(name="Nia Network", discipline="nursing", organisation="Home Trust",
                             interests="frailty")
        viewer = make_member(name="Vic Viewer", discipline="pharmacy", interests="frailty")
        member_id, emails = member.id, {"member": member.email, "other": viewer.email}
        _grow(member, "Few", 1)
    who = "other" if "as=other" in page else "member"
    url = page.replace("?as=other", "").format(member=member_id)
    client = app.test_client()
    assert sign_in(client, emails[who], PASSWORD).status_code == 302
    few = _count(statements, client, url)
    with in_app(app):
        _grow(db.session.get(Member, member_id), "Many", 12)
    many = _count(statements, client, url)
    assert few == many, (url, who, few, many)
