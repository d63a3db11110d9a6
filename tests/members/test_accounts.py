"""Joining, confirming, resetting a password and changing an email address, through the real
forms and the links in the real outbox."""
from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from community.extensions import db
from community.members import tokens
from community.members.models import Member, Organisation
from tests.factories import PASSWORD, make_member
from tests.support import (JOIN_FIELDS, Page, add_member, in_app, join, member_by_email,
                           member_count, signed_in)

HOUR = 3600


def backdated(app, token: str, purpose: str, seconds: int) -> str:
    """The same signed payload, signed as if `seconds` ago (the link a person kept in their inbox)."""
    key = app.config["SECRET_KEY"]
    payload = URLSafeTimedSerializer(key, salt=purpose).loads(token)

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    return URLSafeTimedSerializer(key, salt=purpose, signer=Earlier).dumps(payload)


def token_of(path: str) -> str:
    return path.rsplit("/", 1)[1]


def tampered(path: str) -> str:
    head, token = path.rsplit("/", 1)
    middle = len(token) // 2
    swapped = "A" if token[middle] != "A" else "B"
    return f"{head}/{token[:middle]}{swapped}{token[middle + 1:]}"


# Joining ---------------------------------------------------------------------------------------

def test_join_creates_an_unconfirmed_member_and_mails_a_link_that_confirms(app, client, outbox):
    email = JOIN_FIELDS["email"]

    response = join(client)

    page = Page(response)
    assert response.status_code == 200
    assert page.h1 == "Check your email"
    assert email in page.text
    member = member_by_email(app, email)
    assert member.name == "Grace Hopper"
    assert member.discipline == "medicine"
    assert member.organisation_name == "Riverside University Hospitals NHS Trust"
    assert member.is_approved and not member.is_confirmed
    assert member.password_hash != JOIN_FIELDS["password"]

    (mail,) = outbox.to(email)
    assert mail["Subject"] == "Confirm your email address for Community"
    link = outbox.last_link(email, "/confirm/")

    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/profile"
    assert member_by_email(app, email).is_confirmed


