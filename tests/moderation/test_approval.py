"""Joining with JOIN_REQUIRES_APPROVAL: the joiner waits, moderators see a queue at /moderation
and approve or decline, and nobody else can touch it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.extensions import db
from community.members.models import Connection
from community.moderation.services import members as moderation
from community.threads.models import Thread
from tests.factories import make_member, make_space, make_thread
from tests.support import JOIN_FIELDS, Page, add_member, in_app, join, member_by_email, signed_in

JOINER = JOIN_FIELDS["email"]
WAITING = "Your membership is waiting for a moderator's approval"


@pytest.fixture
def app_config():
    return {"JOIN_REQUIRES_APPROVAL": True}


@pytest.fixture
def joiner(app, client, outbox):
    """Grace joined and confirmed her address; she is waiting for approval."""
    join(client)
    client.get(outbox.last_link(JOINER, "/confirm/"))
    return member_by_email(app, JOINER)


@pytest.fixture
def moderator(app):
    return add_member(app, name="Mo Moderator", email="mo@example.nhs.uk", roles=("moderator",))


def count(app, model) -> int:
    with in_app(app):
        return db.session.scalar(select(func.count()).select_from(model))


def approve(client, member_id: int, decision: str = "approve"):
    return client.post_form(f"/moderation/members/{member_id}/{decision}")


def test_a_joiner_is_told_they_wait_for_approval(app, client, outbox):
    response = join(client)

    assert response.status_code == 200
    assert "A moderator will also look at your request to join" in Page(response).text
    member = member_by_email(app, JOINER)
    assert member is not None and not member.is_approved
    client.get(outbox.last_link(JOINER, "/confirm/"))
    signed_in(client, member, JOIN_FIELDS["password"])
    home = Page(client.get("/"))
    assert "Waiting for approval" in home.text
    assert not home.all("a", href="/moderation")


def test_without_the_setting_a_joiner_is_in_at_once(app, client):
    app.config["JOIN_REQUIRES_APPROVAL"] = False
    response = join(client)
    assert "A moderator will also look" not in Page(response).text
    assert member_by_email(app, JOINER).is_approved


def test_until_approved_a_joiner_cannot_read_post_or_connect(app, client, joiner):
    with in_app(app):
        make_space()
        colleague = make_member(name="Bob Okafor")
        thread = make_thread(colleague)
        colleague_id, thread_id = colleague.id, thread.id
    signed_in(client, joiner, JOIN_FIELDS["password"])

    directory = client.get("/members")
    assert directory.status_code == 403
    assert WAITING in Page(directory).text
    assert client.get(f"/members/{colleague_id}").status_code == 403
    assert client.post_form(f"/members/{colleague_id}/connect").status_code == 403
    assert client.get("/threads/new").status_code == 403
    assert client.post_form("/threads/new", {"title": "Hello", "body": "Me", "space": "quality-improvement"}
                            ).status_code == 403
    assert client.post_form(f"/threads/{thread_id}/comments", {"body": "Hello"}).status_code == 403
    assert count(app, Connection) == 0
    assert count(app, Thread) == 1
    # What they may do meanwhile: edit their profile.
    assert client.get("/profile").status_code == 200


def test_a_moderator_sees_the_queue_and_approves(app, client, another_client, joiner, moderator, outbox):
    with in_app(app):
        make_space()
    signed_in(another_client, moderator)

    queue = Page(another_client.get("/moderation"))
    assert queue.status == 200
    assert "Grace Hopper" in queue.text and JOINER in queue.text
    assert Page(another_client.get("/")).all("a", href="/moderation")  # in the menu

    response = approve(another_client, joiner.id)

    assert response.status_code == 302
    assert response.headers["Location"] == "/moderation"
    after = Page(another_client.get("/moderation"))
    assert "Grace Hopper approved." in after.text
    assert "Nobody is waiting." in after.text
    assert member_by_email(app, JOINER).is_approved
    (welcome,) = [m for m in outbox.to(JOINER) if "approved" in m["Subject"]]
    assert welcome["Subject"] == "Welcome to Community: your membership is approved"
    assert outbox.last_link(JOINER, "/login")

    # Now Grace is in: she can read, post and connect.
    signed_in(client, joiner, JOIN_FIELDS["password"])
    assert client.get("/members").status_code == 200
    created = client.post_form("/threads/new", {"title": "Hello all", "body": "Glad to be here",
                                                "space": "quality-improvement"})
    assert created.status_code == 302
    assert client.post_form(f"/members/{moderator.id}/connect").status_code == 302
    assert count(app, Connection) == 1


def test_approving_takes_effect_in_an_open_session(app, client, another_client, joiner, moderator):
    signed_in(client, joiner, JOIN_FIELDS["password"])
    assert client.get("/members").status_code == 403
    approve(signed_in(another_client, moderator), joiner.id)
    assert client.get("/members").status_code == 200


def test_a_moderator_declines_and_the_address_can_join_again(app, client, another_client, joiner,
                                                             moderator, outbox):
    signed_in(client, joiner, JOIN_FIELDS["password"])
    signed_in(another_client, moderator)

    response = approve(another_client, joiner.id, "decline")

    assert response.status_code == 302
    page = Page(another_client.get("/moderation"))
    assert "Grace Hopper's request was declined." in page.text
    assert "Nobody is waiting." in page.text
    assert member_by_email(app, JOINER) is None
    assert outbox.to(JOINER)[-1]["Subject"] == "Your request to join Community"
    # Her open session ends with her account.
    assert client.get("/profile").status_code == 302
    join(app.test_client())
    assert member_by_email(app, JOINER) is not None


def test_an_admin_may_approve_too(app, client, joiner):
    admin = add_member(app, roles=("admin",))
    assert approve(signed_in(client, admin), joiner.id).status_code == 302
    assert member_by_email(app, JOINER).is_approved


def test_approving_twice_is_harmless(app, client, joiner, moderator, outbox):
    signed_in(client, moderator)
    approve(client, joiner.id)
    approved_at = member_by_email(app, JOINER).approved_at

    again = approve(client, joiner.id)

    assert again.status_code == 302
    page = Page(client.get("/moderation"))
    assert "Grace Hopper is already approved" in " ".join(page.error_summary)
    assert member_by_email(app, JOINER).approved_at == approved_at
    assert len([m for m in outbox.to(JOINER) if "approved" in m["Subject"]]) == 1
    # Declining someone already approved does not remove them.
    assert approve(client, joiner.id, "decline").status_code == 302
    assert member_by_email(app, JOINER) is not None


def test_deciding_on_someone_who_is_gone_or_an_unknown_decision_is_404(app, client, joiner, moderator):
    signed_in(client, moderator)
    assert approve(client, joiner.id, "banish").status_code == 404
    assert approve(client, 999_999).status_code == 404
    approve(client, joiner.id, "decline")
    assert approve(client, joiner.id).status_code == 404


@pytest.mark.parametrize("roles", [(), ("facilitator",), ("designer",), ("facilitator", "designer")])
def test_other_members_cannot_see_or_use_the_queue(app, client, joiner, outbox, roles):
    someone = add_member(app, roles=roles)
    signed_in(client, someone)
    mails = len(outbox.messages)

    assert client.get("/moderation").status_code == 403
    assert not Page(client.get("/")).all("a", href="/moderation")
    assert approve(client, joiner.id).status_code == 403
    assert approve(client, joiner.id, "decline").status_code == 403

    member = member_by_email(app, JOINER)
    assert member is not None and not member.is_approved
    assert len(outbox.messages) == mails


def test_visitors_are_sent_to_sign_in(app, client, joiner):
    assert client.get("/moderation").headers["Location"] == "/login?next=%2Fmoderation"
    assert approve(client, joiner.id).status_code == 302
    assert not member_by_email(app, JOINER).is_approved


def test_the_queue_shows_who_has_not_confirmed_and_leaves_out_suspended(app, client, moderator):
    with in_app(app):
        make_member(name="Una Unconfirmed", approved=False, confirmed=False)
        quiet = make_member(name="Sam Suspended", approved=False)
        moderation.suspend(make_member(roles=("admin",)), quiet)
    page = Page(signed_in(client, moderator).get("/moderation"))
    assert "Una Unconfirmed" in page.text and "(not confirmed)" in page.text
    assert "Sam Suspended" not in page.text


def test_the_queue_is_paginated_longest_waiting_first(app, client, moderator):
    with in_app(app):
        for n in range(53):
            make_member(name=f"Joiner {n:02d} Waiting", approved=False)
    signed_in(client, moderator)

    def waiting(page: Page) -> list[str]:
        return [td.text for td in page.all("td") if td.text.startswith("Joiner ")]

    first = Page(client.get("/moderation"))
    second = Page(client.get("/moderation?waiting_page=2"))

    assert "53 people waiting" in first.text
    assert waiting(first) == [f"Joiner {n:02d} Waiting" for n in range(50)]
    assert waiting(second) == [f"Joiner {n:02d} Waiting" for n in range(50, 53)]
    next_link = first.one("a", rel="next").attrs["href"]
    assert next_link.startswith("/moderation?") and "waiting_page=2" in next_link
    assert second.all("a", rel="prev")
    assert "No more people are waiting" in Page(client.get("/moderation?waiting_page=9")).text


def test_the_queue_takes_the_same_statements_for_few_and_many(app, client, moderator, statements):
    signed_in(client, moderator)

    def cost() -> int:
        with statements() as counter:
            assert client.get("/moderation").status_code == 200
        return counter.count

    with in_app(app):
        make_member(approved=False)
    few = cost()
    with in_app(app):
        for _ in range(15):
            make_member(approved=False, organisation="Northfield Council")
    assert cost() == few
