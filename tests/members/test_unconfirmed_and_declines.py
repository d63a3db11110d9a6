"""Two decisions (docs/decisions.md, Members and accounts): an unconfirmed account neither reports
posts nor shows its profile to others; a declined connection request cannot be re-sent for 30 days.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from community.errors import InvalidInput, NotAllowed
from community.extensions import db
from community.members.models import Connection, Member
from community.members.services import connections, directory
from community.moderation.models import Flag
from community.moderation.services import reports
from community.threads.services import posting
from tests.factories import make_member, make_space, make_thread
from tests.support import Page, add_member, in_app, signed_in

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


# Unconfirmed accounts --------------------------------------------------------------------------

def test_an_unconfirmed_member_cannot_report_a_post(app, client):
    with in_app(app):
        make_space()
        author = make_member(name="Ana Author")
        post_id = posting.add_comment(author, make_thread(author), body="Weekend cover").id
    newcomer = add_member(app, name="Nell Newcomer", confirmed=False)
    signed_in(client, newcomer)

    thread_page = Page(client.get(f"/posts/{post_id}/block"))
    response = client.post_form(f"/posts/{post_id}/flag", {"reason": "off-topic"})

    assert not [a for a in thread_page.all("a") if a.attrs.get("href", "").endswith("/flag")]
    assert response.status_code == 403
    assert "Confirm your email address first" in Page(response).text
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Flag)) == 0
        member = db.session.get(Member, newcomer.id)
        with pytest.raises(NotAllowed):
            reports.flag_post(member, posting.get_post(post_id), reason="off-topic")


def test_a_confirmed_member_still_reports(app, client):
    with in_app(app):
        make_space()
        author = make_member(name="Ana Author")
        post_id = posting.add_comment(author, make_thread(author), body="Weekend cover").id
    signed_in(client, add_member(app, name="Rae Reporter"))
    assert client.post_form(f"/posts/{post_id}/flag", {"reason": "off-topic"}).status_code == 302
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Flag)) == 1


def test_an_unconfirmed_profile_is_shown_to_nobody_else(app, client, another_client):
    newcomer = add_member(app, name="Nell Newcomer", confirmed=False, job_title="Chief Nurse")
    signed_in(another_client, newcomer)
    signed_in(client, add_member(app, name="Bob Okafor"))

    directory_page = Page(client.get("/members?q=Nell"))
    assert "Nell Newcomer" not in directory_page.text
    assert client.get(f"/members/{newcomer.id}").status_code == 404
    assert client.get("/members/suggest?q=Nel").get_json() == []
    assert another_client.get(f"/members/{newcomer.id}").status_code == 200  # their own
    moderator = type(client)(app)
    signed_in(moderator, add_member(app, name="Mo Moderator", roles=("moderator",)))
    assert moderator.get(f"/members/{newcomer.id}").status_code == 200  # staff see everyone
    # The same search finds them once confirmed: the refusal above was about confirmation.
    with in_app(app):
        db.session.get(Member, newcomer.id).confirmed_at = T0
        db.session.commit()
    assert "Nell Newcomer" in Page(client.get("/members?q=Nell")).text
    assert [m["name"] for m in client.get("/members/suggest?q=Nel").get_json()] == ["Nell Newcomer"]


def test_confirming_puts_the_profile_in_the_directory(app, client, outbox):
    newcomer = add_member(app, name="Nell Newcomer", confirmed=False)
    signed_in(client, add_member(app, name="Bob Okafor"))
    assert "Nell Newcomer" not in Page(client.get("/members")).text
    with in_app(app):
        db.session.get(Member, newcomer.id).confirmed_at = T0
        db.session.commit()
    assert "Nell Newcomer" in Page(client.get("/members")).text
    assert client.get(f"/members/{newcomer.id}").status_code == 200


def test_a_mention_of_an_unconfirmed_member_stays_plain_text(app, ctx):
    make_space()
    writer = make_member(name="Wren Writer")
    newcomer = make_member(name="Nell Newcomer", confirmed=False)
    post = posting.add_comment(writer, make_thread(writer), body=f"Ask @[Nell Newcomer]({newcomer.id})")
    assert f"/members/{newcomer.id}" not in post.body_html
    assert "@Nell Newcomer" in post.body_html or "@[Nell Newcomer]" in post.body_html
    nurse = make_member(name="Nia Nurse", discipline="nursing", interests="frailty")
    pharmacist = make_member(name="Pat Pharmacist", discipline="pharmacy", interests="frailty")
    unconfirmed_pharmacist = make_member(name="Una Unconfirmed", discipline="pharmacy", confirmed=False,
                                         interests="frailty")
    suggested = [m.id for m, _ in directory.across_disciplines(nurse, limit=50)]
    assert pharmacist.id in suggested and unconfirmed_pharmacist.id not in suggested


# Declined requests ------------------------------------------------------------------------------

def test_a_declined_request_cannot_be_sent_again_for_thirty_days(app, ctx):
    asker, asked = make_member(name="Ash Asker"), make_member(name="Dee Decliner")
    first = connections.request(asker, asked, now=T0)
    connections.decline(asked, first, now=T0 + timedelta(hours=1))

    for later in (timedelta(hours=1, seconds=1), timedelta(days=30, minutes=59)):
        with pytest.raises(InvalidInput) as refused:
            connections.request(asker, asked, now=T0 + later)
        assert refused.value.errors == {
            "connection": "Dee Decliner did not accept your last request. You can ask again from 7 January 2027"}
    assert connections.status_with(asker, asked) == "none"
    assert connections.network(asked).received == []

    again = connections.request(asker, asked, now=T0 + timedelta(days=30, hours=1))
    assert (again.id, again.status, again.requester_id) == (first.id, "pending", asker.id)
    assert connections.network(asked).received == [again]
    assert db.session.scalar(select(func.count()).select_from(Connection)) == 1


def test_the_one_who_declined_may_ask_at_once(app, ctx):
    asker, asked = make_member(name="Ash Asker"), make_member(name="Dee Decliner")
    connections.decline(asked, connections.request(asker, asked, now=T0), now=T0)
    turned = connections.request(asked, asker, now=T0 + timedelta(minutes=5))
    assert (turned.status, turned.requester_id, turned.addressee_id) == ("pending", asked.id, asker.id)
    assert connections.status_with(asker, asked) == "received"
    connections.accept(asker, turned)
    assert connections.status_with(asker, asked) == "connected"


def test_re_sending_through_the_page_says_when(app, client, another_client):
    asker = add_member(app, name="Ash Asker")
    asked = add_member(app, name="Dee Decliner")
    signed_in(client, asker)
    signed_in(another_client, asked)
    client.post_form(f"/members/{asked.id}/connect")
    with in_app(app):
        connection_id = db.session.scalar(select(Connection.id))
    assert another_client.post_form(f"/connections/{connection_id}/decline").status_code == 302

    response = client.post_form(f"/members/{asked.id}/connect", follow_redirects=True)

    assert "Dee Decliner did not accept your last request. You can ask again from" in Page(response).text
    with in_app(app):
        assert db.session.scalar(select(Connection.status)) == "declined"