def test_confirming_while_signed_in_goes_to_the_profile(app, client, outbox):
    join(client)
    signed_in(client, member_by_email(app, JOIN_FIELDS["email"]), JOIN_FIELDS["password"])

    response = client.get(outbox.last_link(JOIN_FIELDS["email"], "/confirm/"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    assert "Thank you: your email address is confirmed." in Page(client.get("/profile")).text


def test_join_normalises_the_email_address(app, client, outbox):
    response = join(client, email="  Grace.Hopper@Example.NHS.uk ")

    assert response.status_code == 200
    assert member_by_email(app, "grace.hopper@example.nhs.uk").email == "grace.hopper@example.nhs.uk"
    assert len(outbox.to("grace.hopper@example.nhs.uk")) == 1


def test_an_address_is_taken_whatever_its_case(app, client):
    add_member(app, email="ada@example.nhs.uk")

    join(client, email="ADA@Example.nhs.UK")

    assert member_count(app) == 1


@pytest.mark.parametrize("email", ["ADA@example.nhs.uk", "ada@example.nhs.uk"])
def test_the_database_refuses_a_second_row_for_an_address(app, email):
    with in_app(app):
        make_member(email="ada@example.nhs.uk")
        db.session.add(Member(email=email, name="Another Ada", password_hash="x",
                              discipline="nursing"))
        # Upper case breaks the email_lower check; lower case breaks uq_members_email_lower.
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    assert member_count(app) == 1


def test_organisations_are_reused_whatever_their_case(app, client, another_client):
    join(client, organisation="Northfield Council")
    join(another_client, email="ada@example.nhs.uk", organisation="  northfield   COUNCIL ")

    grace = member_by_email(app, JOIN_FIELDS["email"])
    ada = member_by_email(app, "ada@example.nhs.uk")
    assert ada.organisation_id == grace.organisation_id
    with in_app(app):
        assert db.session.scalars(select(Organisation.name)).all() == ["Northfield Council"]


# Never telling who is a member -----------------------------------------------------------------

def _without(response, email: str) -> str:
    return response.get_data(as_text=True).replace(email, "EMAIL")


def test_joining_with_a_taken_address_looks_like_a_new_join_and_warns_the_owner(
        app, client, another_client, outbox):
    add_member(app, email="ada@example.nhs.uk", name="Ada Lovelace")

    fresh = join(client, email="new.person@example.nhs.uk")
    taken = join(another_client, email="Ada@example.nhs.uk", name="Somebody Else")

    assert taken.status_code == fresh.status_code == 200
    assert _without(taken, "ada@example.nhs.uk") == _without(fresh, "new.person@example.nhs.uk")
    assert member_count(app) == 2
    assert member_by_email(app, "ada@example.nhs.uk").name == "Ada Lovelace"
    (warning,) = outbox.to("ada@example.nhs.uk")
    assert warning["Subject"] == "Someone tried to join Community with your email address"
    assert "/confirm/" not in outbox.body(warning)
    assert "/reset" in outbox.body(warning)


def test_a_reset_request_answers_the_same_for_known_and_unknown_addresses(app, client, outbox):
    add_member(app, email="ada@example.nhs.uk")

    known = client.post_form("/reset", {"email": "ada@example.nhs.uk"})
    unknown = client.post_form("/reset", {"email": "nobody@example.nhs.uk"})

    assert known.status_code == unknown.status_code == 200
    assert _without(known, "ada@example.nhs.uk") == _without(unknown, "nobody@example.nhs.uk")
    assert len(outbox.to("ada@example.nhs.uk")) == 1
    assert outbox.to("nobody@example.nhs.uk") == []
    assert len(outbox.messages) == 1


# Confirmation links ----------------------------------------------------------------------------

@pytest.mark.parametrize("age, works", [(47 * HOUR, True), (49 * HOUR, False)])
def test_a_confirmation_link_works_for_48_hours(app, client, outbox, age, works):
    join(client)
    link = outbox.last_link(JOIN_FIELDS["email"], "/confirm/")

    response = client.get("/confirm/" + backdated(app, token_of(link), tokens.CONFIRM, age))

    if works:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert Page(response).h1 == "This link has expired"
    assert member_by_email(app, JOIN_FIELDS["email"]).is_confirmed is works


@pytest.mark.parametrize("app_config", [{"CONFIRM_TOKEN_MAX_AGE": 60}])
def test_the_confirmation_lifetime_comes_from_the_settings(app, client, outbox):
    join(client)
    link = outbox.last_link(JOIN_FIELDS["email"], "/confirm/")

    response = client.get("/confirm/" + backdated(app, token_of(link), tokens.CONFIRM, 120))

    assert response.status_code == 400
    assert Page(response).h1 == "This link has expired"
    assert not member_by_email(app, JOIN_FIELDS["email"]).is_confirmed


def test_a_tampered_confirmation_link_does_not_work(app, client, outbox):
    join(client)
    link = outbox.last_link(JOIN_FIELDS["email"], "/confirm/")

    response = client.get(tampered(link))

    assert response.status_code == 400
    assert Page(response).h1 == "This link does not work"
    assert not member_by_email(app, JOIN_FIELDS["email"]).is_confirmed


def test_a_reset_link_cannot_confirm_an_address(app, client, outbox):
    """Links are signed per purpose: one kind of link is no good for another."""
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)
    client.post_form("/reset", {"email": ada.email})
    reset_link = outbox.last_link(ada.email, "/reset/")

    response = client.get("/confirm/" + token_of(reset_link))

    assert response.status_code == 400
    assert not member_by_email(app, ada.email).is_confirmed


def test_resending_the_confirmation_mails_a_new_link(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)
    signed_in(client, ada)

    response = client.post_form("/confirm/resend")

    assert response.status_code == 302
    assert client.get(outbox.last_link(ada.email, "/confirm/")).status_code == 302
    assert member_by_email(app, ada.email).is_confirmed


# Resetting a password --------------------------------------------------------------------------

NEW_PASSWORD = "marmalade-bicycle-lantern"


def _reset_link(client, outbox, email: str) -> str:
    client.post_form("/reset", {"email": email})
    return outbox.last_link(email, "/reset/")


def test_a_reset_link_sets_a_new_password_once(app, client, another_client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    link = _reset_link(client, outbox, ada.email)

    assert client.get(link).status_code == 200
    response = client.post_form(link, {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Your password has been changed and you are signed in." in Page(client.get("/")).text
    signed_in(another_client, ada, NEW_PASSWORD)

    again = another_client.post_form(link, {"password": "another-new-password-9"})
    assert again.status_code == 400
    assert Page(again).h1 == "This link does not work"
    assert client.get(link).status_code == 400


@pytest.mark.parametrize("age, status", [(HOUR + 59 * 60, 200), (2 * HOUR + 60, 400)])
def test_a_reset_link_works_for_two_hours(app, client, outbox, age, status):
    ada = add_member(app, email="ada@example.nhs.uk")
    link = _reset_link(client, outbox, ada.email)

    response = client.get("/reset/" + backdated(app, token_of(link), tokens.RESET, age))

    assert response.status_code == status
    if status == 400:
        assert Page(response).h1 == "This link has expired"


@pytest.mark.parametrize("app_config", [{"RESET_TOKEN_MAX_AGE": 60}])
def test_the_reset_lifetime_comes_from_the_settings(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    link = _reset_link(client, outbox, ada.email)
    old = "/reset/" + backdated(app, token_of(link), tokens.RESET, 120)

    response = client.post_form(old, {"password": NEW_PASSWORD})

    assert response.status_code == 400
    assert Page(response).h1 == "This link has expired"
    signed_in(client, ada)  # the old password still works


def test_a_tampered_reset_link_does_not_work(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    link = tampered(_reset_link(client, outbox, ada.email))

    response = client.post_form(link, {"password": NEW_PASSWORD})

    assert response.status_code == 400
    assert Page(response).h1 == "This link does not work"
    signed_in(client, ada)


def test_a_reset_refuses_a_weak_password_and_keeps_the_link_usable(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    link = _reset_link(client, outbox, ada.email)

    response = client.post_form(link, {"password": "short"})

    assert response.status_code == 422
    assert Page(response).error_beside("password") == "Password must be 10 characters or more"
    assert client.post_form(link, {"password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_confirms_the_address_it_was_sent_to(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk", confirmed=False)
    client.post_form(_reset_link(client, outbox, ada.email), {"password": NEW_PASSWORD})
    assert member_by_email(app, ada.email).is_confirmed


# Changing the email address --------------------------------------------------------------------

def _change_email(client, new: str, password: str = PASSWORD):
    return client.post_form("/profile/email", {"email": new, "password": password})


def sign_in_status(client, email: str) -> int:
    return client.post_form("/login", {"email": email, "password": PASSWORD}).status_code


def test_a_new_address_waits_for_its_link_and_the_old_one_is_told(app, client, another_client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    signed_in(client, ada)

    response = _change_email(client, " Ada.Lovelace@Example.NHS.uk ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    member = member_by_email(app, "ada@example.nhs.uk")
    assert member.pending_email == "ada.lovelace@example.nhs.uk"
    assert member_by_email(app, "ada.lovelace@example.nhs.uk") is None

    link = outbox.last_link("ada.lovelace@example.nhs.uk", "/confirm/")
    assert client.get(link).status_code == 302

    member = member_by_email(app, "ada.lovelace@example.nhs.uk")
    assert member.id == ada.id and member.pending_email is None
    (notice,) = outbox.to("ada@example.nhs.uk")
    assert notice["Subject"] == "Your Community email address was changed"
    assert "ada.lovelace@example.nhs.uk" in outbox.body(notice)
    assert sign_in_status(another_client, "ada@example.nhs.uk") == 422
    assert sign_in_status(another_client, "ada.lovelace@example.nhs.uk") == 302


def test_a_later_change_makes_the_earlier_link_stop_working(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    signed_in(client, ada)
    _change_email(client, "first@example.nhs.uk")
    first = outbox.last_link("first@example.nhs.uk", "/confirm/")
    _change_email(client, "second@example.nhs.uk")
    second = outbox.last_link("second@example.nhs.uk", "/confirm/")

    response = client.get(first)

    assert response.status_code == 400
    assert Page(response).h1 == "This link does not work"
    assert member_by_email(app, "ada@example.nhs.uk").pending_email == "second@example.nhs.uk"
    assert client.get(second).status_code == 302
    assert member_by_email(app, "second@example.nhs.uk").id == ada.id
    assert client.get(second).status_code == 400  # spent


def test_an_address_taken_meanwhile_is_not_applied(app, client, another_client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    signed_in(client, ada)
    _change_email(client, "shared@example.nhs.uk")
    link = outbox.last_link("shared@example.nhs.uk", "/confirm/")
    join(another_client, email="shared@example.nhs.uk")

    assert client.get(link).status_code == 400
    assert member_by_email(app, "ada@example.nhs.uk").id == ada.id
    assert member_by_email(app, "shared@example.nhs.uk").id != ada.id


def test_an_email_change_needs_the_password(app, client, outbox):
    ada = add_member(app, email="ada@example.nhs.uk")
    signed_in(client, ada)

    response = _change_email(client, "new@example.nhs.uk", password="not-my-password")

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside("password") == "Your password is not correct"
    assert page.value("email") == "new@example.nhs.uk"
    assert member_by_email(app, ada.email).pending_email is None
    assert outbox.messages == []


def test_an_old_confirmation_link_stops_working_after_the_address_changes(app, client, outbox):
    join(client)
    old_link = outbox.last_link(JOIN_FIELDS["email"], "/confirm/")
    grace = member_by_email(app, JOIN_FIELDS["email"])
    signed_in(client, grace, JOIN_FIELDS["password"])
    _change_email(client, "grace@example.nhs.uk", JOIN_FIELDS["password"])
    client.get(outbox.last_link("grace@example.nhs.uk", "/confirm/"))
    moved = member_by_email(app, "grace@example.nhs.uk")
    assert moved is not None and moved.id == grace.id and moved.is_confirmed

    response = client.get(old_link)
    assert response.status_code == 400
    assert Page(response).h1 == "This link does not work"
    after = member_by_email(app, "grace@example.nhs.uk")
    assert (after.email, after.pending_email, after.confirmed_at) == (moved.email, moved.pending_email,
                                                                      moved.confirmed_at)
    assert member_by_email(app, JOIN_FIELDS["email"]) is None   # the old address did not come back


# Work addresses only ---------------------------------------------------------------------------

NHS_ONLY = {"JOIN_ALLOWED_EMAIL_DOMAINS": ["nhs.net", "nhs.uk"]}


@pytest.mark.parametrize("app_config", [NHS_ONLY])
@pytest.mark.parametrize("email", ["ada@gmail.com", "ada@evilnhs.net", "ada@nhs.net.example.com"])
def test_other_domains_are_refused_beside_the_email_field(app, client, outbox, email):
    response = join(client, email=email)

    page = Page(response)
    assert response.status_code == 422
    assert page.error_beside("email") == ("Join with your work email address. This community "
                                          "accepts addresses ending in nhs.net, nhs.uk")
    assert page.value("email") == email
    assert member_count(app) == 0
    assert outbox.messages == []


@pytest.mark.parametrize("app_config", [NHS_ONLY])
@pytest.mark.parametrize("email", ["ada@nhs.net", "ada@rx1.nhs.uk", "ada@NHS.NET"])
def test_listed_domains_and_their_subdomains_are_admitted(app, client, email):
    assert join(client, email=email).status_code == 200
    assert member_by_email(app, email) is not None


@pytest.mark.parametrize("app_config", [NHS_ONLY])
def test_an_email_change_keeps_to_the_listed_domains(app, client, outbox):
    ada = add_member(app, email="ada@nhs.net")
    signed_in(client, ada)

    response = _change_email(client, "ada@gmail.com")

    assert response.status_code == 422
    assert Page(response).error_beside("email") == "Use an address ending in nhs.net, nhs.uk"
    assert member_by_email(app, ada.email).pending_email is None

