"""Connections through the test client: request, accept, decline, withdraw and remove, each by the
right person only; asking twice or both at once; and "my network" with what it spans."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from community.extensions import db
from community.dates import utcnow
from community.members.models import Connection, Member
from community.members.services import connections
from community.moderation.services import members as moderation
from tests.factories import connect, make_member
from tests.support import Page, Person, add_member, in_app, signed_in


@pytest.fixture
def ada(app):
    return add_member(app, name="Ada Lovelace", discipline="nursing")


@pytest.fixture
def bob(app):
    return add_member(app, name="Bob Okafor", discipline="medicine")


def rows(app) -> list[tuple[int, int, str]]:
    """Every connection as (requester, addressee, status)."""
    with in_app(app):
        return [tuple(r) for r in db.session.execute(select(
            Connection.requester_id, Connection.addressee_id, Connection.status).order_by(Connection.id))]


def connection_id(app, a: Person, b: Person) -> int:
    with in_app(app):
        return connections.between(a.id, b.id).id


def ask(app, a: Person, b: Person, accepted: bool = False) -> int:
    """A request from a to b (accepted by b if asked), made through the service."""
    with in_app(app):
        requester, addressee = db.session.get(Member, a.id), db.session.get(Member, b.id)
        connection = connections.request(requester, addressee)
        if accepted:
            connections.accept(addressee, connection)
        return connection.id


def act(client, connection: int, action: str, next_url: str | None = None):
    return client.post_form(f"/connections/{connection}/{action}",
                            {"next": next_url} if next_url else {})


def shown(client, response) -> Page:
    """The page a POST sent the person to, with its message."""
    assert response.status_code == 302, response.status_code
    return Page(client.get(response.headers["Location"]))


# Asking and answering ----------------------------------------------------------------------------

def test_a_member_asks_and_the_colleague_accepts(app, client, another_client, ada, bob):
    signed_in(client, ada)
    assert Page(client.get(f"/members/{bob.id}")).one("button", type="submit").text == "Connect with Bob Okafor"

    response = client.post_form(f"/members/{bob.id}/connect")

    assert response.headers["Location"] == f"/members/{bob.id}"
    page = shown(client, response)
    assert "Connection request sent to Bob Okafor." in page.text
    assert "You asked to connect with Bob Okafor." in page.text
    assert [b.text for b in page.all("button", type="submit")] == ["Withdraw request"]
    assert rows(app) == [(ada.id, bob.id, "pending")]

    signed_in(another_client, bob)
    network = Page(another_client.get("/network"))
    assert "Ada Lovelace" in network.text
    assert [b.text for b in network.all("button", type="submit")] == ["Accept Ada Lovelace", "Decline Ada Lovelace"]
    profile = Page(another_client.get(f"/members/{ada.id}"))
    assert "Ada Lovelace would like to connect with you." in profile.text

    response = act(another_client, connection_id(app, ada, bob), "accept", f"/members/{ada.id}")

    assert response.headers["Location"] == f"/members/{ada.id}"
    page = shown(another_client, response)
    assert "You are now connected with Ada Lovelace." in page.text
    assert page.one(cls="nhsuk-tag--green").text == "Connected"
    assert rows(app) == [(ada.id, bob.id, "accepted")]
    assert "1 connection, spanning 1 discipline and 1 organisation." in Page(client.get("/network")).text


def test_the_colleague_declines_and_cannot_be_asked_again_at_once(app, client, another_client, ada, bob):
    """Declining used to delete the request, so it could be re-sent at once, endlessly; now the
    asker waits 30 days (tests/members/test_unconfirmed_and_declines.py moves the clock)."""
    connection = ask(app, ada, bob)
    signed_in(another_client, bob)

    page = shown(another_client, act(another_client, connection, "decline"))

    assert "You declined Ada Lovelace's request." in page.text
    assert page.h1 == "My network"
    assert "Ada Lovelace" not in page.text.replace("You declined Ada Lovelace's request.", "")
    assert rows(app) == [(ada.id, bob.id, "declined")]
    signed_in(client, ada)
    assert "Bob Okafor did not accept your last request. You can ask again from" in shown(
        client, client.post_form(f"/members/{bob.id}/connect")).text
    assert rows(app) == [(ada.id, bob.id, "declined")]


def test_the_one_who_asked_withdraws(app, client, ada, bob):
    connection = ask(app, ada, bob)
    signed_in(client, ada)

    page = shown(client, act(client, connection, "withdraw", f"/members/{bob.id}"))

    assert "You withdrew your request to Bob Okafor." in page.text
    assert page.one("button", type="submit").text == "Connect with Bob Okafor"
    assert rows(app) == []


@pytest.mark.parametrize("who", ["requester", "addressee"])
def test_either_side_removes_a_connection(app, client, ada, bob, who):
    connection = ask(app, ada, bob, accepted=True)
    me, other = (ada, bob) if who == "requester" else (bob, ada)
    signed_in(client, me)

    page = shown(client, act(client, connection, "remove"))

    assert f"You are no longer connected with {other.name}." in page.text
    assert rows(app) == []
    assert "0 connections, spanning 0 disciplines and 0 organisations." in page.text


# Only the right person ----------------------------------------------------------------------------

def test_only_the_right_person_may_answer_withdraw_or_remove(app, ada, bob):
    cy = add_member(app, name="Cy Stranger", discipline="pharmacy", roles=("moderator", "admin"))
    pending = ask(app, ada, bob)
    dee = add_member(app, name="Dee Friend", discipline="psychology")
    accepted = ask(app, ada, dee, accepted=True)
    clients = {person: signed_in(app.test_client(), person) for person in (ada, bob, cy, dee)}
    refused = [
        (ada, pending, "accept"), (ada, pending, "decline"),  # only the one asked answers
        (bob, pending, "withdraw"),                          # only the one who asked withdraws
        (cy, pending, "accept"), (cy, pending, "decline"), (cy, pending, "withdraw"), (cy, pending, "remove"),
        (cy, accepted, "remove"), (bob, accepted, "remove"), (bob, accepted, "accept"),
    ]
    before = rows(app)

    statuses = {(who.name, connection, action): act(clients[who], connection, action).status_code
                for who, connection, action in refused}

    assert statuses == {key: 403 for key in statuses}
    assert rows(app) == before


def test_an_answered_request_cannot_be_answered_again(app, client, another_client, ada, bob):
    connection = ask(app, ada, bob, accepted=True)
    signed_in(client, ada)
    signed_in(another_client, bob)

    for who, action, message in [
        (another_client, "accept", "This request has already been answered"),
        (another_client, "decline", "This request has already been answered"),
        (client, "withdraw", "You are already connected; remove the connection instead"),
    ]:
        assert shown(who, act(who, connection, action)).error_summary == [message]
    assert rows(app) == [(ada.id, bob.id, "accepted")]


def test_a_request_still_waiting_cannot_be_removed(app, client, ada, bob):
    connection = ask(app, ada, bob)
    signed_in(client, ada)
    assert shown(client, act(client, connection, "remove")).error_summary == ["You are not connected"]
    assert rows(app) == [(ada.id, bob.id, "pending")]


def test_unknown_connections_actions_and_methods(app, client, ada, bob):
    connection = ask(app, ada, bob)
    signed_in(client, ada)

    assert act(client, 999999, "withdraw").status_code == 404
    assert act(client, connection, "delete").status_code == 404
    assert client.post_form("/members/999999/connect").status_code == 404
    assert client.get(f"/connections/{connection}/withdraw").status_code == 405
    assert client.get(f"/members/{bob.id}/connect").status_code == 405
    assert rows(app) == [(ada.id, bob.id, "pending")]


def test_after_an_action_only_pages_on_this_site_are_returned_to(app, client, ada, bob):
    connection = ask(app, ada, bob)
    signed_in(client, ada)
    response = act(client, connection, "withdraw", "//evil.example/network")
    assert response.headers["Location"] == "/network"


def test_a_visitor_cannot_connect(app, client, ada, bob):
    response = client.post_form(f"/members/{bob.id}/connect")
    assert response.headers["Location"].startswith("/login")
    assert rows(app) == []


# Asking twice, both ways, oneself -------------------------------------------------------------------

def test_asking_twice_keeps_one_request_and_says_so(app, client, ada, bob):
    signed_in(client, ada)
    client.post_form(f"/members/{bob.id}/connect")

    page = shown(client, client.post_form(f"/members/{bob.id}/connect"))

    assert page.error_summary == ["You have already asked to connect with Bob Okafor"]
    assert rows(app) == [(ada.id, bob.id, "pending")]


def test_asking_someone_who_already_asked_you_connects_you(app, client, ada, bob):
    ask(app, bob, ada)
    signed_in(client, ada)

    page = shown(client, client.post_form(f"/members/{bob.id}/connect"))

    assert "You are now connected with Bob Okafor." in page.text
    assert rows(app) == [(bob.id, ada.id, "accepted")]


def test_asking_someone_you_are_connected_with_says_so(app, client, ada, bob):
    ask(app, bob, ada, accepted=True)
    signed_in(client, ada)
    page = shown(client, client.post_form(f"/members/{bob.id}/connect"))
    assert page.error_summary == ["You are already connected with Bob Okafor"]
    assert rows(app) == [(bob.id, ada.id, "accepted")]


@contextmanager
def meanwhile_asked(app, requester: Person, addressee: Person):
    """Another request stores this request just before ours is written: two clicks, or two
    people asking each other, at the same moment. Written on its own connection and committed."""
    stored = []

    def store_the_other_one(session, flush_context, instances):
        if stored or not any(isinstance(o, Connection) for o in session.new):
            return
        low, high = sorted((requester.id, addressee.id))
        with db.engine.begin() as conn:
            conn.execute(insert(Connection).values(requester_id=requester.id, addressee_id=addressee.id,
                                                   pair_low=low, pair_high=high, status="pending",
                                                   requested_at=utcnow()))
        stored.append(True)

    event.listen(Session, "before_flush", store_the_other_one)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", store_the_other_one)
    assert stored, "the other request was never written"


def test_two_people_asking_each_other_at_once_are_connected_once(app, client, ada, bob):
    signed_in(client, ada)

    with meanwhile_asked(app, bob, ada):
        response = client.post_form(f"/members/{bob.id}/connect")

    assert "You are now connected with Bob Okafor." in shown(client, response).text
    assert rows(app) == [(bob.id, ada.id, "accepted")]


def test_a_double_click_stores_one_request(app, client, ada, bob):
    signed_in(client, ada)

    with meanwhile_asked(app, ada, bob):
        response = client.post_form(f"/members/{bob.id}/connect")

    assert shown(client, response).error_summary == ["You have already asked to connect with Bob Okafor"]
    assert rows(app) == [(ada.id, bob.id, "pending")]


def test_a_member_cannot_connect_with_themselves(app, client, ada):
    signed_in(client, ada)
    profile = Page(client.get(f"/members/{ada.id}"))
    assert [a.text for a in profile.all("a") if a.attrs.get("href") == "/profile"][-1] == "Edit your profile"
    assert not profile.all("button", type="submit")

    response = client.post_form(f"/members/{ada.id}/connect")

    assert shown(client, response).error_summary == ["You cannot connect with yourself"]
    assert rows(app) == []


# Who may connect ----------------------------------------------------------------------------------

def test_an_unconfirmed_member_cannot_be_asked_until_they_confirm(app, client, ada):
    """Their profile is shown to nobody else until they confirm (docs/decisions.md)."""
    una = add_member(app, name="Una Unconfirmed", confirmed=False)
    signed_in(client, ada)

    assert client.post_form(f"/members/{una.id}/connect").status_code == 404
    assert rows(app) == []


@pytest.mark.parametrize("state", ["suspended", "waiting for approval"])
def test_no_one_connects_with_a_suspended_or_waiting_member(app, client, ada, state):
    with in_app(app):
        if state == "suspended":
            other = make_member(name="Sam Other")
            moderation.suspend(make_member(roles=("admin",)), other)
        else:
            other = make_member(name="Sam Other", approved=False)
        other_id = other.id
    signed_in(client, ada)

    assert client.post_form(f"/members/{other_id}/connect").status_code == 404
    assert rows(app) == []


# My network -----------------------------------------------------------------------------------------

def test_my_network_counts_the_disciplines_and_organisations_it_spans(app, client, ada):
    with in_app(app):
        me = db.session.get(Member, ada.id)
        for name, discipline, organisation in [
            ("Bob Okafor", "medicine", "Riverside University Hospitals NHS Trust"),   # my own trust too
            ("Cy Consultant", "medicine", "Northfield Council"),
            ("Di Pharmacist", "pharmacy", "riverside university hospitals nhs trust"),  # same trust
            ("Ed Social", "social-care", ""),                                       # no organisation
        ]:
            connect(me, make_member(name=name, discipline=discipline, organisation=organisation))
        connect(make_member(name="Flo Asked", discipline="psychology", organisation="Eastgate PCN"), me)
        connections.request(me, make_member(name="Gus Pending", discipline="dentistry", organisation="Gus Dental"))
        connections.request(make_member(name="Hal Hopeful", discipline="midwifery", organisation="Hal Trust"), me)
        make_member(name="Ivy Unrelated", discipline="public-health", organisation="Elsewhere")
    signed_in(client, ada)

    page = Page(client.get("/network"))

    assert page.h1 == "My network"
    assert "5 connections, spanning 4 disciplines and 3 organisations." in page.text
    assert [li.text for li in page.all("li", cls="community-chip")] == [
        "Medicine: 2", "Pharmacy: 1", "Psychology: 1", "Social care: 1"]
    cards = [h.text for h in page.all("h3")]
    assert cards == ["Hal Hopeful", "Gus Pending", "Flo Asked", "Ed Social", "Di Pharmacist",
                     "Cy Consultant", "Bob Okafor"]
    home = Page(client.get("/")).one(cls="community-network-card")
    assert "5 connections across 4 disciplines and 3 organisations." in home.text


def test_an_empty_network_points_to_the_directory(app, client, ada):
    page = Page(signed_in(client, ada).get("/network"))
    assert "0 connections, spanning 0 disciplines and 0 organisations." in page.text
    assert "No connections yet." in page.text
    assert "Find colleagues" in [a.text for a in page.all("a") if a.attrs.get("href") == "/members"]


def test_my_network_is_for_members(app, client):
    assert client.get("/network").headers["Location"] == "/login?next=%2Fnetwork"
    with in_app(app):
        assert db.session.scalar(select(func.count()).select_from(Connection)) == 0
